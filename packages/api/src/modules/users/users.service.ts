import type { ScopedTx } from "@carefold/db";
import { invalidState, notFound } from "../../errors.js";
import { revokeAllSessions } from "../auth/session.service.js";

/** Members of one clinic (RLS scopes the query to it), newest first within status. */
export async function listClinicUsers(tx: ScopedTx, tenantId: string) {
  const rows = await tx.membership.findMany({
    where: { tenantId },
    include: { user: true },
    orderBy: [{ status: "asc" }, { user: { name: "asc" } }],
  });
  return rows.map((m) => ({
    userId: m.userId,
    name: m.user.name,
    email: m.user.email,
    role: m.role,
    membershipStatus: m.status,
    accountStatus: m.user.status,
    hasTotp: m.user.totpEnabledAt !== null,
    lastSignInAt: m.user.lastSignInAt?.toISOString() ?? null,
  }));
}

/**
 * Ends a person's access to this clinic and signs them out. A clinic always keeps at least one
 * active administrator, and nobody deactivates themselves.
 */
export async function deactivateClinicUser(tx: ScopedTx, tenantId: string, userId: string, actorId: string) {
  if (userId === actorId) throw invalidState("You cannot deactivate your own account. Ask another administrator.");
  const membership = await tx.membership.findUnique({ where: { tenantId_userId: { tenantId, userId } } });
  if (!membership) throw notFound("That user");
  if (membership.status === "deactivated") return { changed: false };
  if (membership.role === "clinic_admin") {
    const admins = await tx.membership.count({ where: { tenantId, role: "clinic_admin", status: "active" } });
    if (admins <= 1) throw invalidState("A clinic needs at least one active administrator.");
  }
  await tx.membership.update({ where: { tenantId_userId: { tenantId, userId } }, data: { status: "deactivated", updatedAt: new Date() } });
  await revokeAllSessions(tx, userId, "membership_deactivated");
  return { changed: true };
}

export async function reactivateClinicUser(tx: ScopedTx, tenantId: string, userId: string) {
  const result = await tx.membership.updateMany({ where: { tenantId, userId }, data: { status: "active", updatedAt: new Date() } });
  if (result.count === 0) throw notFound("That user");
  return { changed: true };
}
