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
  { name: "primary_payer", required: false, example: "", description: "Primary payer: its payer id or name as in the clinic's payer directory (blank with an MBI: traditional Medicare, assumed)" },
  { name: "primary_plan_type", required: false, example: "", description: "medicare, medicare_advantage, medigap, medicaid, qmb or commercial (blank: the payer's kind)" },
  { name: "primary_member_id", required: false, example: "", description: "Member id (the MBI for traditional Medicare; blank: the mbi column)" },
  { name: "primary_group_number", required: false, example: "", description: "Group number (optional)" },
  { name: "primary_effective_from", required: false, example: "", description: "Coverage start, YYYY-MM-DD or MM/DD/YYYY (blank: 12 months back, decision 0048)" },
  { name: "primary_effective_to", required: false, example: "", description: "Coverage end (blank: open-ended)" },
  { name: "secondary_payer", required: false, example: "", description: "Secondary payer (Medigap, Medicaid/QMB, …): payer id or name in the directory" },
  { name: "secondary_plan_type", required: false, example: "", description: "Plan type of the secondary coverage (blank: the payer's kind)" },
  { name: "secondary_member_id", required: false, example: "", description: "Secondary member id" },
  { name: "secondary_group_number", required: false, example: "", description: "Secondary group number (optional)" },
  { name: "secondary_effective_from", required: false, example: "", description: "Secondary coverage start (blank: 12 months back)" },
  { name: "secondary_effective_to", required: false, example: "", description: "Secondary coverage end (blank: open-ended)" },
] as const;

export type PanelColumn = (typeof PANEL_COLUMNS)[number]["name"];

export function panelTemplateCsv(): string {
  return writeCsv(PANEL_COLUMNS.map((c) => c.name), [PANEL_COLUMNS.map((c) => c.example)]);
}

/**
 * Header spellings EHR exports use for the coverage columns, mapped to the template's names
 * (compared after lower-casing and turning spaces, dashes and dots into underscores).
 */
const COLUMN_ALIASES: Record<string, PanelColumn> = {
  dob: "date_of_birth", birth_date: "date_of_birth", birthdate: "date_of_birth",
  payer: "primary_payer", insurance: "primary_payer", primary_insurance: "primary_payer", insurance_payer: "primary_payer", payer_id: "primary_payer", primary_payer_id: "primary_payer", primary_payer_name: "primary_payer",
  plan_type: "primary_plan_type", insurance_type: "primary_plan_type", primary_insurance_type: "primary_plan_type", coverage_type: "primary_plan_type",
  member_id: "primary_member_id", subscriber_id: "primary_member_id", policy_number: "primary_member_id", primary_subscriber_id: "primary_member_id", primary_policy_number: "primary_member_id", insurance_id: "primary_member_id",
  group_number: "primary_group_number", group: "primary_group_number", group_id: "primary_group_number", primary_group: "primary_group_number",
  effective_from: "primary_effective_from", effective_date: "primary_effective_from", coverage_start: "primary_effective_from", primary_effective_date: "primary_effective_from", primary_start_date: "primary_effective_from",
  effective_to: "primary_effective_to", termination_date: "primary_effective_to", coverage_end: "primary_effective_to", primary_end_date: "primary_effective_to", primary_termination_date: "primary_effective_to",
  secondary_insurance: "secondary_payer", secondary_payer_id: "secondary_payer", secondary_payer_name: "secondary_payer",
  secondary_insurance_type: "secondary_plan_type",
  secondary_subscriber_id: "secondary_member_id", secondary_policy_number: "secondary_member_id", secondary_insurance_id: "secondary_member_id",
  secondary_group: "secondary_group_number", secondary_group_id: "secondary_group_number",
  secondary_effective_date: "secondary_effective_from", secondary_start_date: "secondary_effective_from",
  secondary_end_date: "secondary_effective_to", secondary_termination_date: "secondary_effective_to",
};

/** A header cell as the template names it: lower case, separators as underscores, known aliases mapped. */
export function canonicalColumn(header: string): string {
  const key = header.trim().toLowerCase().replace(/[\s.\-/]+/g, "_");
  return COLUMN_ALIASES[key] ?? key;
}
