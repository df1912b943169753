import { isValidNpi } from "@carefold/ccm-rules";
import { z } from "zod";
import { STATE_TIME_ZONES } from "../patients/state-time-zones.js";
import type { CloseSettings } from "./worksheet-row.js";
import type { CCM_PLACES_OF_SERVICE } from "./x12-837p.js";

/**
 * The clinic's billing profile (`billing_setting`): what an 837P and the claims CSV say about the
 * clinic as billing provider, and the date-of-service rule the next close uses. Every value is
 * checked and normalised here, at the boundary, into the form the table's CHECKs and the 837P
 * need (digits only, upper-case ids, ZIP+4).
 */

/**
 * CMS place-of-service codes CCM may carry on a CMS-1500 / 837P at the non-facility amounts the
 * close computes, with their CMS names (decision 0045): telehealth (02, 10), home (12) and
 * outpatient hospital (19, 22) are not offered. The same list as x12-837p CCM_PLACES_OF_SERVICE.
 */
export const PLACES_OF_SERVICE = [
  { code: "11", name: "Office" },
  { code: "49", name: "Independent clinic" },
] as const satisfies readonly { code: (typeof CCM_PLACES_OF_SERVICE)[number]; name: string }[];
export type PlaceOfService = (typeof PLACES_OF_SERVICE)[number]["code"];

/** The close's date-of-service rules (`CloseSettings.dateOfService`, ccm-rules option `dateOfService`). */
export const DATE_OF_SERVICE_RULES = {
  last_day_of_month: "Last day of the service month",
  first_day_of_month: "First day of the service month",
} as const satisfies Record<CloseSettings["dateOfService"], string>;

export const placeOfServiceName = (code: string) => PLACES_OF_SERVICE.find((p) => p.code === code)?.name ?? null;

const posCodes = PLACES_OF_SERVICE.map((p) => p.code) as [PlaceOfService, ...PlaceOfService[]];
const dosRules = Object.keys(DATE_OF_SERVICE_RULES) as [CloseSettings["dateOfService"], ...CloseSettings["dateOfService"][]];

/** A required text field: trimmed, inner runs of spaces collapsed, with its own messages. */
const text = (max: number, empty: string, tooLong: string) =>
  z
    .string({ required_error: empty, invalid_type_error: empty })
    .transform((v) => v.trim().replace(/\s+/g, " "))
    .pipe(z.string().min(1, empty).max(max, tooLong));

/** Digits after removing the punctuation people type (spaces, dashes, dots, brackets). */
const digitsOf = (value: string) => value.replace(/[\s().-]/g, "");

/** A value checked and normalised by `check`, which returns the value or the message. */
const checked = (empty: string, check: (value: string) => { value: string } | { message: string }) =>
  z.string({ required_error: empty, invalid_type_error: empty }).transform((raw, ctx) => {
    if (raw.trim() === "") {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: empty });
      return z.NEVER;
    }
    const result = check(raw.trim());
    if ("message" in result) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: result.message });
      return z.NEVER;
    }
    return result.value;
  });

export const NpiSchema = checked("Enter the clinic's billing NPI (10 digits).", (raw) => {
  const npi = raw.replace(/[\s-]/g, "");
  if (!/^\d+$/.test(npi)) return { message: "An NPI has digits only, like 1245319599." };
  if (npi.length !== 10) return { message: `An NPI has 10 digits; this one has ${npi.length}.` };
  if (!isValidNpi(npi)) return { message: `${npi} is not a valid NPI: its check digit does not match. Look for a mistyped digit.` };
  return { value: npi };
});

export const TaxIdSchema = checked("Enter the clinic's tax id (EIN), like 12-3456789.", (raw) => {
  const ein = raw.replace(/[\s-]/g, "");
  if (!/^\d{9}$/.test(ein)) return { message: "A tax id (EIN) has 9 digits, like 12-3456789." };
  if (ein === "000000000") return { message: "00-0000000 is not a tax id. Enter the clinic's EIN." };
  return { value: ein };
});

export const BillingStateSchema = checked("Enter the state, like MN.", (raw) => {
  const state = raw.toUpperCase();
  return state in STATE_TIME_ZONES ? { value: state } : { message: `${raw} is not a US state or territory code (like MN or AZ).` };
});

