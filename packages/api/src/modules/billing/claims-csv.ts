import { writeCsv } from "../../csv/csv-writer.js";
import { diagnosisPointers, type BillingProvider, type ClaimRow } from "./claims.js";

/**
 * The claim CSV's columns, in order (documented in the package README). One line per billed code:
 * a patient-month with 99490 + 99439 is two lines sharing the patient, date and diagnoses.
 */
export const CLAIM_CSV_COLUMNS = [
  "patient_last_name", "patient_first_name", "mbi", "date_of_birth", "date_of_service", "cpt_hcpcs", "units",
  "icd10_codes", "icd10_pointers", "rendering_npi", "billing_npi", "place_of_service",
  "staff_minutes", "practitioner_minutes", "consent_date", "amount_usd",
  "payer_name", "payer_id", "plan_type", "member_id", "secondary_payer_name", "secondary_payer_id", "patient_share_usd", "secondary_share_usd",
] as const;

export const dollars = (cents: number) => (cents / 100).toFixed(2);

/** Builds the claim CSV of an approved month (the shared writer: RFC 4180, CRLF, header, formulas neutralised). */
export function buildClaimsCsv(rows: readonly ClaimRow[], provider: BillingProvider): string {
  const records = rows.flatMap((row) =>
    row.lines.map((line) =>
      [
        row.lastName, row.firstName, row.mbi, row.dateOfBirth, row.dateOfService, line.code, line.units,
        row.diagnosisCodes.join(" "), diagnosisPointers(row.diagnosisCodes).join(" "), row.renderingNpi, provider.billingNpi, provider.placeOfService,
        row.staffMinutes, row.practitionerMinutes, row.consentObtainedOn, dollars(line.amountCents),
        // Issue 24: the payer the claim goes to and who pays the cost sharing (per claim, repeated on each of its lines).
        row.payer.name, row.payer.ediPayerId, row.payer.planType, row.payer.memberId, row.secondary?.name ?? null, row.secondary?.ediPayerId ?? null,
        dollars(row.patientShareCents), dollars(row.secondaryShareCents),
      ],
    ),
  );
  return writeCsv(CLAIM_CSV_COLUMNS, records);
}
