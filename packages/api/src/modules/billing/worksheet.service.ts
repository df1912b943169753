import type { ScopedTx } from "@carefold/db";
import type { BillingLine, Finding } from "@carefold/ccm-rules";
import { invalidInput, invalidState, notFound } from "../../errors.js";
import { maskMbi } from "../patients/patient-record.js";
import { formatDuration } from "@carefold/ccm-rules";
import { listMonthEntries } from "../time/time-entries.service.js";
import { refreshTotals } from "./month-close.service.js";

export const WORKSHEET_FILTERS = ["all", "billable", "blocked", "warnings", "below_threshold", "excluded"] as const;
export type WorksheetFilter = (typeof WORKSHEET_FILTERS)[number];

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** The clinic's closes, newest first (for the month picker). */
export async function listClinicCloses(tx: ScopedTx, tenantId: string) {
  const closes = await tx.monthClose.findMany({ where: { tenantId }, orderBy: { serviceMonth: "desc" }, select: { serviceMonth: true, status: true } });
  return closes.map((c) => ({ serviceMonth: c.serviceMonth.trim(), status: c.status }));
}

/**
 * One clinic-month's worksheet: the close (status, counts, approval), totals by code over the
 * billable rows, and the rows matching `filter` with the patient's name and plain-language findings.
 */
