import pg from "pg";
import { readMigrationFiles } from "./migration-files.js";

/** Advisory-lock key shared by every runner, so two processes never migrate at once. */
const MIGRATION_LOCK_KEY = 7_420_133_901;

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies pending SQL migrations from `dir` as the connected (owner) role.
 * Each migration runs in its own transaction together with its bookkeeping row, so a failure
 * leaves nothing half-applied. Refuses to run when an applied migration was edited or deleted.
 * Safe to run twice and from several processes at once (session advisory lock).
 */
export async function runMigrations(
  connectionString: string,
  dir: string,
  log: (line: string) => void = () => {},
): Promise<MigrationResult> {
  const files = await readMigrationFiles(dir);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS _carefold_migration (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ name: string; checksum: string }>(
      "SELECT name, checksum FROM _carefold_migration ORDER BY name",
    );
    assertAppliedUnchanged(rows, files);
    const appliedNames = new Set(rows.map((r) => r.name));
    const applied: string[] = [];
    for (const file of files.filter((f) => !appliedNames.has(f.name))) {
      await applyOne(client, file.name, file.sql, file.checksum);
      log(`applied migration ${file.name}`);
      applied.push(file.name);
    }
    return { applied, alreadyApplied: appliedNames.size };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

function assertAppliedUnchanged(
  applied: { name: string; checksum: string }[],
  files: { name: string; checksum: string }[],
): void {
  const byName = new Map(files.map((f) => [f.name, f.checksum]));
  for (const row of applied) {
    const checksum = byName.get(row.name);
    if (checksum === undefined) {
      throw new MigrationError(
        `Migration ${row.name} is recorded as applied but its folder is missing. ` +
          "Restore it: applied migrations are never deleted.",
      );
    }
    if (checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.name} was edited after it was applied (checksum ${row.checksum.slice(0, 12)}… ` +
          `is now ${checksum.slice(0, 12)}…). Revert the edit and add a new migration instead.`,
      );
    }
  }
}

async function applyOne(client: pg.Client, name: string, sql: string, checksum: string) {
  await client.query("BEGIN");
  try {
    await client.query(sql);
    await client.query("INSERT INTO _carefold_migration (name, checksum) VALUES ($1, $2)", [
      name,
      checksum,
    ]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw new MigrationError(`Migration ${name} failed and was rolled back: ${(error as Error).message}`);
  }
}
