import type { ScopedTx } from "@carefold/db";

/** The patient-month one claim stands for, and what the close expected it to bring. */
export interface MatchedClaim {
  serviceMonth: string;
  patientId: string;
  expectedCents: number;
}

/**
 * The one place a payer's patient control number (CLP01 of an 835, TRN02 of a 277CA) is turned
 * back into our patient-month. Today CLM01 is `claimIdOf` in billing/x12-837p.ts: the service
 * month (YYYYMM) and the first 14 hex digits of the patient id, upper-case, so it is looked up
 * among the month's billable worksheet rows. When claims get their own table with a stored
 * patient control number (issue 16 item 4), only this function changes to read it.
 */
export async function findClaimByPatientControlNumber(tx: ScopedTx, tenantId: string, patientControlNumber: string): Promise<MatchedClaim | null> {
  const match = /^(\d{4})(0[1-9]|1[0-2])([0-9A-F]{14})$/.exec(patientControlNumber);
  if (!match) return null;
  const [, year, month, patientPrefix] = match;
  const rows = await tx.$queryRaw<{ patient_id: string; amount_cents: number }[]>`
    SELECT patient_id::text, amount_cents FROM worksheet_row
     WHERE tenant_id = ${tenantId}::uuid AND service_month = ${`${year}-${month}`} AND status = 'billable'
       AND upper(left(replace(patient_id::text, '-', ''), 14)) = ${patientPrefix}`;
  // Two patients sharing 56 bits of a random uuid in one month cannot be told apart: no match.
  if (rows.length !== 1) return null;
  return { serviceMonth: `${year}-${month}`, patientId: rows[0]!.patient_id, expectedCents: Number(rows[0]!.amount_cents) };
}
