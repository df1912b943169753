import { createHash } from "node:crypto";
import {
  calculateCoinsuranceCents,
  checkCarePlan,
  evaluatePatientMonth,
  isMonthBlocked,
  type BillingLine,
  type Finding,
  type PatientMonthInput,
  type PatientMonthResult,
  type RuleOptions,
} from "@carefold/ccm-rules";
import { readCarePlanRecord } from "./care-plan-record.js";
import { claimabilityFindings, type ClaimFacts } from "./claimability.js";
import { decideInitiatingVisit, type InitiatingVisitPolicy, type VisitFact } from "./initiating-visit.js";

/** One patient-month as the close reads it from the database (see month-close.loader.ts). */
export interface LoadedPatientMonth {
  patientId: string;
  qualifyingConditions: number;
  billingPractitionerId: string | null;
  consent: { obtainedOn: string; revokedOn: string | null } | null;
  /** When CCM started: the enrolment date (null when not recorded; the consent date stands in). */
  ccmStartsOn: string | null;
  /** Face-to-face visits by a known practitioner up to month end (initiating-visit.ts decides). */
  visits: VisitFact[];
  /** Complex MDM attested for the month by the patient's billing practitioner and not withdrawn. */
  complexMdm?: boolean;
  /** The version in force at month end. Versions are immutable (trigger), so the id stands for the body. */
  carePlan: { versionId: string; version: number; body: unknown; sharedWithPatientOn: string | null } | null;
  diagnosisCodes: string[];
  hadInteractiveContact?: boolean;
  loggedMinutes: number;
  /**
   * Counted entries with their measured seconds (what the rules count; `minutes` is only the
   * entry's whole minutes, for display), for a shared contact its concurrent group, and whether
   * it awaits supervisor review (then it does not count: issue 15 item 5).
   */
  entries: { id: string; minutes: number; seconds: number; concurrentGroup?: string; performedOn: string; performerRole: "clinical_staff" | "billing_practitioner" | "non_clinical"; performerInUs: boolean; pendingReview?: boolean }[];
  otherServices: { code: string; samePractitioner: boolean }[];
  /** The hashes of this patient-month's worksheet row from an earlier run, if it has one. */
  stored?: { inputHash: string; resultHash: string };
  /** What a claim needs beyond the rules (MBI, address, practitioner NPI); the close loads it (tag `a`). */
  claimFacts?: ClaimFacts;
}

export type EvaluatedStatus = "billable" | "blocked" | "below_threshold";

/** What the close writes for one patient-month. */
export interface ComputedRow {
  patientId: string;
  evaluatedStatus: EvaluatedStatus;
  lane: string | null;
  lines: BillingLine[];
  codes: string[];
  staffMinutes: number;
  practitionerMinutes: number;
  loggedMinutes: number;
  entryCount: number;
  amountCents: number;
  coinsuranceCents: number;
  findings: Finding[];
  dateOfService: string;
  diagnosisCodes: string[];
  billingPractitionerId: string | null;
  consentObtainedOn: string | null;
  inputHash: string;
  resultHash: string;
  /** `lines` and `findings` as JSON, serialised once for the result hash and the write. */
  linesJson: string;
  findingsJson: string;
}

