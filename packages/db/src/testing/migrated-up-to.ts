import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { dropDatabase, ensureDatabase } from "../bootstrap.js";
import { MIGRATIONS_DIR } from "../migrate/index.js";
import { readMigrationFiles } from "../migrate/migration-files.js";
import { runMigrations } from "../migrate/run-migrations.js";

/**
 * For a test of one migration on a database that already holds data: a fresh database migrated
 * up to just before `target`, an owner connection to it, and the rest of the migrations to run
 * when the test has written its rows. The database is dropped after the file's tests.
 */
export function useDatabaseMigratedUpTo(target: string, label: string) {
  const adminUrl = () => inject("carefoldAdminUrl");
  let database: string;
  let ownerUrl: string;
  let client: pg.Client;

  beforeAll(async () => {
    database = `carefold_migtest_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    ({ ownerUrl } = await ensureDatabase(adminUrl(), { database, ownerPassword: "carefold_owner_test", appPassword: "carefold_app_test" }));
    const before = await mkdtemp(join(tmpdir(), "carefold-migrations-before-"));
    for (const file of await readMigrationFiles(MIGRATIONS_DIR)) {
      if (file.name < target) await cp(join(MIGRATIONS_DIR, file.name), join(before, file.name), { recursive: true });
    }
    await runMigrations(ownerUrl, before);
    client = new pg.Client({ connectionString: ownerUrl });
    await client.connect();
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    await dropDatabase(adminUrl(), database);
  });

  return {
    query: (text: string, values: unknown[] = []) => client.query(text, values),
    /** Applies every remaining migration, `target` first. */
    migrateToLatest: () => runMigrations(ownerUrl, MIGRATIONS_DIR),
  };
}
