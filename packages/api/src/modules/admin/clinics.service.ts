import { widenTenantScope, type ScopedTx } from "@carefold/db";
import { randomUUID } from "node:crypto";
import type { ApiConfig } from "../../config.js";
import { conflict } from "../../errors.js";
import { inviteClinicUser } from "../auth/invitation.service.js";

export async function listClinics(tx: ScopedTx) {
  const tenants = await tx.tenant.findMany({
    orderBy: { name: "asc" },
    include: { _count: { select: { memberships: true, coordinatorAssignments: true } } },
  });
  return tenants.map((t) => ({
    id: t.id,
    name: t.name,
    slug: t.slug,
    timeZone: t.timeZone,
    status: t.status,
    setting: t.setting,
    userCount: t._count.memberships,
    coordinatorCount: t._count.coordinatorAssignments,
  }));
}

/**
 * Onboards a clinic: tenant, settings and an invitation for its first administrator, in one
 * transaction. The caller's system scope does not yet include the new id, so the scope is widened
 * for this transaction before the insert (RLS checks the new row like any other).
 */
export async function createClinic(
  tx: ScopedTx,
  config: ApiConfig,
  input: { name: string; slug: string; timeZone: string; setting: "office" | "fqhc" | "rhc"; admin: { email: string; name: string } },
  actorId: string,
) {
  if (await tx.tenant.findFirst({ where: { slug: input.slug } })) throw conflict(`The short name "${input.slug}" is taken. Choose another.`);
  const id = randomUUID();
  await widenTenantScope(tx, [id]);
  await tx.tenant.create({ data: { id, name: input.name, slug: input.slug, timeZone: input.timeZone, setting: input.setting, status: "onboarding" } });
  await tx.tenantSetting.create({ data: { tenantId: id } });
  const invited = await inviteClinicUser(tx, config, {
    tenantId: id,
    tenantName: input.name,
    email: input.admin.email,
    name: input.admin.name,
    role: "clinic_admin",
    invitedBy: actorId,
  });
  return { tenantId: id, adminUserId: invited.userId };
}
