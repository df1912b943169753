import type { ScopedTx } from "@carefold/db";
import { stringify } from "csv-stringify/sync";

export interface AuditEventView {
  chain: string;
  seq: string;
  at: string;
  actor: string | null;
  actorUserId: string | null;
  patientId: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: "success" | "denied" | "failure";
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: unknown;
}

export interface AuditFilter {
  tenantId?: string;
  action?: string;
  outcome?: "success" | "denied" | "failure";
  before?: string;
  limit: number;
}

/** Tenant audit events visible in the current scope (RLS), newest first. */
export async function listTenantEvents(tx: ScopedTx, filter: AuditFilter): Promise<AuditEventView[]> {
  const rows = await tx.auditEvent.findMany({
    where: {
      ...(filter.tenantId ? { tenantId: filter.tenantId } : {}),
      ...(filter.action ? { action: { startsWith: filter.action } } : {}),
      ...(filter.outcome ? { outcome: filter.outcome } : {}),
      ...(filter.before ? { at: { lt: new Date(filter.before) } } : {}),
    },
    orderBy: [{ at: "desc" }, { seq: "desc" }],
    take: filter.limit,
  });
  return rows.map((r) => ({ ...view(r), chain: r.tenantId }));
}

export async function listPlatformEvents(tx: ScopedTx, filter: AuditFilter): Promise<AuditEventView[]> {
  const rows = await tx.platformAuditEvent.findMany({
    where: {
      ...(filter.action ? { action: { startsWith: filter.action } } : {}),
      ...(filter.outcome ? { outcome: filter.outcome } : {}),
      ...(filter.before ? { at: { lt: new Date(filter.before) } } : {}),
    },
    orderBy: { seq: "desc" },
    take: filter.limit,
  });
  return rows.map((r) => ({ ...view({ ...r, patientId: null }), chain: "platform" }));
}

function view(r: {
  seq: bigint; at: Date; actorLabel: string | null; actorUserId: string | null; patientId: string | null; action: string;
  objectType: string | null; objectId: string | null; outcome: "success" | "denied" | "failure"; requestId: string | null;
  ip: string | null; userAgent: string | null; details: unknown;
}) {
  return {
    seq: r.seq.toString(),
    at: r.at.toISOString(),
    actor: r.actorLabel,
    actorUserId: r.actorUserId,
    patientId: r.patientId,
    action: r.action,
    objectType: r.objectType,
    objectId: r.objectId,
    outcome: r.outcome,
    requestId: r.requestId,
    ip: r.ip,
    userAgent: r.userAgent,
    details: r.details,
  };
}

export const AUDIT_CSV_COLUMNS = ["chain", "seq", "at", "actor", "actorUserId", "patientId", "action", "objectType", "objectId", "outcome", "requestId", "ip", "userAgent", "details"] as const;

/** CSV export with a header row; details as JSON text. */
export function toAuditCsv(events: AuditEventView[]): string {
  return stringify(
    events.map((e) => AUDIT_CSV_COLUMNS.map((c) => (c === "details" ? JSON.stringify(e.details) : (e[c] ?? "")))),
    { header: true, columns: [...AUDIT_CSV_COLUMNS] },
  );
}

/** First broken link per chain (null = intact), recomputing every hash in the database. */
export async function verifyChains(tx: ScopedTx, tenantIds: readonly string[]) {
  const results: { chain: string; firstBrokenSeq: string | null }[] = [];
  for (const tenantId of tenantIds) {
    const [row] = await tx.$queryRaw<{ broken: bigint | null }[]>`SELECT audit_verify_tenant_chain(${tenantId}::uuid) AS broken`;
    results.push({ chain: tenantId, firstBrokenSeq: row?.broken?.toString() ?? null });
  }
  const [platform] = await tx.$queryRaw<{ broken: bigint | null }[]>`SELECT audit_verify_platform_chain() AS broken`;
  results.push({ chain: "platform", firstBrokenSeq: platform?.broken?.toString() ?? null });
  return results;
}
