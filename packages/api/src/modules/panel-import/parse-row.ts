import { isValidIcd10Cm, normalizeIcd10Cm } from "@carefold/ccm-rules";
import { DateOfBirthSchema, MbiSchema, PatientInputSchema, PhoneSchema, StateSchema } from "../patients/patients.schemas.js";
import { isIanaTimeZone } from "../patients/state-time-zones.js";
import type { PanelColumn } from "./columns.js";
import { memberIdProblem, type CoveragePlanType, type CoverageRank } from "../coverage/coverage.schemas.js";

export interface RowError {
  row: number;
  column: PanelColumn | "row";
  value: string;
  message: string;
  /** "warning": reported but does not stop the import (FHIR: a condition without an ICD-10-CM code). */
  level?: "warning";
  /** FHIR files: the entry the finding is about, e.g. "entry 12 (Patient/abc)". */
  entry?: string;
  /** FHIR files: where in the resource, e.g. "Patient.birthDate". */
  path?: string;
}

export interface PanelRow {
  row: number;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  sex: "female" | "male" | "other" | "unknown";
  mbi: string | null;
  mrn: string | null;
  phone: { number: string; type: "mobile" | "home" | "work" } | null;
  addressLine1: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  timeZone: string | null;
  preferredLanguage: string;
  practitionerNpi: string | null;
  icd10Codes: string[];
  /** Coverage the row states (primary and/or secondary); the payer is resolved against the directory later. */
  coverage: ImportedCoverage[];
}

/** One coverage as a file states it: the payer as written (payer id or name), dates possibly blank. */
export interface ImportedCoverage {
  rank: CoverageRank;
  payer: string;
  /** null: the payer's own kind. */
  planType: CoveragePlanType | null;
  /** null: the row's MBI (traditional Medicare). */
  memberId: string | null;
  groupNumber: string | null;
  /** null: the assumed start (decision 0048). */
  effectiveFrom: string | null;
  effectiveTo: string | null;
}

/** Plan type words a file may use, mapped to Carefold's plan types. */
const PLAN_TYPE_WORDS: Record<string, CoveragePlanType> = {
  medicare: "medicare", traditional_medicare: "medicare", original_medicare: "medicare", medicare_part_b: "medicare", part_b: "medicare", ffs: "medicare", medicare_ffs: "medicare",
  medicare_advantage: "medicare_advantage", ma: "medicare_advantage", mapd: "medicare_advantage", medicare_hmo: "medicare_advantage", medicare_ppo: "medicare_advantage", part_c: "medicare_advantage",
  medigap: "medigap", medicare_supplement: "medigap", supplement: "medigap", supplemental: "medigap",
  medicaid: "medicaid", qmb: "qmb", qmb_plus: "qmb", commercial: "commercial", private: "commercial", employer: "commercial",
};

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A finding quotes at most this much of the value (a 200 KB cell is not stored back). */
const MAX_QUOTED = 200;

/** Free-text columns checked by the manual create form's own schema, so both enforce one set of limits. */
const CREATE_FIELDS = {
  first_name: PatientInputSchema.shape.firstName,
  last_name: PatientInputSchema.shape.lastName,
  mrn: PatientInputSchema.shape.medicalRecordNumber,
  address_line1: PatientInputSchema.shape.addressLine1,
  city: PatientInputSchema.shape.city,
  preferred_language: PatientInputSchema.shape.preferredLanguage,
} as const;

