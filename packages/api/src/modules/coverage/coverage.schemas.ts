import { APCM_CODES, CCM_CODES, PCM_CODES, RATE_TABLE, validateMbi } from "@carefold/ccm-rules";
import { z } from "zod";

/** A payer's kind in the directory (payer.plan_type). */
export const PAYER_PLAN_TYPES = ["medicare", "medicare_advantage", "medigap", "medicaid", "commercial"] as const;
export type PayerPlanType = (typeof PAYER_PLAN_TYPES)[number];

/** A patient's plan under a payer (patient_coverage.plan_type): 'qmb' and 'medicaid' sit under a Medicaid payer. */
export const COVERAGE_PLAN_TYPES = ["medicare", "medicare_advantage", "medigap", "medicaid", "qmb", "commercial"] as const;
export type CoveragePlanType = (typeof COVERAGE_PLAN_TYPES)[number];

export const COVERAGE_RANKS = ["primary", "secondary"] as const;
export type CoverageRank = (typeof COVERAGE_RANKS)[number];

export const COVERAGE_SOURCES = ["manual", "csv_import", "fhir_import", "eligibility", "migrated"] as const;
export type CoverageSource = (typeof COVERAGE_SOURCES)[number];

export const PLAN_TYPE_LABELS: Record<CoveragePlanType, string> = {
  medicare: "Traditional Medicare",
  medicare_advantage: "Medicare Advantage",
  medigap: "Medigap",
  medicaid: "Medicaid",
  qmb: "QMB",
  commercial: "Commercial",
};

/** Whether a patient's plan type fits the payer's: equal, or QMB/Medicaid under a Medicaid payer. */
export function planTypeFits(payerPlanType: string, planType: string): boolean {
  return payerPlanType === planType || (payerPlanType === "medicaid" && (planType === "qmb" || planType === "medicaid"));
}

/** The codes a payer's fee schedule may price: every CPT/HCPCS code the rules package knows. */
export const KNOWN_CODES: ReadonlySet<string> = new Set([
  ...RATE_TABLE.map((r) => r.code),
  ...Object.values(CCM_CODES),
  ...Object.values(PCM_CODES),
  ...Object.values(APCM_CODES),
]);

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use the date format YYYY-MM-DD.")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "That date does not exist.");

const upperId = (what: string, max: number) =>
  z
    .string()
    .transform((v) => v.trim().toUpperCase())
    .pipe(z.string().regex(new RegExp(`^[0-9A-Z]{2,${max}}$`), `Enter the ${what} (2–${max} letters or digits, no spaces).`));
const optionalUpperId = (what: string, max: number) =>
  z
    .string()
    .optional()
    .nullable()
    .transform((v) => (v && v.trim() ? v : null))
    .pipe(upperId(what, max).nullable());

export const PayerInputSchema = z.object({
  name: z.string().trim().min(1, "Enter the payer's name.").max(60, "Keep the payer's name under 60 characters."),
  planType: z.enum(PAYER_PLAN_TYPES, { errorMap: () => ({ message: "Choose the payer's kind: traditional Medicare, Medicare Advantage, Medigap, Medicaid or commercial." }) }),
  ediPayerId: upperId("payer id the clearinghouse routes on", 80),
  claimType: z.enum(["837p", "837i"]).nullable().optional().transform((v) => v ?? null),
  receiverId: optionalUpperId("receiver id", 15),
  submitterId: optionalUpperId("submitter id", 15),
});
export type PayerInput = z.infer<typeof PayerInputSchema>;

export const PayerIdSchema = z.object({ payerId: z.string().uuid() });
export const EditPayerSchema = PayerIdSchema.extend(PayerInputSchema.shape);
export const SetPayerActiveSchema = PayerIdSchema.extend({ active: z.boolean() });

