import { withTenantScope, type Db } from "@carefold/db";

/** A practitioner row for a clinic, optionally linked to a user account. */
export async function createPractitioner(db: Db, tenantId: string, input: { name?: string; npi?: string; userId?: string } = {}) {
  return withTenantScope(db, { tenantIds: [tenantId] }, (tx) =>
    tx.practitioner.create({ data: { tenantId, name: input.name ?? "Dr. Test Practitioner", npi: input.npi ?? "1234567893", credentials: "MD", userId: input.userId ?? null } }),
  );
}
