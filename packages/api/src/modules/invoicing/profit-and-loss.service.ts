import type { ScopedTx } from "@carefold/db";
import { closeTotals } from "../billing/close-totals.js";

export interface ProfitAndLossMonth {
  serviceMonth: string;
  /** What the clinic expects Medicare to pay for the month: the billable amount of its finished close. */
  expectedReimbursementCents: number;
  /** Invoices minus credit notes issued for the month (sent or paid). */
  feesInvoicedCents: number;
  feesPaidCents: number;
  coordinatorMinutes: number;
  coordinatorCostCents: number;
  marginCents: number;
}

/**
 * The vendor's P&L for one clinic by service month: fees invoiced and paid (credit notes
 * subtract), the clinic's expected reimbursement — the billable amount of the month's finished
 * close, from its worksheet rows through the same function as the clinic's reports
 * (billing/close-totals.ts), so a month the portal shows as $532.41 is $532.41 here, invoiced or
 * not — and coordinator minutes from the patient-month rollups, costed at `hourlyCostCents`.
 * Margin = fees invoiced − coordinator cost. Rounded to whole cents once per month.
 */
export async function profitAndLoss(tx: ScopedTx, tenantId: string, hourlyCostCents: number): Promise<ProfitAndLossMonth[]> {
  const rows = await tx.$queryRaw<{ service_month: string; invoiced: bigint; paid: bigint; minutes: bigint }[]>`
    WITH fees AS (
      SELECT service_month,
             sum(total_cents) FILTER (WHERE status IN ('sending', 'open', 'paid')) AS invoiced,
             sum(total_cents) FILTER (WHERE kind = 'invoice' AND status = 'paid') AS paid
        FROM invoice WHERE tenant_id = ${tenantId}::uuid GROUP BY service_month
    ), minutes AS (
      SELECT service_month, sum(staff_minutes + practitioner_minutes) AS minutes
        FROM patient_month WHERE tenant_id = ${tenantId}::uuid GROUP BY service_month
    ), closes AS (
      SELECT service_month FROM month_close WHERE tenant_id = ${tenantId}::uuid AND status IN ('closed', 'approved')
    ), months AS (SELECT service_month FROM fees UNION SELECT service_month FROM minutes UNION SELECT service_month FROM closes)
    SELECT m.service_month, coalesce(f.invoiced, 0) AS invoiced, coalesce(f.paid, 0) AS paid, coalesce(mi.minutes, 0) AS minutes
      FROM months m LEFT JOIN fees f USING (service_month) LEFT JOIN minutes mi USING (service_month)
     ORDER BY m.service_month`;
  const first = rows[0]?.service_month;
  const expected = first ? new Map((await closeTotals(tx, tenantId, first, rows.at(-1)!.service_month)).map((t) => [t.month, t.amountCents])) : new Map<string, number>();
  return rows.map((r) => {
    const minutes = Number(r.minutes);
    const cost = Math.round((minutes * hourlyCostCents) / 60);
    const invoiced = Number(r.invoiced);
    return { serviceMonth: r.service_month, expectedReimbursementCents: expected.get(r.service_month) ?? 0, feesInvoicedCents: invoiced, feesPaidCents: Number(r.paid), coordinatorMinutes: minutes, coordinatorCostCents: cost, marginCents: invoiced - cost };
  });
}
