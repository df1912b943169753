import type { ScopedTx } from "@carefold/db";
import { z } from "zod";
import { invalidInput, notFound } from "../../errors.js";
import { MAX_DIAGNOSES } from "./x12-common.js";
import { findBillingPractitionerId, requireBillingPractitioner } from "./complex-mdm.service.js";

export const DiagnosisOrderSchema = z.object({
  patientId: z.string().uuid(),
  /** ICD-10-CM codes of the patient's chronic problems, principal first (at most 12: what a claim holds). */
  codes: z
    .array(z.string().trim().toUpperCase().regex(/^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/, "Use ICD-10-CM codes like G30.9."))
    .min(1, "Choose the principal diagnosis at least.")
    .max(MAX_DIAGNOSES, `A claim holds at most ${MAX_DIAGNOSES} diagnoses.`)
    .refine((codes) => new Set(codes).size === codes.length, "Each diagnosis can appear once."),
});
export type DiagnosisOrder = z.infer<typeof DiagnosisOrderSchema>;

/**
 * The patient's billing practitioner orders the diagnoses CCM claims carry (problem.claim_rank,
 * 1 = principal): e.g. G30.9 before its manifestation F02.80. Codes left out keep no rank and
 * follow by code. Applies from the next close (the loader reads the rank). One transaction.
 */
export async function setClaimDiagnosisOrder(tx: ScopedTx, tenantId: string, userId: string, input: DiagnosisOrder) {
  const patient = await findBillingPractitionerId(tx, input.patientId);
  if (patient.tenantId !== tenantId) throw notFound("That patient");
  await requireBillingPractitioner(tx, tenantId, userId, patient.practitionerId);
  const problems = await tx.problem.findMany({ where: { tenantId, patientId: input.patientId, isChronic: true, resolvedOn: null }, select: { id: true, icd10Code: true } });
  const byCode = new Map(problems.map((p) => [p.icd10Code.toUpperCase(), p.id]));
  const unknown = input.codes.filter((c) => !byCode.has(c));
  if (unknown.length > 0) throw invalidInput(`${unknown.join(", ")} ${unknown.length === 1 ? "is" : "are"} not on the patient's active chronic problem list.`);
  await tx.problem.updateMany({ where: { tenantId, patientId: input.patientId }, data: { claimRank: null } });
  for (const [i, code] of input.codes.entries()) {
    await tx.problem.update({ where: { tenantId_id: { tenantId, id: byCode.get(code)! } }, data: { claimRank: i + 1 } });
  }
  return { codes: input.codes };
}
