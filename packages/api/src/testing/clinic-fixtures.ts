import { withTenantScope, type Db } from "@carefold/db";
import { createTestTenant } from "@carefold/db/testing";
import type { ApiConfig } from "../config.js";
import { TestBrowser, createUser, signIn } from "./api-test-kit.js";

/** A practitioner row for a clinic, optionally linked to a user account. */
export async function createPractitioner(db: Db, tenantId: string, input: { name?: string; npi?: string; userId?: string } = {}) {
  return withTenantScope(db, { tenantIds: [tenantId] }, (tx) =>
    tx.practitioner.create({ data: { tenantId, name: input.name ?? "Dr. Test Practitioner", npi: input.npi ?? "1234567893", credentials: "MD", userId: input.userId ?? null } }),
  );
}

/** A new clinic with the default practitioner (NPI 1234567893) and its clinic admin signed in to the portal. */
export async function clinicWithSignedInAdmin(db: Db, config: ApiConfig, name: string) {
  const tenant = await createTestTenant(db, { name });
  await createPractitioner(db, tenant.id);
  const admin = await createUser(db, config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_admin" }] });
  const browser = new TestBrowser(db, config, "portal");
  await signIn(browser, admin);
  return { tenantId: tenant.id, browser };
}