export const ZipPlus4Schema = checked("Enter the ZIP+4, like 55369-0001.", (raw) => {
  const zip = raw.replace(/[\s-]/g, "");
  if (/^\d{5}$/.test(zip)) return { message: "Add the 4-digit extension (ZIP+4, like 55369-0001): an 837P needs the billing provider's full ZIP code." };
  if (!/^\d{9}$/.test(zip)) return { message: "Enter the ZIP+4 as 9 digits, like 55369-0001." };
  return { value: zip };
});

/** A 10-digit North American number (area code and exchange start with 2–9); a leading 1 is dropped. */
export const NanpPhoneSchema = checked("Enter the contact phone number, like (763) 555-0100.", (raw) => {
  const typed = digitsOf(raw).replace(/^\+/, "");
  const digits = /^1\d{10}$/.test(typed) ? typed.slice(1) : typed;
  if (!/^\d{10}$/.test(digits)) return { message: "Enter a 10-digit phone number with its area code, like (763) 555-0100." };
  if (!/^[2-9]\d{2}[2-9]/.test(digits)) return { message: "That is not a North American number: the area code and the next three digits cannot start with 0 or 1." };
  return { value: digits };
});

/**
 * An X12 identifier (ISA06/ISA08 and GS02/GS03 are at most 15 characters; NM109): 2–15 letters and
 * digits, upper-cased. Anything else (spaces, dashes, the separators ~ * : ^) would change or break
 * the interchange, so it is refused rather than altered.
 */
const x12Id = (what: string, example: string) =>
  checked(`Enter the ${what}, like ${example}.`, (raw) => {
    const id = raw.toUpperCase();
    if (/[~*:^]/.test(id)) return { message: `The ${what} cannot contain ~ * : or ^ (they separate the parts of an 837P).` };
    if (!/^[A-Z0-9]+$/.test(id)) return { message: `Use letters and digits only for the ${what}, exactly as your clearinghouse gave it (no spaces or dashes).` };
    if (id.length < 2 || id.length > 15) return { message: `The ${what} has 2 to 15 letters and digits; this one has ${id.length}.` };
    return { value: id };
  });

export const BillingProfileSchema = z.object({
  billingName: text(60, "Enter the billing name, as the clinic is enrolled with Medicare.", "Keep the billing name to 60 characters (the 837P limit)."),
  billingNpi: NpiSchema,
  taxId: TaxIdSchema,
  addressLine1: text(55, "Enter the clinic's street address.", "Keep the street address to 55 characters (the 837P limit).").refine(
    (v) => !/^(p\.?\s*o\.?\s*box|post\s+office\s+box|lock\s*box)\b/i.test(v),
    "Enter the street address where the clinic is: an 837P does not accept a PO box for the billing provider.",
  ),
  city: text(30, "Enter the city.", "Keep the city to 30 characters (the 837P limit)."),
  state: BillingStateSchema,
  postalCode: ZipPlus4Schema,
  placeOfService: z.enum(posCodes, { errorMap: () => ({ message: "Choose a place of service from the list." }) }),
  dateOfService: z.enum(dosRules, { errorMap: () => ({ message: "Choose which day of the month claims carry." }) }),
  contactPhone: NanpPhoneSchema,
  submitterId: x12Id("submitter id", "CAREFOLD01"),
  receiverId: x12Id("receiver id", "MEDICAREJ6"),
  payerName: z
    .string()
    .optional()
    .transform((v) => v?.trim().replace(/\s+/g, " ").toUpperCase() || "MEDICARE")
    .pipe(z.string().max(60, "Keep the payer name to 60 characters (the 837P limit).")),
  payerId: x12Id("payer id", "06102"),
  /** ISA15 of the clinic's claim files: T while the clearinghouse tests the clinic, P for production. */
  usageIndicator: z.enum(["T", "P"], { errorMap: () => ({ message: "Choose test or production claim files." }) }).default("P"),
});
export type BillingProfileInput = z.input<typeof BillingProfileSchema>;
export type BillingProfile = z.output<typeof BillingProfileSchema>;

export const BillingProfileSaveSchema = BillingProfileSchema.extend({ tenantId: z.string().uuid() });
