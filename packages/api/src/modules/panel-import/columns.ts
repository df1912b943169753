import { writeCsv } from "../../csv/csv-writer.js";

/** The documented panel CSV template (downloadable from the import page). */
export const PANEL_COLUMNS = [
  { name: "first_name", required: true, example: "Maria", description: "Given name" },
  { name: "last_name", required: true, example: "Lopez", description: "Family name" },
  { name: "date_of_birth", required: true, example: "1948-03-17", description: "YYYY-MM-DD (MM/DD/YYYY also accepted)" },
  { name: "sex", required: false, example: "female", description: "female, male, other or unknown" },
  { name: "mbi", required: false, example: "1EG4-TE5-MK73", description: "Medicare Beneficiary Identifier (dashes optional)" },
  { name: "mrn", required: false, example: "MG-10442", description: "The clinic's medical record number" },
  { name: "phone", required: false, example: "612-555-0142", description: "Primary phone (US)" },
  { name: "phone_type", required: false, example: "mobile", description: "mobile, home or work" },
  { name: "address_line1", required: false, example: "12 Elm St", description: "Street address" },
  { name: "city", required: false, example: "Maple Grove", description: "City" },
  { name: "state", required: false, example: "MN", description: "Two-letter state code; sets the time zone when none is given" },
  { name: "postal_code", required: false, example: "55369", description: "ZIP code" },
  { name: "time_zone", required: false, example: "America/Chicago", description: "IANA time zone (optional)" },
  { name: "preferred_language", required: false, example: "en", description: "Language code" },
  { name: "billing_practitioner_npi", required: false, example: "1234567893", description: "NPI of the patient's billing practitioner in this clinic" },
  { name: "icd10_codes", required: false, example: "E11.9;I10;N18.3", description: "Problem list: ICD-10-CM codes separated by semicolons" },
] as const;

export type PanelColumn = (typeof PANEL_COLUMNS)[number]["name"];

export function panelTemplateCsv(): string {
  return writeCsv(PANEL_COLUMNS.map((c) => c.name), [PANEL_COLUMNS.map((c) => c.example)]);
}
