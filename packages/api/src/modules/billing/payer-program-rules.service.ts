import { CARE_PROGRAMS, resolvePayerProgramRule, type PayerPlanType } from "@carefold/ccm-rules";
import type { ScopedTx } from "@carefold/db";
import { notFound } from "../../errors.js";
import { loadPayerProgramOverrides } from "./program-choice.service.js";
import type { SetPayerProgramRule } from "./program-choice.schemas.js";

/** The clinic's payers (or one) with the answer in force per program: its own entry, else the plan type's default. */
export async function listPayerProgramRules(tx: ScopedTx, tenantId: string, payerId?: string) {
  const payers = await tx.payer.findMany({ where: { tenantId, ...(payerId ? { id: payerId } : {}) }, orderBy: [{ active: "desc" }, { name: "asc" }] });
  if (payerId && payers.length === 0) throw notFound("That payer");
  return Promise.all(
    payers.map(async (p) => {
      const overrides = await loadPayerProgramOverrides(tx, tenantId, p.id);
      return {
        payerId: p.id,
        name: p.name,
        planType: p.planType as PayerPlanType,
        active: p.active,
        programs: CARE_PROGRAMS.map((program) => {
          const entry = overrides.get(program);
          return { program, ...resolvePayerProgramRule(p.planType as PayerPlanType, program, entry), updatedAt: entry?.updatedAt ?? null };
        }),
      };
    }),
  );
}

/** Enters or replaces the clinic's answer for one payer and program; returns the previous answer for the audit. */
export async function setPayerProgramRule(tx: ScopedTx, tenantId: string, input: SetPayerProgramRule, userId: string) {
  const payer = await tx.payer.findFirst({ where: { tenantId, id: input.payerId }, select: { id: true } });
  if (!payer) throw notFound("That payer");
  const key = { tenantId_payerId_program: { tenantId, payerId: input.payerId, program: input.program } };
  const previous = await tx.payerProgramRule.findUnique({ where: key, select: { pays: true } });
  const data = { pays: input.pays, source: input.source, note: input.note ?? null, enteredBy: userId, updatedAt: new Date() };
  await tx.payerProgramRule.upsert({ where: key, create: { tenantId, payerId: input.payerId, program: input.program, ...data }, update: data });
  return { payerId: input.payerId, program: input.program, pays: input.pays, previousPays: previous?.pays ?? null };
}

/** Removes the clinic's answer: the plan type's default applies again. */
export async function clearPayerProgramRule(tx: ScopedTx, tenantId: string, payerId: string, program: string) {
  const payer = await tx.payer.findFirst({ where: { tenantId, id: payerId }, select: { id: true } });
  if (!payer) throw notFound("That payer");
  const removed = await tx.payerProgramRule.deleteMany({ where: { tenantId, payerId, program } });
  return { payerId, program, removed: removed.count > 0 };
}
