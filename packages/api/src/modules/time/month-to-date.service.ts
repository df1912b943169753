import { evaluatePatientMonth, forecastMonthEnd, isMonthBlocked, type PatientMonthInput } from "@carefold/ccm-rules";
import type { ScopedTx } from "@carefold/db";
import { notFound } from "../../errors.js";
import { listComplexMdm } from "../billing/complex-mdm.service.js";
import { loadRuleOptions } from "../billing/fee-schedule.service.js";
import { INITIATING_VISIT_KINDS } from "../billing/worksheet-row.js";
import { fromDate } from "../patients/patient-record.js";
import { todayIn } from "../patients/today.js";
import { toRuleEntries } from "./rule-entries.js";

/** Threshold ticks for the progress bar of each lane (minutes). */
export const LANE_TICKS = { staff: [20, 40, 60], complex: [60, 90, 120], practitioner: [30, 60, 90] } as const;

/** Initiating visits: E/M, AWV or IPPE (ccm-rules §5) in the 12 months before the service month. */
const INITIATING_KINDS = new Set<string>(INITIATING_VISIT_KINDS);

/**
 * Builds the rules engine's input for one patient-month from the database: countable entries
 * (corrections applied, rejected ones dropped), consent, initiating visit, care plan, conditions.
 */
export async function loadPatientMonthInput(tx: ScopedTx, patientId: string, serviceMonth: string) {
  const patient = await tx.patient.findFirst({
    where: { id: patientId },
    include: {
      tenant: { select: { timeZone: true, setting: true } },
      enrollments: { where: { program: "ccm" }, include: { consents: { orderBy: { obtainedOn: "desc" } } } },
      encounters: { select: { kind: true, occurredOn: true } },
      carePlan: { select: { currentVersion: true } },
      timeEntries: { where: { serviceMonth } },
    },
  });
  if (!patient) throw notFound("That patient");
  const consent = patient.enrollments[0]?.consents.find((c) => !c.revokedOn || fromDate(c.revokedOn)! >= `${serviceMonth}-01`) ?? null;
  const yearBefore = `${Number(serviceMonth.slice(0, 4)) - 1}${serviceMonth.slice(4)}-01`;
  const complexMdm = await listComplexMdm(tx, patientId, serviceMonth);
  const hasRecentVisit = patient.encounters.some((e) => INITIATING_KINDS.has(e.kind) && fromDate(e.occurredOn)! >= yearBefore && fromDate(e.occurredOn)! < `${serviceMonth}-32`);
  const input: PatientMonthInput = {
    serviceMonth,
    qualifyingChronicConditions: patient.qualifyingConditions,
    consent: consent ? { obtainedOn: fromDate(consent.obtainedOn)!, revokedOn: fromDate(consent.revokedOn) ?? undefined } : null,
    initiatingVisit: { required: !hasRecentVisit, completedOn: undefined },
    carePlan: { exists: (patient.carePlan?.currentVersion ?? 0) > 0 },
    // The close's rule: only an attestation in force by the billing practitioner opens the complex lane.
    complexMdm: complexMdm.some((a) => a.inForce),
    setting: patient.tenant.setting,
    otherServices: [],
    // Measured seconds, floored once per role at the month (decision 0020).
    entries: toRuleEntries(
      patient.timeEntries
        .filter((e) => !e.isSuperseded && e.reviewStatus !== "rejected")
        .map((e) => ({
          id: e.id,
          durationSeconds: e.durationSeconds,
          contactId: e.contactId,
          performedOn: fromDate(e.performedOn)!,
          performerRole: e.performerRole as "clinical_staff" | "billing_practitioner" | "non_clinical",
          performerInUS: e.performerInUs,
        })),
    ),
  };
  return { input, tenantId: patient.tenantId, timeZone: patient.tenant.timeZone, complexMdm };
}

/**
 * The chart's month-to-date panel: minutes counted by the rules engine (not a raw sum), the lane,
 * the next code and minutes needed, findings that block billing, and the month-end forecast.
 */
export async function getMonthToDate(tx: ScopedTx, patientId: string, now = new Date(), serviceMonth?: string) {
  const timeZone = (await tx.patient.findFirst({ where: { id: patientId }, select: { tenant: { select: { timeZone: true } } } }))?.tenant.timeZone;
  if (!timeZone) throw notFound("That patient");
  const month = serviceMonth ?? todayIn(timeZone, now).slice(0, 7);
  const { input, tenantId, complexMdm } = await loadPatientMonthInput(tx, patientId, month);
  const result = evaluatePatientMonth(input, await loadRuleOptions(tx, tenantId));
  const lane = result.lane ?? "staff";
  const counted = lane === "practitioner" ? result.countedMinutes.practitioner : result.countedMinutes.staff;
  const forecast = forecastMonthEnd({
    serviceMonth: month,
    now,
    timeZone,
    countedMinutes: counted,
    next: result.next,
    isBaseMet: result.lane !== null,
    isBlocked: isMonthBlocked(result.findings),
  });
  return { tenantId, serviceMonth: month, timeZone, result, lane, countedMinutes: counted, ticks: LANE_TICKS[lane], forecast, complexMdm };
}
