import type { Db } from "@carefold/db";
import PgBoss from "pg-boss";
import { HEARTBEAT_QUEUE, runHeartbeat } from "./jobs/heartbeat.job.js";

export interface JobRunnerOptions {
  connectionString: string;
  db: Db;
  heartbeatCron: string;
  log?: (line: string) => void;
}

export interface JobRunner {
  boss: PgBoss;
  stop(): Promise<void>;
}

/**
 * Starts the PostgreSQL-backed queue (pg-boss, schema `pgboss`), registers every job and its
 * schedule, and sends one heartbeat right away so health turns green without waiting for cron.
 * `stop()` lets running jobs finish (graceful, bounded) before closing connections.
 */
export async function startJobRunner(opts: JobRunnerOptions): Promise<JobRunner> {
  const log = opts.log ?? (() => {});
  const boss = new PgBoss({ connectionString: opts.connectionString, schema: "pgboss", max: 4 });
  boss.on("error", (error) => log(`queue error: ${error.message}`));
  await boss.start();

  await boss.createQueue(HEARTBEAT_QUEUE, { name: HEARTBEAT_QUEUE, policy: "singleton" });
  await boss.work(HEARTBEAT_QUEUE, { pollingIntervalSeconds: 1 }, async () => runHeartbeat(opts.db));
  await boss.schedule(HEARTBEAT_QUEUE, opts.heartbeatCron, {}, { tz: "UTC" });
  await boss.send(HEARTBEAT_QUEUE, {});
  log("worker started: heartbeat scheduled");

  return {
    boss,
    stop: async () => {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      log("worker stopped");
    },
  };
}