export interface CloseSettings {
  serviceMonth: string;
  setting: "office" | "fqhc" | "rhc";
  dateOfService: "last_day_of_month" | "first_day_of_month";
  options: Partial<RuleOptions>;
  /** The clinic has a billing profile (billing NPI): without one no claim can be built. */
  billingProfile?: boolean;
  /** The clinic's initiating-visit settings (default: CCM discussed required, TCM counts). */
  initiatingVisit?: InitiatingVisitPolicy;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Encounter kinds that can be the initiating visit (defined in initiating-visit.ts). */
export { INITIATING_VISIT_KINDS } from "./initiating-visit.js";

export function lastDayOf(serviceMonth: string): string {
  const [y, m] = serviceMonth.split("-").map(Number) as [number, number];
  return `${serviceMonth}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0")}`;
}

/** The rules engine's input for a loaded patient-month. Entries are sorted so order never matters. */
export function toRulesInput(p: LoadedPatientMonth, s: CloseSettings): PatientMonthInput {
  return {
    serviceMonth: s.serviceMonth,
    qualifyingChronicConditions: p.qualifyingConditions,
    consent: p.consent ? { obtainedOn: p.consent.obtainedOn, revokedOn: p.consent.revokedOn ?? undefined } : null,
    initiatingVisit: decideInitiatingVisit(p.visits, p.billingPractitionerId, p.ccmStartsOn ?? p.consent?.obtainedOn ?? null, s.initiatingVisit),
    carePlan: { exists: p.carePlan !== null },
    // Only documented complex MDM opens the complex lane; without it the package's 60–89-minute rule applies.
    complexMdm: p.complexMdm === true,
    setting: s.setting,
    otherServices: [...p.otherServices].sort((a, b) => a.code.localeCompare(b.code) || Number(a.samePractitioner) - Number(b.samePractitioner)),
    ...(p.hadInteractiveContact === undefined ? {} : { hadInteractiveContact: p.hadInteractiveContact }),
    entries: [...p.entries]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      // Seconds and the shared contact reach the rules: the month floors its seconds once and
      // counts two staff on one contact once, as the chart's month-to-date does (decision 0020).
      // Time awaiting review is flagged only when it is (row hashes stay as they were otherwise).
      .map((e) => ({
        id: e.id, minutes: e.minutes, seconds: e.seconds, performedOn: e.performedOn, performerRole: e.performerRole, performerInUS: e.performerInUs,
        ...(e.concurrentGroup ? { concurrentGroup: e.concurrentGroup } : {}),
        ...(e.pendingReview ? { pendingReview: true } : {}),
      })),
  };
}

/** Care-plan content findings (the engine itself only knows whether a plan exists). */
function carePlanFindings(p: LoadedPatientMonth, asOf: string): Finding[] {
  if (!p.carePlan) return [];
  const record = readCarePlanRecord(p.carePlan.body, p.carePlan.sharedWithPatientOn);
  return record ? checkCarePlan(record, asOf) : [];
}

/**
 * Evaluates one patient-month with @carefold/ccm-rules and shapes the worksheet row. A month is
 * `blocked` when any month-scoped block finding applies (including care-plan content); then it
 * bills nothing. Deterministic: the same input always gives the same row and hashes.
 */
export function computeWorksheetRow(p: LoadedPatientMonth, s: CloseSettings): ComputedRow {
  return evaluateWorksheetRow(p, s).row;
}

/**
 * The worksheet row and the engine's own result it came from (the chart's month-to-date also
 * shows the engine's `next` threshold, which the row does not store). The one evaluation of a
 * patient-month: the close, the chart and the property test that holds them equal call this.
 */
export function evaluateWorksheetRow(p: LoadedPatientMonth, s: CloseSettings): { row: ComputedRow; result: PatientMonthResult } {
  const input = toRulesInput(p, s);
  const monthEnd = lastDayOf(s.serviceMonth);
  const result = evaluatePatientMonth(input, s.options);
  // Principal first: the loader orders the problem list by the billing practitioner's claim rank.
  const diagnosisCodes = p.diagnosisCodes.slice(0, 12);
  const findings = [...result.findings, ...carePlanFindings(p, monthEnd)];
  // A month the rules would bill is blocked when its claim could not be built (claimability.ts).
  if (result.lines.length > 0) findings.push(...claimabilityFindings(p.claimFacts, diagnosisCodes.length, s.billingProfile));
  const isBlocked = isMonthBlocked(findings);
  const lines = isBlocked ? [] : result.lines;
  const amountCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
  const evaluatedStatus: EvaluatedStatus = isBlocked ? "blocked" : lines.length > 0 ? "billable" : "below_threshold";
  // The plan enters the hash by version id (its body can never change: care_plan_version_is_immutable).
  const plan = p.carePlan ? [p.carePlan.versionId, p.carePlan.version, p.carePlan.sharedWithPatientOn] : null;
  const inputHash = sha256(JSON.stringify([input, plan, diagnosisCodes, p.billingPractitionerId, s.dateOfService, s.options, p.claimFacts ?? null, s.billingProfile ?? null]));
  const row = {
    patientId: p.patientId,
    evaluatedStatus,
    lane: isBlocked ? null : result.lane,
    lines,
    codes: lines.map((l) => l.code),
    staffMinutes: result.countedMinutes.staff,
    practitionerMinutes: result.countedMinutes.practitioner,
    loggedMinutes: p.loggedMinutes,
    entryCount: p.entries.length,
    amountCents,
    coinsuranceCents: calculateCoinsuranceCents(amountCents),
    findings,
    dateOfService: s.dateOfService === "first_day_of_month" ? `${s.serviceMonth}-01` : monthEnd,
    diagnosisCodes,
    billingPractitionerId: p.billingPractitionerId,
    consentObtainedOn: p.consent?.obtainedOn ?? null,
    inputHash,
  };
  const linesJson = JSON.stringify(lines);
  const findingsJson = JSON.stringify(findings);
  // What the row says, without the input hash; lines and findings by their JSON (serialised once).
  const said = JSON.stringify({ ...row, lines: undefined, findings: undefined, inputHash: undefined });
  return { row: { ...row, resultHash: sha256(`${said}\n${linesJson}\n${findingsJson}`), linesJson, findingsJson }, result };
}
