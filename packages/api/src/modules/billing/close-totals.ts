import type { ScopedTx } from "@carefold/db";

/** What a finished close (closed or approved) says about its month, from its worksheet rows. */
export interface CloseTotals {
  month: string;
  closeStatus: "closed" | "approved";
  /** Patient-months the close evaluated: CCM enrolment active at some point in the month. */
  evaluated: number;
  /** Of those, patients whose CCM enrolment had not ended by the month's last day. */
  enrolledAtEnd: number;
  billable: number;
  blocked: number;
  belowThreshold: number;
  excluded: number;
  /** The billable rows' amount (what the clinic expects Medicare to pay), in cents. */
  amountCents: number;
  byCode: { code: string; units: number; patients: number; amountCents: number }[];
}

/**
 * The money and counts of every finished close of a clinic in a month range, read from the
 * close's worksheet rows and nothing else: the clinic's reports (revenue, billable rate, enrolled
 * at month end) and the vendor P&L (expected reimbursement) use this, the worksheet page and the
 * invoice lines read the same rows (`month_close` totals are kept from them by refreshTotals), so
 * every screen shows the same cents (issue 15 item 8). A month with no finished close has no entry.
 */
export async function closeTotals(tx: ScopedTx, tenantId: string, from: string, to: string): Promise<CloseTotals[]> {
  // Enrolled at month end: the row's enrolment is still on, or ended (ends_on, the last day
  // enrolled) after the month's last day. The enrolment events cannot say this for patients
  // enrolled by an import or a seed, whose events are dated when they were recorded.
  const counts = await tx.$queryRaw<
    { month: string; status: "closed" | "approved"; evaluated: number; enrolled_at_end: number; billable: number; blocked: number; below: number; excluded: number; amount: bigint }[]
  >`
    SELECT w.service_month AS month, c.status::text AS status, count(*)::int AS evaluated,
           count(*) FILTER (WHERE pe.status IS DISTINCT FROM 'disenrolled' OR pe.ends_on IS NULL
                              OR pe.ends_on > (to_date(w.service_month, 'YYYY-MM') + interval '1 month' - interval '1 day')::date)::int AS enrolled_at_end,
           count(*) FILTER (WHERE w.status = 'billable')::int AS billable,
           count(*) FILTER (WHERE w.status = 'blocked')::int AS blocked,
           count(*) FILTER (WHERE w.status = 'below_threshold')::int AS below,
           count(*) FILTER (WHERE w.status = 'excluded')::int AS excluded,
           coalesce(sum(w.amount_cents) FILTER (WHERE w.status = 'billable'), 0)::bigint AS amount
      FROM worksheet_row w
      JOIN month_close c ON c.tenant_id = w.tenant_id AND c.service_month = w.service_month AND c.status IN ('closed', 'approved')
      LEFT JOIN program_enrollment pe ON pe.tenant_id = w.tenant_id AND pe.patient_id = w.patient_id AND pe.program = 'ccm'
     WHERE w.tenant_id = ${tenantId}::uuid AND w.service_month BETWEEN ${from} AND ${to}
     GROUP BY w.service_month, c.status`;
  const lines = await tx.$queryRaw<{ month: string; code: string; units: number; patients: number; amount_cents: bigint }[]>`
    SELECT w.service_month AS month, l.code, sum(l.units)::int AS units, count(DISTINCT w.patient_id)::int AS patients, sum(l."amountCents")::bigint AS amount_cents
      FROM worksheet_row w
      JOIN month_close c ON c.tenant_id = w.tenant_id AND c.service_month = w.service_month AND c.status IN ('closed', 'approved')
     CROSS JOIN LATERAL jsonb_to_recordset(w.lines) AS l(code text, units int, "amountCents" bigint)
     WHERE w.tenant_id = ${tenantId}::uuid AND w.service_month BETWEEN ${from} AND ${to} AND w.status = 'billable'
     GROUP BY w.service_month, l.code
     ORDER BY w.service_month, l.code`;
  // A finished close with no rows at all (nobody enrolled) is a month of zeros, not a missing one.
  const empty = await tx.$queryRaw<{ month: string; status: "closed" | "approved" }[]>`
    SELECT c.service_month AS month, c.status::text AS status FROM month_close c
     WHERE c.tenant_id = ${tenantId}::uuid AND c.service_month BETWEEN ${from} AND ${to} AND c.status IN ('closed', 'approved')
       AND NOT EXISTS (SELECT 1 FROM worksheet_row w WHERE w.tenant_id = c.tenant_id AND w.service_month = c.service_month)`;
  const totals: CloseTotals[] = counts.map((r) => ({
    month: r.month,
    closeStatus: r.status,
    evaluated: r.evaluated,
    enrolledAtEnd: r.enrolled_at_end,
    billable: r.billable,
    blocked: r.blocked,
    belowThreshold: r.below,
    excluded: r.excluded,
    amountCents: Number(r.amount),
    byCode: lines.filter((l) => l.month === r.month).map((l) => ({ code: l.code, units: l.units, patients: l.patients, amountCents: Number(l.amount_cents) })),
  }));
  for (const e of empty) totals.push({ month: e.month, closeStatus: e.status, evaluated: 0, enrolledAtEnd: 0, billable: 0, blocked: 0, belowThreshold: 0, excluded: 0, amountCents: 0, byCode: [] });
  return totals.sort((a, b) => a.month.localeCompare(b.month));
}
