import { notFound } from "../../errors.js";
import type { ScopedContext } from "../../trpc/context.js";

/**
 * The clinic a new record belongs to: the portal user's active clinic, or (workspace) the clinic
 * the coordinator chose, which must be in their scope — otherwise it does not exist for them.
 */
export function chooseTenant(ctx: Pick<ScopedContext, "app" | "auth" | "tenantIds">, requested?: string): string {
  if (ctx.app === "portal") return ctx.auth!.activeTenantId!;
  if (requested && ctx.tenantIds.includes(requested)) return requested;
  if (!requested && ctx.tenantIds.length === 1) return ctx.tenantIds[0]!;
  throw notFound("That clinic");
}

/** The clinic of an existing patient, found through RLS (cross-tenant ids are simply not found). */
export async function tenantOfPatient(ctx: Pick<ScopedContext, "tx">, patientId: string): Promise<{ tenantId: string; timeZone: string }> {
  const patient = await ctx.tx.patient.findFirst({ where: { id: patientId }, select: { tenantId: true, tenant: { select: { timeZone: true } } } });
  if (!patient) throw notFound("That patient");
  return { tenantId: patient.tenantId, timeZone: patient.tenant.timeZone };
}
