import { z } from "zod";

/** A rate a vendor admin enters for one clinic, code and year (in dollars, stored as cents). */
export const SaveFeeScheduleRateSchema = z.object({
  tenantId: z.string().uuid(),
  code: z
    .string({ required_error: "Enter the CPT/HCPCS code (5 characters, e.g. 99491)." })
    .transform((v) => v.trim().toUpperCase())
    .pipe(z.string().regex(/^[0-9A-Z]{5}$/, "Enter the CPT/HCPCS code (5 characters, e.g. 99491).")),
  year: z.coerce.number({ invalid_type_error: "Enter the calendar year the rate applies to." }).int().min(2020, "Enter a year from 2020.").max(2100, "Enter a year before 2100."),
  amount: z
    .string({ required_error: "Enter the amount per unit in dollars (e.g. 84.50)." })
    .transform((v) => v.trim().replace(/^\$/, ""))
    .pipe(z.string().regex(/^\d{1,6}(\.\d{1,2})?$/, "Enter the amount per unit in dollars (e.g. 84.50)."))
    .transform((v) => Math.round(Number(v) * 100))
    .pipe(z.number().int().positive("A rate must be more than $0.00: a $0 line is never billed.")),
  source: z
    .string({ required_error: "Say where the rate comes from (e.g. the MAC's 2026 locality schedule)." })
    .transform((v) => v.trim())
    .pipe(z.string().min(1, "Say where the rate comes from (e.g. the MAC's 2026 locality schedule).").max(300, "Keep the source under 300 characters.")),
});
export type SaveFeeScheduleRate = z.infer<typeof SaveFeeScheduleRateSchema>;

export const ConversionFactorSchema = z.object({ tenantId: z.string().uuid(), conversionFactor: z.enum(["non_qp", "qp"]) });
