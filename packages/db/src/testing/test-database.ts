import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { APP_ROLE, OWNER_ROLE, ensureDatabase, withCredentials, type DatabaseUrls } from "../bootstrap.js";
import { MIGRATIONS_DIR, readMigrationFiles, runMigrations } from "../migrate/index.js";

const TEST_PASSWORD = { ownerPassword: "carefold_owner_test", appPassword: "carefold_app_test" };
const TEMPLATE_LOCK_KEY = 7_420_133_902;

/**
 * Makes sure a migrated template database exists for the current migrations and returns its name.
 * The name carries a digest of the migration checksums, so concurrent test runs share one
 * template and a changed migration gets a fresh one. Built under an advisory lock, then renamed,
 * so nobody ever clones a half-migrated template.
 */
export async function ensureTemplateDatabase(adminUrl: string): Promise<string> {
  const files = await readMigrationFiles(MIGRATIONS_DIR);
  const digest = createHash("sha256")
    .update(files.map((f) => `${f.name}:${f.checksum}`).join("\n"))
    .digest("hex")
    .slice(0, 16);
  const template = `carefold_tmpl_${digest}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query("SELECT pg_advisory_lock($1)", [TEMPLATE_LOCK_KEY]);
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [template]);
    if (!rowCount) {
      const building = `${template}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      const urls = await ensureDatabase(adminUrl, { database: building, ...TEST_PASSWORD });
      await runMigrations(urls.ownerUrl, MIGRATIONS_DIR);
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
      await admin.query(`COMMENT ON DATABASE ${template} IS '${BUILT_AT_PREFIX}${Date.now()}'`);
      await dropStaleTemplates(admin, template);
    }
    return template;
  } finally {
    await admin.query("SELECT pg_advisory_unlock($1)", [TEMPLATE_LOCK_KEY]).catch(() => {});
    await admin.end();
  }
}

const BUILT_AT_PREFIX = "built:";
/** Another checkout (a second work tree, a branch) may still be cloning an older template. */
const STALE_TEMPLATE_AGE_MS = 6 * 60 * 60 * 1000;

async function dropStaleTemplates(admin: pg.Client, keep: string) {
  const { rows } = await admin.query<{ datname: string; comment: string | null }>(
    `SELECT datname, shobj_description(oid, 'pg_database') AS comment
       FROM pg_database WHERE datname LIKE 'carefold\\_tmpl\\_%' AND datname <> $1`,
    [keep],
  );
  for (const { datname, comment } of rows) {
    const builtAt = comment?.startsWith(BUILT_AT_PREFIX) ? Number(comment.slice(BUILT_AT_PREFIX.length)) : 0;
    if (Date.now() - builtAt < STALE_TEMPLATE_AGE_MS) continue;
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
  }
}

/** A fresh database cloned from the template: each test file gets its own. */
export async function createDatabaseFromTemplate(adminUrl: string, template: string): Promise<DatabaseUrls & { name: string }> {
  const name = `carefold_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} OWNER ${OWNER_ROLE} TEMPLATE ${template}`);
        break;
      } catch (error) {
        // Two clones of one template at the same instant can collide; retry briefly.
        if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    await admin.query(`GRANT CONNECT, CREATE ON DATABASE ${name} TO ${APP_ROLE}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    ownerUrl: withCredentials(adminUrl, OWNER_ROLE, TEST_PASSWORD.ownerPassword, name),
    appUrl: withCredentials(adminUrl, APP_ROLE, TEST_PASSWORD.appPassword, name),
  };
}