export async function getWorksheet(tx: ScopedTx, tenantId: string, serviceMonth: string | undefined, filter: WorksheetFilter) {
  const month = serviceMonth ?? (await listClinicCloses(tx, tenantId))[0]?.serviceMonth;
  if (!month) return null;
  const close = await tx.monthClose.findUnique({ where: { tenantId_serviceMonth: { tenantId, serviceMonth: month } } });
  if (!close) throw notFound("That billing month");
  const approver = close.approvedBy ? await tx.appUser.findUnique({ where: { id: close.approvedBy }, select: { name: true } }) : null;
  const rows = await tx.$queryRaw<
    { patient_id: string; first_name: string; last_name: string; date_of_birth: Date; mbi: string | null; status: string; lane: string | null; lines: BillingLine[];
      staff_minutes: number; practitioner_minutes: number; logged_minutes: number; amount_cents: number; coinsurance_cents: number; findings: Finding[];
      excluded_reason: string | null; payer_id: string | null; payer_name: string | null; payer_plan_type: string | null; rate_basis: string | null;
      patient_share_cents: number; secondary_share_cents: number; secondary_payer_name: string | null }[]
  >`
    SELECT w.patient_id::text, p.first_name, p.last_name, p.date_of_birth, p.mbi, w.status, w.lane, w.lines, w.staff_minutes, w.practitioner_minutes,
           w.logged_minutes, w.amount_cents, w.coinsurance_cents, w.findings, w.excluded_reason, w.payer_id::text, py.name AS payer_name,
           py.plan_type AS payer_plan_type, w.rate_basis, w.patient_share_cents, w.secondary_share_cents, spy.name AS secondary_payer_name
      FROM worksheet_row w JOIN patient p ON p.tenant_id = w.tenant_id AND p.id = w.patient_id
      LEFT JOIN payer py ON py.tenant_id = w.tenant_id AND py.id = w.payer_id
      LEFT JOIN patient_coverage sc ON sc.tenant_id = w.tenant_id AND sc.id = w.secondary_coverage_id
      LEFT JOIN payer spy ON spy.tenant_id = sc.tenant_id AND spy.id = sc.payer_id
     WHERE w.tenant_id = ${tenantId}::uuid AND w.service_month = ${month}
     ORDER BY p.last_name, p.first_name, w.patient_id`;
  const totalsByCode = new Map<string, { code: string; units: number; amountCents: number }>();
  for (const r of rows.filter((x) => x.status === "billable")) {
    for (const l of r.lines) {
      const t = totalsByCode.get(l.code) ?? { code: l.code, units: 0, amountCents: 0 };
      t.units += l.units;
      t.amountCents += l.amountCents;
      totalsByCode.set(l.code, t);
    }
  }
  const pendingReview = await summarisePendingReview(tx, tenantId, month);
  const billable = rows.filter((r) => r.status === "billable");
  const hasWarning = (r: (typeof rows)[number]) => r.findings.some((f) => f.severity === "warn");
  const matches = (r: (typeof rows)[number]) => filter === "all" || (filter === "warnings" ? hasWarning(r) : r.status === filter);
  return {
    serviceMonth: month,
    close: {
      status: close.status,
      counts: { billable: close.billableCount, blocked: close.blockedCount, belowThreshold: close.belowCount, excluded: close.excludedCount, warnings: rows.filter(hasWarning).length, all: rows.length },
      amountCents: Number(close.amountCents),
      coinsuranceCents: billable.reduce((s, r) => s + r.coinsurance_cents, 0),
      patientShareCents: billable.reduce((s, r) => s + r.patient_share_cents, 0),
      secondaryShareCents: billable.reduce((s, r) => s + r.secondary_share_cents, 0),
      closedAt: close.closedAt?.toISOString() ?? null,
      approvedAt: close.approvedAt?.toISOString() ?? null,
      approvedBy: approver?.name ?? null,
      runId: close.runId,
      inputChecksum: close.inputChecksum,
      progress: { done: close.patientsDone, total: close.patientsTotal },
    },
    /** Time awaiting supervisor review in this month's rows, and the clinic's exclusion of it. */
    pendingReview: {
      ...pendingReview,
      exclusion: close.reviewExclusionReason
        ? { reason: close.reviewExclusionReason, at: close.reviewExcludedAt!.toISOString(), entryIds: close.reviewExcludedEntryIds }
        : null,
    },
    totalsByCode: [...totalsByCode.values()].sort((a, b) => a.code.localeCompare(b.code)),
    totalsByPayer: totalsByPayer(billable),
    rows: rows.filter(matches).map((r) => ({
      patientId: r.patient_id,
      name: `${r.last_name}, ${r.first_name}`,
      dateOfBirth: iso(r.date_of_birth)!,
      // Masked like every list (issue 17 item 6); the full MBI is the chart's audited reveal.
      mbiMasked: maskMbi(r.mbi),
      status: r.status as "billable" | "blocked" | "below_threshold" | "excluded",
      lane: r.lane,
      lines: r.lines,
      staffMinutes: r.staff_minutes,
      practitionerMinutes: r.practitioner_minutes,
      loggedMinutes: r.logged_minutes,
      amountCents: r.amount_cents,
      coinsuranceCents: r.coinsurance_cents,
      payerName: r.payer_name,
      rateBasis: r.rate_basis as "contracted" | "medicare" | "assumed_medicare" | null,
      patientShareCents: r.patient_share_cents,
      secondaryShareCents: r.secondary_share_cents,
      secondaryPayerName: r.secondary_payer_name,
      findings: r.findings,
      excludedReason: r.excluded_reason,
    })),
  };
}

/**
 * Per-payer totals of the billable rows (issue 24): claims, allowed amount, cost sharing, the
 * patient's share and what the payer is expected to pay (allowed minus the cost sharing; the
 * secondary's share is its own line). By payer name.
 */
