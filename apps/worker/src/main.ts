// The worker process: `npm start` runs it beside the two web apps.
import { createFileCheckpointStore, createInvoicingProviderFromEnv, telephonyFromEnv } from "@carefold/api";
import { createDb } from "@carefold/db";
import { loadWorkerEnv } from "@carefold/env";
import { startJobRunner } from "./job-runner.js";

const env = loadWorkerEnv();
const db = createDb(env.APP_DATABASE_URL, env.DATABASE_POOL_SIZE);
const log = (line: string) => console.log(`[worker] ${line}`);
// Signed audit chain checkpoints outside the database (issue 17): the key comes from the
// environment, never from the database the checkpoints protect.
const auditCheckpointing =
  env.AUDIT_CHECKPOINT_KEY && env.AUDIT_CHECKPOINT_DIR
    ? { store: createFileCheckpointStore(env.AUDIT_CHECKPOINT_DIR), key: Buffer.from(env.AUDIT_CHECKPOINT_KEY, "base64") }
    : undefined;
const runner = await startJobRunner({ connectionString: env.APP_DATABASE_URL, db, heartbeatCron: env.HEARTBEAT_CRON, log, telephony: telephonyFromEnv(env).telephony, invoicingProvider: createInvoicingProviderFromEnv(), auditCheckpointing });

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`${signal} received, finishing running jobs`);
  await runner.stop();
  await db.$disconnect();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
