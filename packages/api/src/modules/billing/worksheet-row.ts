import { createHash } from "node:crypto";
import {
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
import { coverageFindings, coverageOn, type CoverageFact } from "./coverage-in-force.js";
import { payerRateAssumedFinding, patientShareAssumedFinding, resolveLineRate, rowRateBasis, splitPatientShare, type ClosePayer, type RateBasis } from "./payer-rates.js";
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
  /**
   * The patient's coverages overlapping the month (tag `g`); the evaluation picks those in force on
   * the date of service. The loader always sets it; undefined (a hand-built month) prices with
   * Medicare and checks no coverage.
   */
  coverages?: CoverageFact[];
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
  /** The primary coverage in force on the date of service and its payer (null: none). */
  primaryCoverageId: string | null;
  payerId: string | null;
  /** How the lines were priced (null when nothing is billed). */
  rateBasis: RateBasis | null;
  secondaryCoverageId: string | null;
  /** Of `coinsuranceCents` (the cost sharing): what the patient owes and what the secondary pays. */
  patientShareCents: number;
  secondaryShareCents: number;
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
  /** The clinic's payer directory with the options that price each payer's months (payer-rates.ts loadPayers). */
  payers?: ReadonlyMap<string, ClosePayer>;
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
  const dateOfService = s.dateOfService === "first_day_of_month" ? `${s.serviceMonth}-01` : monthEnd;
  // The payer in force on the date of service prices the month (decision 0050): its options carry
  // its contracted amounts over Medicare's, so the engine's lines and lane comparison use them.
  const inForce = p.coverages === undefined ? null : coverageOn(p.coverages, dateOfService);
  const payer = inForce?.primary ? s.payers?.get(inForce.primary.payerId) : undefined;
  if (inForce?.primary && !payer) throw new Error(`Coverage ${inForce.primary.id} names a payer the close did not load.`);
  const result = evaluatePatientMonth(input, payer?.options ?? s.options);
  // Principal first: the loader orders the problem list by the billing practitioner's claim rank.
  const diagnosisCodes = p.diagnosisCodes.slice(0, 12);
  const findings = [...result.findings, ...carePlanFindings(p, monthEnd)];
  // A month the rules would bill is blocked when its claim could not be built (claimability.ts) or
  // has no payer (coverage-in-force.ts). With coverage loaded, the member id comes from the
  // coverage (the MBI for traditional Medicare, by the schema's check), not the patient's MBI.
  if (result.lines.length > 0) {
    const facts = p.claimFacts && inForce ? { ...p.claimFacts, mbi: true } : p.claimFacts;
    findings.push(...claimabilityFindings(facts, diagnosisCodes.length, s.billingProfile));
    if (inForce) findings.push(...coverageFindings(inForce, dateOfService));
  }
  const isBlocked = isMonthBlocked(findings);
  const lines = isBlocked ? [] : result.lines;
  const amountCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
  const planType = inForce?.primary?.planType ?? "medicare";
  const bases = lines.map((l) => resolveLineRate({ planType, contracted: payer?.contracted ?? {} }, l.code, l.units, dateOfService, s.options).basis);
  const rateBasis = rowRateBasis(bases);
  const share = splitPatientShare(amountCents, inForce ? (inForce.primary?.planType ?? null) : "medicare", inForce?.secondary?.planType ?? null);
  if (payer && rateBasis === "assumed_medicare") {
    findings.push(payerRateAssumedFinding(payer.name, lines.filter((_, i) => bases[i] === "assumed_medicare").map((l) => l.code), Number(dateOfService.slice(0, 4))));
  }
  if (payer && share.isAssumed && amountCents > 0) findings.push(patientShareAssumedFinding(payer.name, share.coinsuranceCents));
  const evaluatedStatus: EvaluatedStatus = isBlocked ? "blocked" : lines.length > 0 ? "billable" : "below_threshold";
  // The plan enters the hash by version id (its body can never change: care_plan_version_is_immutable).
  const plan = p.carePlan ? [p.carePlan.versionId, p.carePlan.version, p.carePlan.sharedWithPatientOn] : null;
  // Coverage and the payer's prices are inputs: a new coverage or contracted rate re-writes the row.
  const coverage = inForce ? [inForce.primary, inForce.secondary, payer ? [payer.name, payer.planType, payer.contracted] : null] : null;
  const inputHash = sha256(JSON.stringify([input, plan, diagnosisCodes, p.billingPractitionerId, s.dateOfService, s.options, p.claimFacts ?? null, s.billingProfile ?? null, coverage]));
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
    coinsuranceCents: share.coinsuranceCents,
    findings,
    dateOfService,
    diagnosisCodes,
    billingPractitionerId: p.billingPractitionerId,
    consentObtainedOn: p.consent?.obtainedOn ?? null,
    primaryCoverageId: inForce?.primary?.id ?? null,
    payerId: inForce?.primary?.payerId ?? null,
    rateBasis,
    secondaryCoverageId: inForce?.secondary?.id ?? null,
    patientShareCents: share.patientShareCents,
    secondaryShareCents: share.secondaryShareCents,
    inputHash,
  };
  const linesJson = JSON.stringify(lines);
  const findingsJson = JSON.stringify(findings);
  // What the row says, without the input hash; lines and findings by their JSON (serialised once).
  const said = JSON.stringify({ ...row, lines: undefined, findings: undefined, inputHash: undefined });
  return { row: { ...row, resultHash: sha256(`${said}\n${linesJson}\n${findingsJson}`), linesJson, findingsJson }, result };
}
