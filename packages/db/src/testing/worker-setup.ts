// Vitest setupFiles entry for integration projects: every test file gets its own database,
// cloned from the migrated template, and drops it afterwards.
import { afterAll, beforeAll, inject } from "vitest";
import { dropDatabase } from "../bootstrap.js";
import { createDb } from "../client.js";
import { createDatabaseFromTemplate } from "./test-database.js";
import { setCurrentTestDatabase, getTestDatabase } from "./current.js";

beforeAll(async () => {
  const adminUrl = inject("carefoldAdminUrl");
  const created = await createDatabaseFromTemplate(adminUrl, inject("carefoldTemplate"));
  setCurrentTestDatabase({ ...created, adminUrl, db: createDb(created.appUrl, 5) });
});

afterAll(async () => {
  const current = getTestDatabase();
  await current.db.$disconnect();
  await dropDatabase(current.adminUrl, current.name);
});
