import type { ScopedTx } from "@carefold/db";
import { invalidState, notFound } from "../../errors.js";
import { revokeClinicSessions } from "../auth/session.service.js";

/**
 * Members of one clinic (RLS scopes the query to it). A pending invitation shows only what the
 * inviting admin typed (name and e-mail): the account's own name, two-step status and last sign-in belong
 * to their account, which the clinic may not see before the person accepts (issue 17 item 2).
 */
export async function listClinicUsers(tx: ScopedTx, tenantId: string) {
  const rows = await tx.membership.findMany({
    where: { tenantId },
    include: { user: true },
    orderBy: [{ status: "asc" }, { user: { name: "asc" } }],
  });
  return rows.map((m) => {
    const isAccepted = m.acceptedAt !== null;
    return {
      userId: m.userId,
      name: isAccepted ? m.user.name : (m.invitedName ?? m.user.email),
      email: m.user.email,
      role: m.role,
      membershipStatus: m.status,
      accountStatus: isAccepted ? m.user.status : null,
      hasTotp: isAccepted ? m.user.totpEnabledAt !== null : null,
      lastSignInAt: isAccepted ? (m.user.lastSignInAt?.toISOString() ?? null) : null,
    };
  });
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
  if (membership.role === "clinic_admin" && membership.status === "active") {
    const admins = await tx.membership.count({ where: { tenantId, role: "clinic_admin", status: "active" } });
    if (admins <= 1) throw invalidState("A clinic needs at least one active administrator.");
  }
  await tx.membership.update({ where: { tenantId_userId: { tenantId, userId } }, data: { status: "deactivated", updatedAt: new Date() } });
  // Only the sessions working in this clinic: the person's sessions in another clinic are not
  // this clinic's to end (memberships are read on every request, so access here ends at once).
  await revokeClinicSessions(tx, userId, tenantId, "membership_deactivated");
  return { changed: true };
}

/**
 * Gives back access that the person once accepted. A withdrawn invitation that was never accepted
 * goes back to pending: only the person can make it active (issue 17 item 2).
 */
export async function reactivateClinicUser(tx: ScopedTx, tenantId: string, userId: string) {
  const membership = await tx.membership.findUnique({ where: { tenantId_userId: { tenantId, userId } } });
  if (!membership) throw notFound("That user");
  if (membership.status !== "deactivated") return { changed: false };
  const status = membership.acceptedAt === null ? "pending" : "active";
  await tx.membership.update({ where: { tenantId_userId: { tenantId, userId } }, data: { status, updatedAt: new Date() } });
  return { changed: true };
}
