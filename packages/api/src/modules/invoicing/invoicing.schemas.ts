import { z } from "zod";

export const ServiceMonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use the month format YYYY-MM.");
/** Whole cents, at most $1,000,000 for one price. */
export const CentsSchema = z.number({ invalid_type_error: "Enter an amount." }).int("Amounts are whole cents.").min(0, "Amounts cannot be negative.").max(100_000_000, "That amount is too large.");
const CodeSchema = z.string().regex(/^[0-9A-Z]{5}$/, "A billing code has 5 characters, like 99490.");

export const PricingSchema = z.discriminatedUnion("model", [
  z.object({ model: z.literal("per_patient_month"), feePerPatientMonthCents: CentsSchema }),
  z.object({ model: z.literal("per_code"), codeFeesCents: z.record(CodeSchema, CentsSchema).refine((fees) => Object.keys(fees).length > 0, "List at least one code and its fee.") }),
  z.object({ model: z.literal("percent_of_reimbursement"), percentBasisPoints: z.number().int().min(1, "The percentage must be above 0.").max(10000, "The percentage cannot exceed 100 %.") }),
]);

export const CreateContractSchema = z.object({
  tenantId: z.string().uuid(),
  effectiveFromMonth: ServiceMonthSchema,
  pricing: PricingSchema,
  monthlyMinimumCents: CentsSchema.default(0),
  paymentTermsDays: z.number().int().min(0, "Payment terms are 0 to 120 days.").max(120, "Payment terms are 0 to 120 days."),
  billingContactName: z.string().trim().min(1, "Name the billing contact.").max(200),
  billingContactEmail: z.string().trim().email("Enter the billing contact's e-mail address.").max(320),
});
export type CreateContract = z.infer<typeof CreateContractSchema>;

export const ClinicMonthSchema = z.object({ tenantId: z.string().uuid(), serviceMonth: ServiceMonthSchema });
export const InvoiceRefSchema = z.object({ tenantId: z.string().uuid(), invoiceId: z.string().uuid() });

export const AddAdjustmentSchema = InvoiceRefSchema.extend({
  description: z.string().trim().min(3, "Describe the adjustment.").max(200),
  amountCents: z.number().int("Amounts are whole cents.").min(-100_000_000).max(100_000_000).refine((v) => v !== 0, "An adjustment needs an amount."),
  reason: z.string().trim().min(3, "Give the reason for the adjustment.").max(1000),
});
export type AddAdjustment = z.infer<typeof AddAdjustmentSchema>;
