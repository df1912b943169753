import type { Finding } from "@carefold/ccm-rules";
import type { ScopedTx } from "@carefold/db";
import { invalidState, notFound } from "../../errors.js";
import { monthName } from "../time/time-entries.service.js";
import { todayIn } from "../patients/today.js";
import { loadPatientMonths } from "./month-close.loader.js";
import { loadCloseSettings } from "./patient-month.js";
import { computeWorksheetRow } from "./worksheet-row.js";

/** What clears a fix: each app links it to its own page (visit form, consent, care plan, MDM, time review). */
export type FixAction = "record_visit" | "record_consent" | "care_plan" | "share_care_plan" | "attest_mdm" | "review_time" | "add_coverage";

/** Findings of the close that someone can clear before the month ends, and the action that clears each. */
const ACTION_OF: Record<string, FixAction> = {
  initiating_visit_missing: "record_visit",
  consent_missing: "record_consent",
  consent_after_month: "record_consent",
  consent_revoked: "record_consent",
  consent_date_invalid: "record_consent",
  care_plan_missing: "care_plan",
  care_plan_not_shared: "share_care_plan",
  minutes_pending_review: "review_time",
  // Issue 24: a month without a payer on its date of service, or with Medigap/QMB as primary.
  no_coverage_in_force: "add_coverage",
  coverage_primary_not_billable: "add_coverage",
};

/** A complex month is documented by the billing practitioner; without it 60+ minutes bill non-complex codes. */
const COMPLEX_MINUTES = 60;

export interface MonthEndFix {
  code: string;
  action: FixAction;
  message: string;
}

function fixesOf(findings: readonly Finding[], staffMinutes: number, complexMdm: boolean): MonthEndFix[] {
  const fixes: MonthEndFix[] = [];
  for (const f of findings) {
    const action = ACTION_OF[f.code] ?? (f.code.startsWith("care_plan_") && f.severity === "block" ? "care_plan" : undefined);
    if (action) fixes.push({ code: f.code, action, message: f.message });
  }
  if (staffMinutes >= COMPLEX_MINUTES && !complexMdm) {
    fixes.push({
      code: "complex_mdm_not_documented",
      action: "attest_mdm",
      message: `${staffMinutes} minutes of care-management time this month. If the billing practitioner's medical decision making was moderate or high, they document it to bill complex CCM (99487); otherwise the month bills non-complex codes.`,
    });
  }
  return fixes;
}

/**
 * Issue 15 item 7: the clinic's patients whose month will block (or bill less) unless something is
 * done before it is closed, each with what clears it. The month is evaluated exactly as the close
 * evaluates it — the same loader, settings and worksheet row — and the list is read from the
 * row's findings, never from a separate check. Only an open month (not locked by a close).
 */
export async function listMonthEndFixes(tx: ScopedTx, tenantId: string, serviceMonth?: string, now = new Date()) {
  const tenant = await tx.tenant.findFirst({ where: { id: tenantId }, select: { timeZone: true, name: true } });
  if (!tenant) throw notFound("That clinic");
  const month = serviceMonth ?? todayIn(tenant.timeZone, now).slice(0, 7);
  if (await tx.serviceMonthLock.findFirst({ where: { tenantId, serviceMonth: month } })) {
    throw invalidState(`${monthName(month)} is closed for this clinic; its worksheet says what it bills.`);
  }
  const settings = await loadCloseSettings(tx, tenantId, month);
  const found: { patientId: string; status: string; staffMinutes: number; amountCents: number; fixes: MonthEndFix[] }[] = [];
  for (let cursor: string | null = null; ; ) {
    const batch = await loadPatientMonths(tx, tenantId, month, cursor, 5_000);
    for (const p of batch) {
      const row = computeWorksheetRow(p, settings);
      const fixes = fixesOf(row.findings, row.staffMinutes, p.complexMdm === true);
      if (fixes.length > 0) found.push({ patientId: p.patientId, status: row.evaluatedStatus, staffMinutes: row.staffMinutes, amountCents: row.amountCents, fixes });
    }
    if (batch.length < 5_000) break;
    cursor = batch.at(-1)!.patientId;
  }
  const names = await tx.patient.findMany({ where: { id: { in: found.map((f) => f.patientId) } }, select: { id: true, firstName: true, lastName: true } });
  const nameOf = new Map(names.map((n) => [n.id, `${n.lastName}, ${n.firstName}`]));
  // Most minutes first: the months with the most revenue at stake.
  const patients = found
    .map((f) => ({ ...f, name: nameOf.get(f.patientId) ?? "Unknown patient" }))
    .sort((a, b) => b.staffMinutes - a.staffMinutes || a.name.localeCompare(b.name) || (a.patientId < b.patientId ? -1 : 1));
  return { tenantId, clinic: tenant.name, serviceMonth: month, patients };
}