function totalsByPayer(billable: readonly { payer_id: string | null; payer_name: string | null; payer_plan_type: string | null; amount_cents: number; coinsurance_cents: number; patient_share_cents: number; secondary_share_cents: number }[]) {
  const totals = new Map<string, { payerId: string | null; payerName: string; planType: string | null; claims: number; amountCents: number; coinsuranceCents: number; patientShareCents: number; secondaryShareCents: number; expectedFromPayerCents: number }>();
  for (const r of billable) {
    const key = r.payer_id ?? "";
    const t = totals.get(key) ?? { payerId: r.payer_id, payerName: r.payer_name ?? "No payer", planType: r.payer_plan_type, claims: 0, amountCents: 0, coinsuranceCents: 0, patientShareCents: 0, secondaryShareCents: 0, expectedFromPayerCents: 0 };
    t.claims += 1;
    t.amountCents += r.amount_cents;
    t.coinsuranceCents += r.coinsurance_cents;
    t.patientShareCents += r.patient_share_cents;
    t.secondaryShareCents += r.secondary_share_cents;
    t.expectedFromPayerCents += r.amount_cents - r.coinsurance_cents;
    totals.set(key, t);
  }
  return [...totals.values()].sort((a, b) => a.payerName.localeCompare(b.payerName));
}

