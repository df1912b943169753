import { isValidIcd10Cm, normalizeIcd10Cm, validateMbi } from "@carefold/ccm-rules";
import { z } from "zod";
import { STATE_TIME_ZONES, isIanaTimeZone } from "./state-time-zones.js";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use the date format YYYY-MM-DD.")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "That date does not exist.");

export const DateOfBirthSchema = isoDate.refine((d) => d >= "1900-01-01" && d <= new Date().toISOString().slice(0, 10), "A date of birth must be between 1900 and today.");

/** An MBI in any common spelling (dashes, spaces, lower case); normalised to 11 characters. */
export const MbiSchema = z.string().transform((value, ctx) => {
  const result = validateMbi(value);
  if (!result.isValid) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `MBI ${value.trim()}: ${result.message}` });
    return z.NEVER;
  }
  return result.normalized;
});

export const Icd10Schema = z
  .string()
  .trim()
  .refine(isValidIcd10Cm, (v) => ({ message: `${v} is not an ICD-10-CM code (expected a letter, two characters, then an optional dot and up to 4 more, like E11.9).` }))
  .transform((v) => normalizeIcd10Cm(v)!);

/** US numbers in any common spelling → E.164. */
export const PhoneSchema = z.string().transform((value, ctx) => {
  const digits = value.replace(/[^\d+]/g, "");
  const e164 = digits.startsWith("+") ? digits : digits.length === 10 ? `+1${digits}` : digits.length === 11 && digits.startsWith("1") ? `+${digits}` : null;
  if (!e164 || !/^\+[1-9]\d{7,14}$/.test(e164)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${value} is not a phone number we can dial (use 10 digits, like 612-555-0142).` });
    return z.NEVER;
  }
  return e164;
});

export const StateSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((s) => s in STATE_TIME_ZONES, (s) => ({ message: `${s} is not a US state or territory code (like MN or AZ).` }));

export const PatientInputSchema = z.object({
  firstName: z.string().trim().min(1, "Enter the first name.").max(100, "Use at most 100 characters for the first name."),
  lastName: z.string().trim().min(1, "Enter the last name.").max(100, "Use at most 100 characters for the last name."),
  dateOfBirth: DateOfBirthSchema,
  sex: z.enum(["female", "male", "other", "unknown"]).default("unknown"),
  mbi: MbiSchema.optional(),
  medicalRecordNumber: z.string().trim().max(64, "Use at most 64 characters for the medical record number.").optional(),
  otherInsurance: z.string().trim().max(200).optional(),
  addressLine1: z.string().trim().max(200, "Use at most 200 characters for the street address.").optional(),
  city: z.string().trim().max(100, "Use at most 100 characters for the city.").optional(),
  state: StateSchema.optional(),
  postalCode: z.string().trim().regex(/^\d{5}(-\d{4})?$/, "Use a 5-digit ZIP code.").optional(),
  timeZone: z.string().refine(isIanaTimeZone, "Choose a time zone like America/Chicago.").optional(),
  preferredLanguage: z.string().trim().min(2, "Use a language code like en or es.").max(35, "Use a language code like en or es.").default("en"),
  billingPractitionerId: z.string().uuid().optional(),
  phones: z.array(z.object({ number: PhoneSchema, type: z.enum(["mobile", "home", "work"]).default("mobile"), isPreferred: z.boolean().default(false), hasSmsConsent: z.boolean().default(false) })).max(5).default([]),
  problems: z.array(z.object({ icd10Code: Icd10Schema, description: z.string().trim().min(1).max(300), onsetOn: isoDate.optional() })).max(100).default([]),
});
export type PatientInput = z.infer<typeof PatientInputSchema>;

export const PatientListFilterSchema = z.object({
  search: z.string().trim().max(100).optional(),
  programStatus: z.enum(["identified", "outreach", "consented", "enrolled", "disenrolled", "declined", "ineligible", "unable_to_reach", "none"]).optional(),
  eligibility: z.enum(["ccm_candidate", "pcm_candidate", "not_eligible"]).optional(),
  billingPractitionerId: z.string().uuid().optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(5).max(100).default(25),
});

export const PatientIdSchema = z.object({ patientId: z.string().uuid() });
