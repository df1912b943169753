import type { Prisma, ScopedTx } from "@carefold/db";
import type { Context } from "../../trpc/context.js";
import type { AuditNote } from "./audit-note.js";

export type AuditOutcome = "success" | "denied" | "failure";

/**
 * Appends one event to the tenant's chain (when the subject names a tenant that is in scope) or
 * to the platform chain (with the tenant id in details). seq, at, prev_hash and hash are set by
 * the database trigger, under a per-chain lock.
 */
export async function writeAuditEvent(
  tx: ScopedTx,
  ctx: Pick<Context, "auth" | "meta">,
  note: AuditNote,
  outcome: AuditOutcome,
  scopeTenantIds: readonly string[],
  errorCode?: string,
): Promise<void> {
  const actorUserId = note.actor?.userId ?? ctx.auth?.user.id ?? null;
  const actorLabel = note.actor?.label ?? ctx.auth?.user.email ?? null;
  const tenantId = note.subject.tenantId ?? null;
  const isTenantEvent = tenantId !== null && scopeTenantIds.includes(tenantId);
  const details = {
    ...(note.subject.details ?? {}),
    ...(errorCode ? { error: errorCode } : {}),
    ...(tenantId && !isTenantEvent ? { tenantId } : {}),
    ...(note.subject.patientId && !isTenantEvent ? { patientId: note.subject.patientId } : {}),
  } as Prisma.InputJsonObject;
  const common = {
    actorUserId,
    actorLabel,
    action: note.action ?? note.path,
    objectType: note.subject.objectType ?? null,
    objectId: note.subject.objectId ?? null,
    outcome,
    requestId: ctx.meta.requestId,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    details,
  };
  if (isTenantEvent) {
    await tx.auditEvent.create({
      data: { ...common, tenantId, patientId: note.subject.patientId ?? null },
    });
  } else {
    await tx.platformAuditEvent.create({ data: common });
  }
}