/** One contracted rate of a payer (in dollars, stored as cents); the code must be one the rules package knows. */
export const PayerRateSchema = PayerIdSchema.extend({
  code: z
    .string({ required_error: "Enter the CPT/HCPCS code (5 characters, e.g. 99490)." })
    .transform((v) => v.trim().toUpperCase())
    .pipe(z.string().refine((c) => KNOWN_CODES.has(c), (c) => ({ message: `${c || "That code"} is not a code Carefold bills (e.g. 99490, 99439, 99491, G0556).` }))),
  year: z.coerce.number({ invalid_type_error: "Enter the calendar year the rate applies to." }).int().min(2020, "Enter a year from 2020.").max(2100, "Enter a year before 2100."),
  amount: z
    .string({ required_error: "Enter the amount per unit in dollars (e.g. 58.20)." })
    .transform((v) => v.trim().replace(/^\$/, ""))
    .pipe(z.string().regex(/^\d{1,5}(\.\d{1,2})?$/, "Enter the amount per unit in dollars (e.g. 58.20)."))
    .transform((v) => Math.round(Number(v) * 100))
    .pipe(z.number().int().positive("A rate must be more than $0.00: a $0 line is never billed.").max(10_000_000)),
  source: z.string().trim().min(1, "Say where the rate comes from (e.g. the plan's 2026 provider contract).").max(300, "Keep the source under 300 characters."),
});
export type PayerRateInput = z.infer<typeof PayerRateSchema>;
export const RemovePayerRateSchema = PayerIdSchema.extend({ code: z.string().trim().toUpperCase().regex(/^[0-9A-Z]{5}$/), year: z.number().int() });

/** The facts of one coverage as a form or an import states them. */
const CoverageFactsObject = z.object({
    payerId: z.string().uuid("Choose a payer from the clinic's directory."),
    rank: z.enum(COVERAGE_RANKS),
    planType: z.enum(COVERAGE_PLAN_TYPES, { errorMap: () => ({ message: "Choose the plan type." }) }),
    memberId: z.string().trim().min(1, "Enter the member id.").max(80),
    groupNumber: z
      .string()
      .trim()
      .max(50, "Keep the group number under 50 characters.")
      .regex(/^[0-9A-Za-z -]*$/, "A group number has letters, digits, spaces and dashes only.")
      .optional()
      .nullable()
      .transform((v) => v || null),
    effectiveFrom: isoDate,
    effectiveTo: isoDate.optional().nullable().transform((v) => v ?? null),
});

const datesInOrder = (v: { effectiveFrom: string; effectiveTo: string | null }, ctx: z.RefinementCtx) => {
  if (v.effectiveTo && v.effectiveTo < v.effectiveFrom) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["effectiveTo"], message: "The end date is before the start date." });
};
const memberIdFits = (v: { planType: string; memberId?: string | null }, ctx: z.RefinementCtx) => {
  const memberIdError = v.memberId ? memberIdProblem(v.planType, v.memberId) : null;
  if (memberIdError) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["memberId"], message: memberIdError });
};

export const CoverageFactsSchema = CoverageFactsObject.superRefine((v, ctx) => {
  datesInOrder(v, ctx);
  memberIdFits(v, ctx);
});
export type CoverageFacts = z.infer<typeof CoverageFactsSchema>;

/** Why a member id does not fit the plan type (an MBI for traditional Medicare), or null. */
export function memberIdProblem(planType: string, memberId: string): string | null {
  if (planType === "medicare") {
    const mbi = validateMbi(memberId);
    return mbi.isValid ? null : `Traditional Medicare's member id is the patient's MBI: ${mbi.message}`;
  }
  return /^[0-9A-Za-z-]{1,80}$/.test(memberId.trim()) ? null : "A member id has letters, digits and dashes only (up to 80).";
}

/** The stored form of a member id: an MBI without dashes, upper case; others trimmed. */
export function normalizeMemberId(planType: string, memberId: string): string {
  if (planType === "medicare") {
    const mbi = validateMbi(memberId);
    if (mbi.isValid) return mbi.normalized;
  }
  return memberId.trim();
}

export const PatientRefSchema = z.object({ patientId: z.string().uuid() });
export const AddCoverageSchema = CoverageFactsObject.extend(PatientRefSchema.shape).superRefine((v, ctx) => {
  datesInOrder(v, ctx);
  memberIdFits(v, ctx);
});
export const EndCoverageSchema = PatientRefSchema.extend({ coverageId: z.string().uuid(), effectiveTo: isoDate });
/** A correction: the new facts and why; a blank member id keeps the one on file (the chart shows its last 4 only). */
export const CorrectCoverageSchema = CoverageFactsObject.extend({
  ...PatientRefSchema.shape,
  coverageId: z.string().uuid(),
  memberId: z.string().trim().max(80).optional().nullable(),
  reason: z.string().trim().min(1, "Say why the coverage is corrected.").max(500, "Keep the reason under 500 characters."),
}).superRefine((v, ctx) => {
  datesInOrder(v, ctx);
  memberIdFits(v, ctx);
});
