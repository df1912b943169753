import { randomUUID } from "node:crypto";
import type { Db } from "./client.js";
import type { CareSetting, TenantStatus } from "./generated/prisma/enums.js";
import { withTenantScope } from "./scope.js";

export interface NewTenant {
  id?: string;
  name: string;
  slug: string;
  timeZone: string;
  status?: TenantStatus;
  setting?: CareSetting;
}

/**
 * Creates a clinic and its settings row in one transaction. The new id is generated here so the
 * transaction can be scoped to it: RLS applies even to the insert of the tenant itself.
 */
export async function createTenant(db: Db, input: NewTenant) {
  const id = input.id ?? randomUUID();
  return withTenantScope(db, { tenantIds: [id] }, async (tx) => {
    const tenant = await tx.tenant.create({
      data: {
        id,
        name: input.name,
        slug: input.slug,
        timeZone: input.timeZone,
        status: input.status ?? "onboarding",
        setting: input.setting ?? "office",
      },
    });
    await tx.tenantSetting.create({ data: { tenantId: id } });
    return tenant;
  });
}
