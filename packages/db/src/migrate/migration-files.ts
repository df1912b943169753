import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

export interface MigrationFile {
  /** Folder name, e.g. `20261129000000_foundation`; its timestamp prefix orders migrations. */
  name: string;
  sql: string;
  /** sha256 of the file's bytes: an applied migration must never change. */
  checksum: string;
}

/** Reads `<dir>/<stamp>_<name>/migration.sql` (Prisma's layout) in name order. */
export async function readMigrationFiles(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const folders = entries
    .filter((e) => e.isDirectory() && /^\d{14}_[a-z0-9_]+$/.test(e.name))
    .map((e) => e.name)
    .sort();
  return Promise.all(
    folders.map(async (name) => {
      const sql = await readFile(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}
