import { leanQuery, type Db, type ScopedTx } from "@carefold/db";
import type { ApiConfig } from "../../config.js";
import { randomToken, sha256Hex } from "./crypto.js";

export type VendorRole = "vendor_admin" | "supervisor" | "coordinator" | "billing";
export type TenantRole = "clinic_admin" | "practitioner" | "clinic_staff";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  kind: "vendor" | "clinic";
  vendorRoles: VendorRole[];
  hasTotp: boolean;
  /** From the user's profile: how their minutes count (role, location) and since when they work here. */
  performer: { role: PerformerRole; isInUs: boolean; accountCreatedAt: Date };
}

export type PerformerRole = "clinical_staff" | "billing_practitioner" | "non_clinical";

export interface MembershipView {
  tenantId: string;
  tenantName: string;
  role: TenantRole;
  mfaRequired: boolean;
  idleTimeoutMinutes: number;
}

export interface AuthState {
  sessionId: string;
  user: SessionUser;
  isMfaVerified: boolean;
  /** Vendor staff always; clinic users when any of their clinics enforces it. */
  isMfaRequired: boolean;
  activeTenantId: string | null;
  memberships: MembershipView[];
  /** Clinics a coordinator is assigned to, read fresh on every request. */
  assignedTenantIds: string[];
  idleTimeoutMinutes: number;
  expiresAt: Date;
}

export type SessionRejection = "idle_timeout" | "expired" | "revoked";

/** Only touch last_seen_at once a minute: idle timeout needs minute precision, not a write per request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Resolves a presented session token to the signed-in user, enforcing revocation, absolute
 * lifetime and idle timeout. Memberships and assignments are read on every request so that a
 * removed assignment or deactivated membership takes effect at once.
 */
export async function resolveSession(
  db: Db,
  token: string,
  app: "portal" | "workspace",
  now = new Date(),
  options: { touch?: boolean } = {},
): Promise<{ auth: AuthState } | { rejected: SessionRejection } | null> {
  // One round trip: session, user, roles and access (auth_session_context, decision 0013).
  const [row] = await leanQuery<{ context: SessionContext | null }>(db, "SELECT auth_session_context($1) AS context", [sha256Hex(token)]);
  const context = row?.context;
  if (!context || context.session.app !== app) return null;
  const { session, user: u, access } = context;
  const lastSeenAt = Date.parse(session.lastSeenAt);
  if (session.revokedAt) return { rejected: "revoked" };
  if (Date.parse(session.expiresAt) <= now.getTime()) return { rejected: "expired" };
  if (now.getTime() - lastSeenAt > session.idleTimeoutMinutes * 60_000) {
    await db.userSession.update({ where: { id: session.id }, data: { revokedAt: now, revokedReason: "idle_timeout" } });
    return { rejected: "idle_timeout" };
  }
  if (u.status !== "active") return { rejected: "revoked" };

  // A heartbeat request does not extend the session by itself (time.heartbeat decides: only
  // during patient work), so an idle page that keeps polling still times out.
  if (options.touch !== false && now.getTime() - lastSeenAt > TOUCH_EVERY_MS) {
    await db.userSession.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  const user: SessionUser = {
    id: u.id,
    email: u.email,
    name: u.name,
    kind: u.kind,
    vendorRoles: u.vendorRoles,
    hasTotp: u.hasTotp,
    performer: { role: u.performerRole, isInUs: u.worksInUs, accountCreatedAt: new Date(u.createdAt) },
  };
  const { memberships, assignedTenantIds } = access;
  const activeTenantId =
    memberships.find((m) => m.tenantId === session.activeTenantId)?.tenantId ?? memberships[0]?.tenantId ?? null;
  return {
    auth: {
      sessionId: session.id,
      user,
      isMfaVerified: session.isMfaVerified,
      isMfaRequired: isMfaRequiredFor(user, memberships),
      activeTenantId,
      memberships,
      assignedTenantIds,
      idleTimeoutMinutes: session.idleTimeoutMinutes,
      expiresAt: new Date(session.expiresAt),
    },
  };
}

/** What auth_session_context returns (JSON: timestamps as ISO strings). */
interface SessionContext {
  session: { id: string; userId: string; app: "portal" | "workspace"; isMfaVerified: boolean; activeTenantId: string | null; idleTimeoutMinutes: number; lastSeenAt: string; expiresAt: string; revokedAt: string | null };
  user: { id: string; email: string; name: string; kind: "vendor" | "clinic"; status: string; hasTotp: boolean; performerRole: PerformerRole; worksInUs: boolean; createdAt: string; vendorRoles: VendorRole[] };
  access: UserAccess;
}

interface UserAccess {
  memberships: MembershipView[];
  assignedTenantIds: string[];
}

/** A second factor is needed for vendor staff, for anyone who enrolled one, and where a clinic enforces it. */
export function isMfaRequiredFor(user: Pick<SessionUser, "kind" | "hasTotp">, memberships: MembershipView[]): boolean {
  return user.kind === "vendor" || user.hasTotp || memberships.some((m) => m.mfaRequired);
}

/** A user's active memberships (with clinic names and settings) and coordinator assignments. */
export async function loadAccess(db: Db | ScopedTx, userId: string): Promise<UserAccess> {
  const [row] = await leanQuery<{ access: UserAccess }>(db, "SELECT auth_user_access($1::uuid) AS access", [userId]);
  return row!.access;
}

/** Creates a session and returns the raw token for the cookie (only its hash is stored). */
export async function createSession(
  tx: ScopedTx,
  config: ApiConfig,
  input: {
    userId: string;
    app: "portal" | "workspace";
    isMfaVerified: boolean;
    idleTimeoutMinutes: number;
    activeTenantId: string | null;
    ip: string;
    userAgent: string | null;
    now?: Date;
  },
): Promise<{ token: string; sessionId: string; maxAgeSeconds: number }> {
  const now = input.now ?? new Date();
  const token = randomToken();
  const maxAgeSeconds = config.sessionAbsoluteHours * 3600;
  const session = await tx.userSession.create({
    data: {
      tokenHash: sha256Hex(token),
      userId: input.userId,
      app: input.app,
      isMfaVerified: input.isMfaVerified,
      idleTimeoutMinutes: input.idleTimeoutMinutes,
      activeTenantId: input.activeTenantId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + maxAgeSeconds * 1000),
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 400) ?? null,
    },
  });
  return { token, sessionId: session.id, maxAgeSeconds };
}

export async function revokeSessionByToken(tx: ScopedTx, token: string | null, reason: string): Promise<void> {
  if (!token) return;
  await tx.userSession.updateMany({
    where: { tokenHash: sha256Hex(token), revokedAt: null },
    data: { revokedAt: new Date(), revokedReason: reason },
  });
}

export async function revokeAllSessions(tx: ScopedTx, userId: string, reason: string, exceptSessionId?: string) {
  const result = await tx.userSession.updateMany({
    where: { userId, revokedAt: null, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
    data: { revokedAt: new Date(), revokedReason: reason },
  });
  return result.count;
}
