import { forecastMonthEnd, type Finding, type PatientMonthResult } from "@carefold/ccm-rules";
import type { ScopedTx } from "@carefold/db";
import { notFound } from "../../errors.js";
import { listComplexMdm } from "../billing/complex-mdm.service.js";
import { evaluatePatientMonthLive } from "../billing/patient-month.js";
import type { EvaluatedStatus } from "../billing/worksheet-row.js";
import { todayIn } from "../patients/today.js";

/** Threshold ticks for the progress bar of each lane (minutes). */
export const LANE_TICKS = { staff: [20, 40, 60], complex: [60, 90, 120], practitioner: [30, 60, 90] } as const;

/** The month of a patient the close does not evaluate (no CCM enrolment active in it): nothing counts. */
function notEvaluated(serviceMonth: string): PatientMonthResult {
  const finding: Finding = {
    code: "not_enrolled",
    severity: "block",
    message: `Not enrolled in CCM in ${serviceMonth}: the month close does not evaluate this patient, so no minutes count.`,
  };
  return { lane: null, lines: [], countedMinutes: { staff: 0, practitioner: 0 }, countedSeconds: { staff: 0, practitioner: 0 }, findings: [finding], next: null };
}

/**
 * The chart's month-to-date panel: what the month close would write for this patient now — the
 * same loader and evaluation (billing/patient-month.ts), so codes, minutes, amount and findings
 * are the close's — plus the engine's next code and the month-end forecast.
 *
 * `result` keeps the engine's result shape for the workspace, with the row's lines, lane and
 * findings (a month the row blocks, e.g. for the care plan's content, bills nothing and has no
 * next code). `status` and `amountCents` are the row's.
 */
export async function getMonthToDate(tx: ScopedTx, patientId: string, now = new Date(), serviceMonth?: string) {
  const patient = await tx.patient.findFirst({ where: { id: patientId }, select: { tenantId: true, tenant: { select: { timeZone: true } } } });
  if (!patient) throw notFound("That patient");
  const { tenantId } = patient;
  const timeZone = patient.tenant.timeZone;
  const month = serviceMonth ?? todayIn(timeZone, now).slice(0, 7);
  const live = await evaluatePatientMonthLive(tx, tenantId, month, patientId);
  const complexMdm = await listComplexMdm(tx, patientId, month);
  const row = live.row;
  const status: EvaluatedStatus | "not_enrolled" = row?.evaluatedStatus ?? "not_enrolled";
  const isBlocked = status === "blocked" || status === "not_enrolled";
  const result: PatientMonthResult = row
    ? { ...live.result!, lane: row.lane as PatientMonthResult["lane"], lines: row.lines, findings: row.findings, next: isBlocked ? null : live.result!.next }
    : notEvaluated(month);
  const lane = result.lane ?? "staff";
  const counted = lane === "practitioner" ? result.countedMinutes.practitioner : result.countedMinutes.staff;
  const forecast = forecastMonthEnd({
    serviceMonth: month,
    now,
    timeZone,
    countedMinutes: counted,
    next: result.next,
    isBaseMet: result.lane !== null,
    isBlocked,
  });
  return {
    tenantId,
    serviceMonth: month,
    timeZone,
    status,
    amountCents: row?.amountCents ?? 0,
    result,
    lane,
    countedMinutes: counted,
    ticks: LANE_TICKS[lane],
    forecast,
    complexMdm,
  };
}
