import type { ScopedTx } from "@carefold/db";

/**
 * The one place tests give patients coverage (issue 24): since a month without a payer in force on
 * its date of service is blocked (`no_coverage_in_force`), every fixture that builds a billable
 * patient calls one of these.
 */

export interface PayerSpec {
  name: string;
  planType: "medicare" | "medicare_advantage" | "medigap" | "medicaid" | "commercial";
  ediPayerId: string;
  claimType?: "837p" | "837i" | null;
  receiverId?: string | null;
  submitterId?: string | null;
}

export interface CoverageSpec {
  payerId: string;
  rank?: "primary" | "secondary";
  planType: "medicare" | "medicare_advantage" | "medigap" | "medicaid" | "qmb" | "commercial";
  memberId: string;
  /** Default 2020-01-01: in force for every test month. */
  effectiveFrom?: string;
  effectiveTo?: string | null;
}

/** Adds a payer to the clinic's directory (or returns the one of that name). */
export async function addPayer(tx: ScopedTx, tenantId: string, spec: PayerSpec): Promise<string> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    WITH found AS (SELECT id FROM payer WHERE tenant_id = ${tenantId}::uuid AND lower(btrim(name)) = lower(btrim(${spec.name})))
    , made AS (
      INSERT INTO payer (tenant_id, name, plan_type, edi_payer_id, claim_type, receiver_id, submitter_id)
      SELECT ${tenantId}::uuid, ${spec.name}, ${spec.planType}, ${spec.ediPayerId}, ${spec.claimType ?? null}, ${spec.receiverId ?? null}, ${spec.submitterId ?? null}
       WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING id)
    SELECT id::text FROM made UNION ALL SELECT id::text FROM found`;
  return row!.id;
}

/** Enters a payer's contracted per-unit amount for a code and year. */
export async function addPayerRate(tx: ScopedTx, tenantId: string, payerId: string, code: string, year: number, cents: number, enteredBy: string): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO payer_fee_schedule_rate (tenant_id, payer_id, code, year, cents, entered_by, source)
    VALUES (${tenantId}::uuid, ${payerId}::uuid, ${code}, ${year}, ${cents}, ${enteredBy}::uuid, 'test contract')`;
}

/** Records one coverage of a patient (source manual). */
export async function addCoverage(tx: ScopedTx, tenantId: string, patientId: string, spec: CoverageSpec): Promise<string> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO patient_coverage (tenant_id, patient_id, payer_id, rank, plan_type, member_id, effective_from, effective_to, source)
    VALUES (${tenantId}::uuid, ${patientId}::uuid, ${spec.payerId}::uuid, ${spec.rank ?? "primary"}, ${spec.planType}, ${spec.memberId},
            ${spec.effectiveFrom ?? "2020-01-01"}::date, ${spec.effectiveTo ?? null}::date, 'manual')
    RETURNING id::text`;
  return row!.id;
}

/** The traditional Medicare payer (its MAC) of the fixtures: the billing profile's payer id 06102 unless told otherwise. */
export const MEDICARE_PAYER: PayerSpec = { name: "Medicare", planType: "medicare", ediPayerId: "06102" };

/**
 * Gives every patient of the clinic that has an MBI and no primary coverage a traditional Medicare
 * primary coverage from 2020-01-01 (member id = MBI), under the clinic's Medicare payer (created if
 * missing): what the schema migration did for existing clinics. Returns the payer id.
 */
export async function coverPatientsWithMedicare(tx: ScopedTx, tenantId: string, payer: PayerSpec = MEDICARE_PAYER): Promise<string> {
  const payerId = await addPayer(tx, tenantId, payer);
  await tx.$executeRaw`
    INSERT INTO patient_coverage (tenant_id, patient_id, payer_id, rank, plan_type, member_id, effective_from, source)
    SELECT p.tenant_id, p.id, ${payerId}::uuid, 'primary', 'medicare', p.mbi, DATE '2020-01-01', 'manual'
      FROM patient p
     WHERE p.tenant_id = ${tenantId}::uuid AND p.mbi IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM patient_coverage c WHERE c.tenant_id = p.tenant_id AND c.patient_id = p.id AND c.rank = 'primary' AND c.superseded_at IS NULL)`;
  return payerId;
}
