import { z } from "zod";

/** MDM levels that support complex CCM (99487/99489): moderate or high (ccm-rules §1.4). */
export const MDM_LEVELS = { moderate: "Moderate", high: "High" } as const;
export type MdmLevel = keyof typeof MDM_LEVELS;

const ServiceMonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Choose a service month (YYYY-MM).");

export const ComplexMdmMonthSchema = z.object({ patientId: z.string().uuid(), serviceMonth: ServiceMonthSchema });

/** The practitioner's attestation: level, the date of the decision (inside the month) and an optional note. */
export const AttestComplexMdmSchema = ComplexMdmMonthSchema.extend({
  mdmLevel: z.enum(["moderate", "high"], { errorMap: () => ({ message: "Choose the level of medical decision making: moderate or high." }) }),
  decidedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date of the decision (YYYY-MM-DD)."),
  note: z
    .string()
    .max(1000, "Keep the note under 1,000 characters.")
    .transform((v) => v.trim())
    .optional(),
}).superRefine((v, ctx) => {
  const parsed = new Date(`${v.decidedOn}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== v.decidedOn) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["decidedOn"], message: "Enter a real date for the decision (YYYY-MM-DD)." });
  } else if (v.decidedOn.slice(0, 7) !== v.serviceMonth) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["decidedOn"], message: "The decision must be dated inside the service month it documents." });
  }
});
export type AttestComplexMdm = z.infer<typeof AttestComplexMdmSchema>;

export const WithdrawComplexMdmSchema = z.object({
  attestationId: z.string().uuid(),
  reason: z
    .string({ required_error: "Say why the attestation is withdrawn." })
    .transform((v) => v.trim())
    .pipe(z.string().min(1, "Say why the attestation is withdrawn.").max(500, "Keep the reason under 500 characters.")),
});
export type WithdrawComplexMdm = z.infer<typeof WithdrawComplexMdmSchema>;
