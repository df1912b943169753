import { leanQuery, type ScopedTx } from "@carefold/db";
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
  ctx: Pick<Context, "auth" | "meta"> & { app?: Context["app"] },
  note: AuditNote,
  outcome: AuditOutcome,
  scopeTenantIds: readonly string[],
  errorCode?: string,
): Promise<void> {
  const actorUserId = note.actor?.userId ?? ctx.auth?.user.id ?? null;
  const actorLabel = note.actor?.label ?? ctx.auth?.user.email ?? null;
  const tenantId = note.subject.tenantId ?? null;
  const isTenantEvent = tenantId !== null && scopeTenantIds.includes(tenantId);
  const sessionClinic = ctx.app === "portal" ? ctx.auth?.activeTenantId : null;
  const clinicIds = note.clinicIds ?? (sessionClinic ? [sessionClinic] : []);
  const details = {
    ...(note.subject.details ?? {}),
    ...(errorCode ? { error: errorCode } : {}),
    ...(tenantId && !isTenantEvent ? { tenantId } : {}),
    ...(note.subject.patientId && !isTenantEvent ? { patientId: note.subject.patientId } : {}),
    // Tenant context of a person's own account events (sign-in, MFA, sign-out): the clinic the
    // portal session works in, so each clinic sees only what happened in it (issue 17 item 2).
    ...(!isTenantEvent && clinicIds.length > 0 ? { clinicIds } : {}),
  };
  // Plain INSERTs (no RETURNING): one statement on every audited request, so it stays lean.
  const action = note.action ?? note.path;
  const objectType = note.subject.objectType ?? null;
  const objectId = note.subject.objectId ?? null;
  const json = JSON.stringify(details);
  const values = [actorUserId, actorLabel, action, objectType, objectId, outcome, ctx.meta.requestId, ctx.meta.ip, ctx.meta.userAgent, json];
  if (isTenantEvent) {
    await leanQuery(
      tx,
      `INSERT INTO audit_event (actor_user_id, actor_label, action, object_type, object_id, outcome, request_id, ip, user_agent, details, tenant_id, patient_id, seq, prev_hash, hash)
       VALUES ($1::uuid, $2, $3, $4, $5, $6::audit_outcome, $7, $8, $9, $10::jsonb, $11::uuid, $12::uuid, 0, '', '')`,
      [...values, tenantId, note.subject.patientId ?? null],
    );
  } else {
    await leanQuery(
      tx,
      `INSERT INTO platform_audit_event (actor_user_id, actor_label, action, object_type, object_id, outcome, request_id, ip, user_agent, details, seq, prev_hash, hash)
       VALUES ($1::uuid, $2, $3, $4, $5, $6::audit_outcome, $7, $8, $9, $10::jsonb, 0, '', '')`,
      values,
    );
  }
}