/** One row expanded: its findings, the minutes and every entry of the patient-month. */
export async function getWorksheetRow(tx: ScopedTx, tenantId: string, serviceMonth: string, patientId: string) {
  const row = await tx.worksheetRow.findUnique({ where: { tenantId_serviceMonth_patientId: { tenantId, serviceMonth, patientId } } });
  if (!row) throw notFound("That worksheet row");
  const entries = await listMonthEntries(tx, patientId, serviceMonth);
  const people = new Map((await tx.appUser.findMany({ where: { id: { in: [...new Set(entries.map((e) => e.performerUserId))] } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  return {
    patientId,
    serviceMonth,
    status: row.status!,
    lane: row.lane,
    lines: row.lines as unknown as BillingLine[],
    findings: row.findings as unknown as Finding[],
    staffMinutes: row.staffMinutes,
    practitionerMinutes: row.practitionerMinutes,
    loggedMinutes: row.loggedMinutes,
    dateOfService: iso(row.dateOfService)!,
    diagnosisCodes: row.diagnosisCodes,
    consentObtainedOn: iso(row.consentObtainedOn),
    rateBasis: row.rateBasis,
    patientShareCents: row.patientShareCents,
    secondaryShareCents: row.secondaryShareCents,
    excludedReason: row.excludedReason,
    entries: entries.map((e) => ({ ...e, performer: people.get(e.performerUserId) ?? null, counts: !e.isSuperseded && e.reviewStatus !== "rejected" && e.durationSeconds > 0 && e.performerRole !== "non_clinical" && e.performerInUs })),
  };
}

async function closedClose(tx: ScopedTx, tenantId: string, serviceMonth: string, action: string) {
  const close = await tx.monthClose.findUnique({ where: { tenantId_serviceMonth: { tenantId, serviceMonth } } });
  if (!close) throw notFound("That billing month");
  if (close.status === "approved") throw invalidState(`This month is already approved, so you cannot ${action}. Ask your vendor to reopen it.`);
  if (close.status !== "closed") throw invalidState(`This month is not closed yet, so you cannot ${action}.`);
  return close;
}

/** Excludes (reason given) or re-includes a row of a closed, not yet approved month. */
export async function setRowExclusion(tx: ScopedTx, tenantId: string, input: { serviceMonth: string; patientId: string; reason: string | null }, userId: string) {
  await closedClose(tx, tenantId, input.serviceMonth, input.reason ? "exclude rows" : "include rows");
  const key = { tenantId_serviceMonth_patientId: { tenantId, serviceMonth: input.serviceMonth, patientId: input.patientId } };
  if (!(await tx.worksheetRow.findUnique({ where: key, select: { patientId: true } }))) throw notFound("That worksheet row");
  await tx.worksheetRow.update({
    where: key,
    data: input.reason ? { excludedReason: input.reason, excludedBy: userId, excludedAt: new Date() } : { excludedReason: null, excludedBy: null, excludedAt: null },
  });
  await refreshTotals(tx, { tenantId, serviceMonth: input.serviceMonth });
}

/**
 * The time awaiting supervisor review that the close set aside: the entries of patients whose row
 * carries `minutes_pending_review` (the close's own finding, so this counts what it counted),
 * not excluded rows. The month is locked while closed, so these cannot change under the clinic.
 */
async function pendingReviewEntries(tx: ScopedTx, tenantId: string, serviceMonth: string) {
  return tx.$queryRaw<{ id: string; patient_id: string; duration_seconds: number }[]>`
    SELECT te.id::text, te.patient_id::text, te.duration_seconds
      FROM time_entry te
      JOIN worksheet_row w ON w.tenant_id = te.tenant_id AND w.service_month = te.service_month AND w.patient_id = te.patient_id
     WHERE te.tenant_id = ${tenantId}::uuid AND te.service_month = ${serviceMonth} AND te.review_status = 'pending' AND NOT te.is_superseded
       AND te.duration_seconds > 0 AND w.status IS DISTINCT FROM 'excluded' AND w.findings @> '[{"code": "minutes_pending_review"}]'::jsonb
     ORDER BY te.id`;
}

async function summarisePendingReview(tx: ScopedTx, tenantId: string, serviceMonth: string) {
  const entries = await pendingReviewEntries(tx, tenantId, serviceMonth);
  return { patients: new Set(entries.map((e) => e.patient_id)).size, entries: entries.length, seconds: entries.reduce((s, e) => s + e.duration_seconds, 0) };
}

/**
 * A clinic admin excludes the month's time awaiting review from this month's billing (it was
 * never counted; this records the decision so the month can be approved). The reason and the
 * entries it covers are kept on the close until the month is reopened.
 */
export async function excludePendingReview(tx: ScopedTx, tenantId: string, input: { serviceMonth: string; reason: string }, userId: string) {
  const reason = input.reason.trim();
  if (reason.length < 5) throw invalidInput("Say why the time awaiting review is not billed this month (at least 5 characters).");
  await closedClose(tx, tenantId, input.serviceMonth, "exclude time awaiting review");
  const entries = await pendingReviewEntries(tx, tenantId, input.serviceMonth);
  if (entries.length === 0) throw invalidState("No time awaits review in this month.");
  await tx.monthClose.update({
    where: { tenantId_serviceMonth: { tenantId, serviceMonth: input.serviceMonth } },
    data: { reviewExclusionReason: reason, reviewExcludedBy: userId, reviewExcludedAt: new Date(), reviewExcludedEntryIds: entries.map((e) => e.id) },
  });
  return { entries: entries.length, seconds: entries.reduce((s, e) => s + e.duration_seconds, 0) };
}

/**
 * The clinic approves the month: its billable rows may now be exported and invoiced. Refused while
 * time awaits supervisor review, unless a clinic admin excluded exactly that time (issue 15 item 5).
 */
export async function approveMonth(tx: ScopedTx, tenantId: string, serviceMonth: string, userId: string) {
  const close = await closedClose(tx, tenantId, serviceMonth, "approve it again");
  const pending = await pendingReviewEntries(tx, tenantId, serviceMonth);
  const excluded = new Set(close.reviewExclusionReason ? close.reviewExcludedEntryIds : []);
  const waiting = pending.filter((e) => !excluded.has(e.id));
  if (waiting.length > 0) {
    const seconds = waiting.reduce((s, e) => s + e.duration_seconds, 0);
    const patients = new Set(waiting.map((e) => e.patient_id)).size;
    throw invalidState(
      `${formatDuration(seconds)} for ${patients === 1 ? "1 patient" : `${patients} patients`} await supervisor review. Ask your vendor to reopen the month so they can be reviewed, or exclude them from this month with a reason before approving.`,
    );
  }
  await tx.monthClose.update({ where: { tenantId_serviceMonth: { tenantId, serviceMonth } }, data: { status: "approved", approvedBy: userId, approvedAt: new Date() } });
  return { billable: close.billableCount, amountCents: Number(close.amountCents) };
}
