import { stringify } from "csv-stringify/sync";
import { diagnosisPointers, type BillingProvider, type ClaimRow } from "./claims.js";

/**
 * The claim CSV's columns, in order (documented in the package README). One line per billed code:
 * a patient-month with 99490 + 99439 is two lines sharing the patient, date and diagnoses.
 */
export const CLAIM_CSV_COLUMNS = [
  "patient_last_name", "patient_first_name", "mbi", "date_of_birth", "date_of_service", "cpt_hcpcs", "units",
  "icd10_codes", "icd10_pointers", "rendering_npi", "billing_npi", "place_of_service",
  "staff_minutes", "practitioner_minutes", "consent_date", "amount_usd",
] as const;

export const dollars = (cents: number) => (cents / 100).toFixed(2);

/** A leading = + - @ is prefixed with ' so a spreadsheet never runs a value as a formula. */
const safe = (value: string | number | null) => (typeof value === "string" && /^[=+\-@]/.test(value) ? `'${value}` : (value ?? ""));

/** Builds the claim CSV of an approved month (csv-stringify: RFC 4180 quoting, CRLF, header first). */
export function buildClaimsCsv(rows: readonly ClaimRow[], provider: BillingProvider): string {
  const records = rows.flatMap((row) =>
    row.lines.map((line) =>
      [
        row.lastName, row.firstName, row.mbi, row.dateOfBirth, row.dateOfService, line.code, line.units,
        row.diagnosisCodes.join(" "), diagnosisPointers(row.diagnosisCodes).join(" "), row.renderingNpi, provider.billingNpi, provider.placeOfService,
        row.staffMinutes, row.practitionerMinutes, row.consentObtainedOn, dollars(line.amountCents),
      ].map(safe),
    ),
  );
  return stringify(records, { header: true, columns: [...CLAIM_CSV_COLUMNS], record_delimiter: "windows" });
}
