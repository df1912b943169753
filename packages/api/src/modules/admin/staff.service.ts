import type { ScopedTx } from "@carefold/db";
import { invalidState, notFound } from "../../errors.js";
import { revokeAllSessions } from "../auth/session.service.js";

export async function listVendorStaff(tx: ScopedTx) {
  const users = await tx.appUser.findMany({
    where: { kind: "vendor" },
    include: { vendorRoles: true, coordinatorAssignments: { include: { tenant: { select: { id: true, name: true } } } } },
    orderBy: { name: "asc" },
  });
  return users.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    status: u.status,
    roles: u.vendorRoles.map((r) => r.role),
    hasTotp: u.totpEnabledAt !== null,
    lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
    clinics: u.coordinatorAssignments.map((a) => ({ id: a.tenant.id, name: a.tenant.name })),
  }));
}

export async function deactivateVendorStaff(tx: ScopedTx, userId: string, actorId: string) {
  if (userId === actorId) throw invalidState("You cannot deactivate your own account.");
  const user = await tx.appUser.findFirst({ where: { id: userId, kind: "vendor" } });
  if (!user) throw notFound("That staff member");
  await tx.appUser.update({ where: { id: userId }, data: { status: "deactivated", updatedAt: new Date() } });
  await revokeAllSessions(tx, userId, "account_deactivated");
  return { changed: user.status !== "deactivated" };
}

/** Gives a coordinator a clinic; takes effect on their next request. */
export async function assignCoordinator(tx: ScopedTx, input: { userId: string; tenantId: string }, actorId: string) {
  const user = await tx.appUser.findFirst({ where: { id: input.userId, kind: "vendor", vendorRoles: { some: { role: { in: ["coordinator", "supervisor"] } } } } });
  if (!user) throw notFound("That coordinator");
  const tenant = await tx.tenant.findUnique({ where: { id: input.tenantId } });
  if (!tenant) throw notFound("That clinic");
  await tx.coordinatorAssignment.upsert({
    where: { tenantId_userId: { tenantId: input.tenantId, userId: input.userId } },
    create: { tenantId: input.tenantId, userId: input.userId, assignedBy: actorId },
    update: {},
  });
  return { ok: true as const };
}

/** Removes a clinic from a coordinator; their very next request no longer sees it. */
export async function unassignCoordinator(tx: ScopedTx, input: { userId: string; tenantId: string }) {
  const result = await tx.coordinatorAssignment.deleteMany({ where: { tenantId: input.tenantId, userId: input.userId } });
  if (result.count === 0) throw notFound("That assignment");
  return { ok: true as const };
}