/** YYYY-MM-DD, or MM/DD/YYYY turned into it; null for anything else (such as DD/MM/YYYY). */
function isoDateOf(value: string): string | null {
  const us = US_DATE.exec(value);
  if (!us) return ISO_DATE.test(value) ? value : null;
  const [month, day] = [Number(us[1]), Number(us[2])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${us[3]}-${us[1]!.padStart(2, "0")}-${us[2]!.padStart(2, "0")}`;
}

/**
 * Validates one CSV record, collecting every problem (row and column named, in the clinic's
 * words) instead of stopping at the first.
 */
export function parsePanelRow(record: Record<string, string | undefined>, row: number): { value?: PanelRow; errors: RowError[] } {
  const errors: RowError[] = [];
  const get = (c: PanelColumn) => (record[c] ?? "").trim();
  const fail = (column: PanelColumn, message: string) => errors.push({ row, column, value: get(column).slice(0, MAX_QUOTED), message });

  const firstName = get("first_name");
  const lastName = get("last_name");
  if (!firstName) fail("first_name", "First name is missing.");
  if (!lastName) fail("last_name", "Last name is missing.");
  for (const [column, schema] of Object.entries(CREATE_FIELDS) as [keyof typeof CREATE_FIELDS, (typeof CREATE_FIELDS)[keyof typeof CREATE_FIELDS]][]) {
    if (!get(column)) continue;
    const checked = schema.safeParse(get(column));
    if (!checked.success) fail(column, checked.error.issues[0]!.message);
  }

  const rawDate = get("date_of_birth");
  const dateOfBirth = isoDateOf(rawDate) ?? rawDate;
  if (!rawDate) fail("date_of_birth", "Date of birth is missing.");
  else if (!isoDateOf(rawDate)) fail("date_of_birth", `${rawDate.slice(0, MAX_QUOTED)} is not a date we can read: use YYYY-MM-DD (like 1948-03-17) or MM/DD/YYYY (like 03/17/1948).`);
  else {
    const dob = DateOfBirthSchema.safeParse(dateOfBirth);
    if (!dob.success) fail("date_of_birth", `${rawDate} is not a valid date of birth (${dob.error.issues[0]!.message})`);
  }

  const sexRaw = get("sex").toLowerCase();
  const sexMap: Record<string, PanelRow["sex"]> = { f: "female", female: "female", m: "male", male: "male", other: "other", o: "other", u: "unknown", unknown: "unknown", "": "unknown" };
  const sex = sexMap[sexRaw];
  if (!sex) fail("sex", `"${get("sex")}" is not a sex we recognise (use female, male, other or unknown).`);

  let mbi: string | null = null;
  if (get("mbi")) {
    const parsed = MbiSchema.safeParse(get("mbi"));
    if (parsed.success) mbi = parsed.data;
    else fail("mbi", parsed.error.issues[0]!.message);
  }

  let phone: PanelRow["phone"] = null;
  if (get("phone")) {
    const parsed = PhoneSchema.safeParse(get("phone"));
    const type = (get("phone_type").toLowerCase() || "mobile") as "mobile" | "home" | "work";
    if (!["mobile", "home", "work"].includes(type)) fail("phone_type", `"${get("phone_type")}" is not a phone type (use mobile, home or work).`);
    if (parsed.success) phone = { number: parsed.data, type };
    else fail("phone", parsed.error.issues[0]!.message);
  }

  let state: string | null = null;
  if (get("state")) {
    const parsed = StateSchema.safeParse(get("state"));
    if (parsed.success) state = parsed.data;
    else fail("state", parsed.error.issues[0]!.message);
  }
  if (get("postal_code") && !/^\d{5}(-\d{4})?$/.test(get("postal_code"))) fail("postal_code", `${get("postal_code")} is not a ZIP code (5 digits).`);
  if (get("time_zone") && !isIanaTimeZone(get("time_zone"))) fail("time_zone", `${get("time_zone")} is not a time zone (use one like America/Chicago).`);
  if (get("billing_practitioner_npi") && !/^\d{10}$/.test(get("billing_practitioner_npi"))) fail("billing_practitioner_npi", "An NPI has 10 digits.");

  const icd10Codes: string[] = [];
  for (const raw of get("icd10_codes").split(/[;|]/).map((c) => c.trim()).filter(Boolean)) {
    if (isValidIcd10Cm(raw)) icd10Codes.push(normalizeIcd10Cm(raw)!);
    else fail("icd10_codes", `${raw} is not an ICD-10-CM code (expected a letter, two characters and an optional dot part, like E11.9).`);
  }

  const coverage: ImportedCoverage[] = [];
  for (const rank of ["primary", "secondary"] as const) {
    const col = (name: string) => `${rank}_${name}` as PanelColumn;
    const payer = get(col("payer"));
    const planRaw = get(col("plan_type"));
    const memberId = get(col("member_id"));
    const stated = [payer, planRaw, memberId, get(col("group_number")), get(col("effective_from")), get(col("effective_to"))].some(Boolean);
    if (!stated) continue;
    const planType = planRaw ? PLAN_TYPE_WORDS[planRaw.toLowerCase().replace(/[\s\-/]+/g, "_")] : null;
    // Traditional Medicare needs no payer name: it is the clinic's Medicare payer (import-coverage.ts).
    if (!payer && planType !== "medicare") fail(col("payer"), `The ${rank} coverage has no payer: give its payer id or name as in the clinic's payer directory.`);
    if (planRaw && !planType) fail(col("plan_type"), `"${planRaw.slice(0, MAX_QUOTED)}" is not a plan type (use medicare, medicare_advantage, medigap, medicaid, qmb or commercial).`);
    if (!memberId && planType !== "medicare") fail(col("member_id"), `The ${rank} coverage has no member id.`);
    if (!memberId && planType === "medicare" && !mbi) fail(col("member_id"), `Traditional Medicare coverage needs the patient's MBI (in this column or the mbi column).`);
    const problem = memberId && planType ? memberIdProblem(planType, memberId) : memberId ? memberIdProblem("commercial", memberId) : null;
    if (problem) fail(col("member_id"), problem);
    const group = get(col("group_number"));
    if (group && !/^[0-9A-Za-z -]{1,50}$/.test(group)) fail(col("group_number"), "A group number has letters, digits, spaces and dashes only (up to 50).");
    const dates = (["effective_from", "effective_to"] as const).map((d) => {
      const raw = get(col(d));
      if (!raw) return null;
      const iso = isoDateOf(raw);
      if (!iso || Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) || !new Date(`${iso}T00:00:00Z`).toISOString().startsWith(iso)) {
        fail(col(d), `${raw.slice(0, MAX_QUOTED)} is not a date we can read: use YYYY-MM-DD or MM/DD/YYYY.`);
        return null;
      }
      return iso;
    });
    if (dates[0] && dates[1] && dates[1] < dates[0]) fail(col("effective_to"), `The ${rank} coverage ends before it begins.`);
    coverage.push({ rank, payer, planType: planType ?? null, memberId: memberId || null, groupNumber: group || null, effectiveFrom: dates[0] ?? null, effectiveTo: dates[1] ?? null });
  }

  if (errors.length) return { errors };
  return {
    errors,
    value: {
      row, firstName, lastName, dateOfBirth, sex: sex!, mbi, mrn: get("mrn") || null, phone,
      addressLine1: get("address_line1") || null, city: get("city") || null, state, postalCode: get("postal_code") || null,
      timeZone: get("time_zone") || null, preferredLanguage: get("preferred_language") || "en",
      practitionerNpi: get("billing_practitioner_npi") || null, icd10Codes: [...new Set(icd10Codes)], coverage,
    },
  };
}

/** Key for de-duplication when a row has no MBI: name + date of birth, case-insensitive. */
export const nameDobKey = (r: { firstName: string; lastName: string; dateOfBirth: string }) =>
  `${r.lastName.toLowerCase()}|${r.firstName.toLowerCase()}|${r.dateOfBirth}`;
