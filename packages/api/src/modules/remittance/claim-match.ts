import type { ScopedTx } from "@carefold/db";

/** The patient-month one claim stands for, and what the close expected it to bring. */
export interface MatchedClaim {
  serviceMonth: string;
  patientId: string;
  expectedCents: number;
}

/**
 * The one place a payer's patient control number (CLP01 of an 835, TRN02 of a 277CA) is turned
 * back into our patient-month. It is the `claim` table's stored patient control number (the CLM01
 * every version of the claim carries, billing/claim-lifecycle.ts), unique per clinic. Expected is
 * what the claim's latest submission asked for (0 for a void). A number that is not one of our
 * claims — another billing system's, or a claim only ever exported as CSV — stays unmatched.
 */
export async function findClaimByPatientControlNumber(tx: ScopedTx, tenantId: string, patientControlNumber: string): Promise<MatchedClaim | null> {
  const rows = await tx.$queryRaw<{ service_month: string; patient_id: string; amount_cents: bigint | null }[]>`
    SELECT c.service_month, c.patient_id::text,
           (SELECT s.amount_cents FROM claim_submission s WHERE s.tenant_id = c.tenant_id AND s.claim_id = c.id ORDER BY s.version DESC LIMIT 1) AS amount_cents
      FROM claim c
     WHERE c.tenant_id = ${tenantId}::uuid AND c.patient_control_number = ${patientControlNumber}`;
  // The number is unique per clinic (claim_patient_control_number_key); anything else is no match.
  if (rows.length !== 1) return null;
  const [row] = rows as [(typeof rows)[0]];
  return { serviceMonth: row.service_month, patientId: row.patient_id, expectedCents: Number(row.amount_cents ?? 0) };
}
