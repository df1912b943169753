// `npm run db:migrate`: create roles and database if needed, then apply pending migrations.
// Uses DATABASE_URL, or the embedded PostgreSQL under CAREFOLD_DATA_DIR when it is not set.
import { loadBootstrapEnv } from "@carefold/env";
import { startEmbeddedPostgres } from "../embedded.js";
import { prepareDatabase } from "../prepare.js";

const env = loadBootstrapEnv();
const embedded = env.DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres({ dataDir: `${env.CAREFOLD_DATA_DIR}/pg`, port: env.EMBEDDED_PG_PORT, log: console.log });
try {
  await prepareDatabase(env.DATABASE_URL ?? embedded!.adminUrl, {
    database: env.CAREFOLD_DATABASE,
    ownerPassword: env.CAREFOLD_OWNER_PASSWORD,
    appPassword: env.CAREFOLD_APP_PASSWORD,
    log: console.log,
  });
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await embedded?.stop();
}
