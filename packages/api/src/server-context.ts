import { createDb, type Db } from "@carefold/db";
import { loadRuntimeEnv } from "@carefold/env";

let db: Db | undefined;

/**
 * The process-wide database client of a web app, connected as the runtime role. Created on
 * first use so that importing the API (e.g. in a build step) needs no configuration.
 */
export function getAppDb(): Db {
  if (!db) {
    const env = loadRuntimeEnv();
    db = createDb(env.APP_DATABASE_URL, env.DATABASE_POOL_SIZE);
  }
  return db;
}
