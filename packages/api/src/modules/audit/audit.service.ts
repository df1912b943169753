import type { ScopedTx } from "@carefold/db";
import { writeCsv } from "../../csv/csv-writer.js";
import { escapeLike } from "../../search/like-pattern.js";

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
export async function listTenantEvents(
  tx: ScopedTx,
  filter: AuditFilter,
): Promise<AuditEventView[]> {
  const rows = await tx.auditEvent.findMany({
    where: {
      ...(filter.tenantId ? { tenantId: filter.tenantId } : {}),
      ...(filter.action ? { action: { startsWith: escapeLike(filter.action) } } : {}),
      ...(filter.outcome ? { outcome: filter.outcome } : {}),
      ...(filter.before ? { at: { lt: new Date(filter.before) } } : {}),
    },
    orderBy: [{ at: "desc" }, { seq: "desc" }],
    take: filter.limit,
  });
  return rows.map((r) => ({ ...view(r), chain: r.tenantId }));
}

/**
 * Account events of a clinic's members that the clinic must be able to review (log-in monitoring,
 * HIPAA §164.308(a)(5)(ii)(C)). They live in the platform chain because a sign-in belongs to a
 * person, not to one clinic; only these actions are shared, and only their non-identifying details.
 * A clinic sees an event only when it happened in that clinic (its `clinicIds`: the clinic the
 * session worked in, or for a failed sign-in every clinic of the person) while the person was an
 * accepted member: never the person's history from
 * before they joined, nor their sign-ins to another clinic (issue 17 item 2).
 */
export const MEMBER_ACCOUNT_ACTIONS = [
  "auth.signIn",
  "auth.verifyMfa",
  "auth.useRecoveryCode",
  "auth.confirmMfaEnrollment",
  "auth.signOut",
  "auth.resetPassword",
  "account.signOutEverywhere",
  "account.revokeSession",
] as const;
const SHARED_ACCOUNT_DETAILS = ["result", "app", "sessionsRevoked"] as const;

/** The clinic's own chain merged with its members' account events, newest first. */
export async function listClinicEvents(
  tx: ScopedTx,
  filter: AuditFilter & { tenantId: string },
): Promise<AuditEventView[]> {
  const own = await listTenantEvents(tx, filter);
  const members = await listMemberAccountEvents(tx, filter);
  return [...own, ...members].sort((a, b) => b.at.localeCompare(a.at)).slice(0, filter.limit);
}

async function listMemberAccountEvents(
  tx: ScopedTx,
  filter: AuditFilter & { tenantId: string },
): Promise<AuditEventView[]> {
  const actions = MEMBER_ACCOUNT_ACTIONS.filter(
    (a) => !filter.action || a.startsWith(filter.action),
  );
  if (actions.length === 0) return [];
  const members = await tx.membership.findMany({
    where: { tenantId: filter.tenantId, acceptedAt: { not: null } },
    select: { userId: true, acceptedAt: true },
  });
  if (members.length === 0) return [];
  const rows = await tx.platformAuditEvent.findMany({
    where: {
      OR: members.map((m) => ({ actorUserId: m.userId, at: { gte: m.acceptedAt! } })),
      details: { path: ["clinicIds"], array_contains: [filter.tenantId] },
      action: { in: [...actions] },
      ...(filter.outcome ? { outcome: filter.outcome } : {}),
      ...(filter.before ? { at: { lt: new Date(filter.before) } } : {}),
    },
    orderBy: { seq: "desc" },
    take: filter.limit,
  });
  return rows.map((r) => ({
    ...view({ ...r, patientId: null, details: pick(r.details, SHARED_ACCOUNT_DETAILS) }),
    chain: "platform",
  }));
}

function pick(details: unknown, keys: readonly string[]): Record<string, unknown> {
  if (!details || typeof details !== "object") return {};
  return Object.fromEntries(Object.entries(details).filter(([key]) => keys.includes(key)));
}

export async function listPlatformEvents(
  tx: ScopedTx,
  filter: AuditFilter,
): Promise<AuditEventView[]> {
  const rows = await tx.platformAuditEvent.findMany({
    where: {
      ...(filter.action ? { action: { startsWith: escapeLike(filter.action) } } : {}),
      ...(filter.outcome ? { outcome: filter.outcome } : {}),
      ...(filter.before ? { at: { lt: new Date(filter.before) } } : {}),
    },
    orderBy: { seq: "desc" },
    take: filter.limit,
  });
  return rows.map((r) => ({ ...view({ ...r, patientId: null }), chain: "platform" }));
}

function view(r: {
  seq: bigint;
  at: Date;
  actorLabel: string | null;
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

export const AUDIT_CSV_COLUMNS = [
  "chain",
  "seq",
  "at",
  "actor",
  "actorUserId",
  "patientId",
  "action",
  "objectType",
  "objectId",
  "outcome",
  "requestId",
  "ip",
  "userAgent",
  "details",
] as const;

/**
 * CSV export with a header row; details as JSON text. User agents and details come from
 * unauthenticated requests, so the shared writer neutralises formulas.
 */
export function toAuditCsv(events: AuditEventView[]): string {
  return writeCsv(
    AUDIT_CSV_COLUMNS,
    events.map((e) =>
      AUDIT_CSV_COLUMNS.map((c) => (c === "details" ? JSON.stringify(e.details) : (e[c] ?? ""))),
    ),
  );
}

/** First broken link per chain (null = intact), recomputing every hash in the database. */
export async function verifyChains(tx: ScopedTx, tenantIds: readonly string[]) {
  const results: { chain: string; firstBrokenSeq: string | null }[] = [];
  for (const tenantId of tenantIds) {
    const [row] = await tx.$queryRaw<
      { broken: bigint | null }[]
    >`SELECT audit_verify_tenant_chain(${tenantId}::uuid) AS broken`;
    results.push({ chain: tenantId, firstBrokenSeq: row?.broken?.toString() ?? null });
  }
  const [platform] = await tx.$queryRaw<
    { broken: bigint | null }[]
  >`SELECT audit_verify_platform_chain() AS broken`;
  results.push({ chain: "platform", firstBrokenSeq: platform?.broken?.toString() ?? null });
  return results;
}
