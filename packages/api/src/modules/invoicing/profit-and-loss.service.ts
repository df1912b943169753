import type { ScopedTx } from "@carefold/db";

export interface ProfitAndLossMonth {
  serviceMonth: string;
  /** What the clinic expects Medicare to pay for the invoiced patient-months. */
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
 * subtract), the clinic's expected reimbursement from the billed codes copied onto the invoice
 * lines, coordinator minutes from the patient-month rollups, costed at `hourlyCostCents`.
 * Margin = fees invoiced − coordinator cost. Rounded to whole cents once per month.
 */
export async function profitAndLoss(tx: ScopedTx, tenantId: string, hourlyCostCents: number): Promise<ProfitAndLossMonth[]> {
  const rows = await tx.$queryRaw<{ service_month: string; expected: bigint; invoiced: bigint; paid: bigint; minutes: bigint }[]>`
    WITH fees AS (
      SELECT service_month,
             sum(total_cents) FILTER (WHERE status IN ('sending', 'open', 'paid')) AS invoiced,
             sum(total_cents) FILTER (WHERE kind = 'invoice' AND status = 'paid') AS paid
        FROM invoice WHERE tenant_id = ${tenantId}::uuid GROUP BY service_month
    ), billed AS (
      SELECT DISTINCT ON (i.id, l.patient_id) i.service_month, l.billed_codes
        FROM invoice i JOIN invoice_line l ON l.tenant_id = i.tenant_id AND l.invoice_id = i.id
       WHERE i.tenant_id = ${tenantId}::uuid AND i.kind = 'invoice' AND i.status IN ('sending', 'open', 'paid')
         AND l.patient_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM invoice c WHERE c.tenant_id = i.tenant_id AND c.credits_invoice_id = i.id)
    ), expected AS (
      SELECT service_month, sum((c->>'expectedReimbursementCents')::bigint) AS expected
        FROM billed, jsonb_array_elements(billed.billed_codes) c GROUP BY service_month
    ), minutes AS (
      SELECT service_month, sum(staff_minutes + practitioner_minutes) AS minutes
        FROM patient_month WHERE tenant_id = ${tenantId}::uuid GROUP BY service_month
    ), months AS (SELECT service_month FROM fees UNION SELECT service_month FROM minutes)
    SELECT m.service_month, coalesce(e.expected, 0) AS expected, coalesce(f.invoiced, 0) AS invoiced, coalesce(f.paid, 0) AS paid, coalesce(mi.minutes, 0) AS minutes
      FROM months m LEFT JOIN fees f USING (service_month) LEFT JOIN expected e USING (service_month) LEFT JOIN minutes mi USING (service_month)
     ORDER BY m.service_month`;
  return rows.map((r) => {
    const minutes = Number(r.minutes);
    const cost = Math.round((minutes * hourlyCostCents) / 60);
    const invoiced = Number(r.invoiced);
    return { serviceMonth: r.service_month, expectedReimbursementCents: Number(r.expected), feesInvoicedCents: invoiced, feesPaidCents: Number(r.paid), coordinatorMinutes: minutes, coordinatorCostCents: cost, marginCents: invoiced - cost };
  });
}
