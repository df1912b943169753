import { randomUUID } from "node:crypto";
import type { Db } from "../client.js";
import { createTenant, type NewTenant } from "../tenants.js";

/** A new clinic with a unique slug; each test makes its own tenants instead of sharing fixtures. */
export async function createTestTenant(db: Db, overrides: Partial<NewTenant> = {}) {
  const suffix = randomUUID().slice(0, 8);
  return createTenant(db, {
    name: `Test Clinic ${suffix}`,
    slug: `test-clinic-${suffix}`,
    timeZone: "America/Chicago",
    status: "active",
    ...overrides,
  });
}
