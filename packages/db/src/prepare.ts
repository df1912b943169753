import { ensureDatabase, type DatabaseUrls } from "./bootstrap.js";
import { MIGRATIONS_DIR, runMigrations } from "./migrate/index.js";

/**
 * Everything a process needs before the apps can connect: roles, database, migrations.
 * Used by `npm start`, `npm run db:migrate` and CI.
 */
export async function prepareDatabase(
  adminUrl: string,
  opts: { database: string; ownerPassword: string; appPassword: string; log?: (line: string) => void },
): Promise<DatabaseUrls> {
  const urls = await ensureDatabase(adminUrl, opts);
  const result = await runMigrations(urls.ownerUrl, MIGRATIONS_DIR, opts.log);
  opts.log?.(
    `database ${opts.database}: ${result.applied.length} migration(s) applied, ${result.alreadyApplied} already applied`,
  );
  return urls;
}
