import { z } from "zod";
import { ServiceMonthSchema } from "../invoicing/invoicing.schemas.js";

export const PROGRAMS = ["ccm", "pcm", "apcm", "rpm"] as const;

export const ProgramChoiceSchema = z.object({ patientId: z.string().uuid(), serviceMonth: ServiceMonthSchema.optional() });

export const PayerRulesSchema = z.object({ payerId: z.string().uuid().optional() });

/** A clinic's answer for one payer and program, with the text it rests on. */
export const SetPayerProgramRuleSchema = z.object({
  payerId: z.string().uuid(),
  program: z.enum(PROGRAMS, { errorMap: () => ({ message: "Choose a program: CCM, PCM, APCM or RPM." }) }),
  pays: z.enum(["yes", "no", "unknown"], { errorMap: () => ({ message: "Choose whether the payer pays: yes, no or unknown." }) }),
  source: z.string().transform((v) => v.trim()).pipe(z.string().min(1, "Say where this comes from (the plan's policy, a contract clause, the state manual).").max(300, "Keep the source under 300 characters.")),
  note: z.string().max(500, "Keep the note under 500 characters.").transform((v) => v.trim() || null).optional(),
});
export type SetPayerProgramRule = z.infer<typeof SetPayerProgramRuleSchema>;

export const ClearPayerProgramRuleSchema = z.object({ payerId: z.string().uuid(), program: z.enum(PROGRAMS) });
