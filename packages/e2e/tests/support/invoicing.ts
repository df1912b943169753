import { withDb } from "./db.js";

/**
 * Stand-in for an approved month close until the month-close tables (issue 8) are on this
 * branch: a draft invoice for the clinic's first enrolled patients, priced like the contract's
 * per-patient-month fee, exactly as invoicing.generate writes it. Returns the invoice's id.
 */
export async function insertDraftInvoiceFromApprovedMonth(clinicName: string, serviceMonth: string): Promise<{ tenantId: string; invoiceId: string; patients: string[] }> {
  return withDb(async (client) => {
    const { rows: [clinic] } = await client.query<{ id: string }>("SELECT id FROM tenant WHERE name = $1", [clinicName]);
    const { rows: [contract] } = await client.query<{ id: string; fee: string; minimum: string }>(
      `SELECT id, fee_per_patient_month_cents AS fee, monthly_minimum_cents AS minimum FROM contract
        WHERE tenant_id = $1 AND effective_from_month <= $2 ORDER BY effective_from_month DESC LIMIT 1`, [clinic!.id, serviceMonth]);
    const { rows: patients } = await client.query<{ id: string; name: string }>(
      `SELECT p.id, p.last_name || ', ' || p.first_name AS name FROM patient p JOIN program_enrollment e ON e.tenant_id = p.tenant_id AND e.patient_id = p.id
        WHERE p.tenant_id = $1 AND e.status = 'enrolled' ORDER BY p.id LIMIT 3`, [clinic!.id]);
    const fee = Number(contract!.fee);
    const subtotal = fee * patients.length;
    const topUp = Math.max(0, Number(contract!.minimum) - subtotal);
    const { rows: [invoice] } = await client.query<{ id: string }>(
      `INSERT INTO invoice (tenant_id, number, kind, service_month, source_key, contract_id, total_cents, inputs_checksum)
       VALUES ($1, $2, 'invoice', $3, $4, $5, $6, 'e2e') RETURNING id`,
      [clinic!.id, `INV-${serviceMonth.replace("-", "")}-E2E`, serviceMonth, `close:${serviceMonth}:e2e`, contract!.id, subtotal + topUp]);
    for (const [i, p] of patients.entries()) {
      await client.query(
        `INSERT INTO invoice_line (tenant_id, invoice_id, position, kind, description, patient_id, units, unit_amount_cents, amount_cents, billed_codes, worksheet_result_hash)
         VALUES ($1, $2, $3, 'patient_month', $4, $5, 1, $6, $6, $7, $8)`,
        [clinic!.id, invoice!.id, i, `Care management, patient-month ${serviceMonth}`, p.id, fee, JSON.stringify([{ code: "99490", units: 1, expectedReimbursementCents: 6049 }]), `e2e-${i}`]);
    }
    if (topUp > 0) {
      await client.query(
        `INSERT INTO invoice_line (tenant_id, invoice_id, position, kind, description, units, unit_amount_cents, amount_cents)
         VALUES ($1, $2, $3, 'minimum_top_up', $4, 1, $5, $5)`,
        [clinic!.id, invoice!.id, patients.length, `Monthly minimum top-up, ${serviceMonth}`, topUp]);
    }
    return { tenantId: clinic!.id, invoiceId: invoice!.id, patients: patients.map((p) => p.name) };
  });
}
