import pg from "pg";

export const OWNER_ROLE = "carefold_owner";
export const APP_ROLE = "carefold_app";

export interface DatabaseUrls {
  /** Owner of the schema: runs migrations. */
  ownerUrl: string;
  /** Runtime role: not owner, NOSUPERUSER, NOBYPASSRLS. Everything the apps do goes through it. */
  appUrl: string;
}

export interface EnsureDatabaseOptions {
  database: string;
  ownerPassword: string;
  appPassword: string;
  /** Create the database as a copy of this (already migrated) template. */
  template?: string;
}

/** Replaces user, password and database of a PostgreSQL URL. */
export function withCredentials(url: string, user: string, password: string, database: string) {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Creates (if missing) the two roles and the database, using an administrative connection.
 * Idempotent: re-running only re-asserts passwords and grants.
 */
export async function ensureDatabase(adminUrl: string, opts: EnsureDatabaseOptions): Promise<DatabaseUrls> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    if (!(await canManageRoles(admin))) {
      // Production: DATABASE_URL is the owner itself; infra/postgres/bootstrap.sql made the roles.
      return {
        ownerUrl: withCredentials(adminUrl, decodeURIComponent(new URL(adminUrl).username), decodeURIComponent(new URL(adminUrl).password), opts.database),
        appUrl: withCredentials(adminUrl, APP_ROLE, opts.appPassword, opts.database),
      };
    }
    await ensureRole(admin, OWNER_ROLE, opts.ownerPassword, "NOSUPERUSER NOCREATEROLE NOBYPASSRLS");
    await ensureRole(admin, APP_ROLE, opts.appPassword, "NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS");
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [opts.database]);
    if (!rowCount) {
      const template = opts.template ? ` TEMPLATE ${pg.escapeIdentifier(opts.template)}` : "";
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(opts.database)} OWNER ${OWNER_ROLE}${template}`);
    }
    // CREATE on the database lets the job queue create and own its schema (decision 0004).
    await admin.query(`GRANT CONNECT, CREATE ON DATABASE ${pg.escapeIdentifier(opts.database)} TO ${APP_ROLE}`);
  } finally {
    await admin.end();
  }
  return {
    ownerUrl: withCredentials(adminUrl, OWNER_ROLE, opts.ownerPassword, opts.database),
    appUrl: withCredentials(adminUrl, APP_ROLE, opts.appPassword, opts.database),
  };
}

async function canManageRoles(admin: pg.Client): Promise<boolean> {
  const { rows } = await admin.query<{ ok: boolean }>(
    "SELECT rolsuper OR (rolcreaterole AND rolcreatedb) AS ok FROM pg_roles WHERE rolname = current_user",
  );
  return rows[0]?.ok === true;
}

async function ensureRole(admin: pg.Client, role: string, password: string, attributes: string) {
  const { rowCount } = await admin.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
  const verb = rowCount ? "ALTER" : "CREATE";
  await admin.query(`${verb} ROLE ${role} LOGIN ${attributes} PASSWORD ${pg.escapeLiteral(password)}`);
}

/** Drops a database, closing other sessions first (test clean-up). */
export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
