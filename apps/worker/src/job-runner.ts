import type { Db } from "@carefold/db";
import PgBoss from "pg-boss";
import {
  DELIVER_MAIL_QUEUE,
  deliverPendingMail,
  localMailTransport,
  type MailTransport,
} from "./jobs/deliver-mail.job.js";
import { GENERATE_TASKS_QUEUE, generateAutomaticTasks } from "./jobs/generate-tasks.job.js";
import { HEARTBEAT_QUEUE, runHeartbeat } from "./jobs/heartbeat.job.js";
import { MONTH_CLOSE_QUEUE, runMonthCloseSweep } from "./jobs/month-close.job.js";
import {
  SYNC_BILLING_QUEUE,
  syncBilling,
  type InvoicingProvider,
} from "./jobs/sync-billing.job.js";
import { VERIFY_AUDIT_QUEUE, verifyAuditChains } from "./jobs/verify-audit-chains.job.js";
import { CHECKPOINT_AUDIT_QUEUE, checkpointAuditChains, type AuditCheckpointing } from "./jobs/checkpoint-audit-chains.job.js";
import { DELIVER_SMS_QUEUE, deliverSms, type Telephony } from "./jobs/deliver-sms.job.js";

export interface JobRunnerOptions {
  connectionString: string;
  db: Db;
  heartbeatCron: string;
  mailTransport?: MailTransport;
  /** Texts are sent only when telephony is configured (always under `npm start`). */
  telephony?: Telephony;
  /** Stripe (or the local lookalike); without it, queued invoices wait. */
  invoicingProvider?: InvoicingProvider;
  /** Signed audit chain checkpoints outside the database; without it none are written. */
  auditCheckpointing?: AuditCheckpointing;
  /** How often queued Stripe work is picked up, besides the per-minute schedule. */
  billingPollSeconds?: number;
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

  // Each job: a queue, its worker, a cron schedule, and optionally a run at start-up and a nudge
  // every few seconds for work people wait on ("stately"/"singleton" collapse the extra sends).
  const nudges: NodeJS.Timeout[] = [];
  async function registerJob(
    queue: string,
    spec: {
      policy: "singleton" | "stately";
      cron: string;
      pollingIntervalSeconds?: number;
      runAtStart?: boolean;
      nudgeEveryMs?: number;
    },
    handler: () => Promise<void>,
  ) {
    await boss.createQueue(queue, { name: queue, policy: spec.policy });
    await boss.work(
      queue,
      spec.pollingIntervalSeconds ? { pollingIntervalSeconds: spec.pollingIntervalSeconds } : {},
      handler,
    );
    await boss.schedule(queue, spec.cron, {}, { tz: "UTC" });
    if (spec.runAtStart) await boss.send(queue, {});
    if (spec.nudgeEveryMs)
      nudges.push(setInterval(() => void boss.send(queue, {}).catch(() => {}), spec.nudgeEveryMs));
  }

  await registerJob(
    HEARTBEAT_QUEUE,
    { policy: "singleton", cron: opts.heartbeatCron, pollingIntervalSeconds: 1, runAtStart: true },
    async () => runHeartbeat(opts.db),
  );

  const transport = opts.mailTransport ?? localMailTransport;
  await registerJob(
    DELIVER_MAIL_QUEUE,
    { policy: "singleton", cron: "* * * * *", pollingIntervalSeconds: 2 },
    async () => {
      const result = await deliverPendingMail(opts.db, transport);
      if (result.delivered || result.failed)
        log(`mail: ${result.delivered} delivered, ${result.failed} failed (${transport.name})`);
    },
  );

  await registerJob(VERIFY_AUDIT_QUEUE, { policy: "singleton", cron: "17 3 * * *" }, async () => {
    const result = await verifyAuditChains(opts.db, opts.auditCheckpointing);
    log(`audit chains verified: ${result.chains} chain(s), ${result.broken.length} broken, ${result.anchorProblems.length} against the checkpoint`);
  });

  const checkpointing = opts.auditCheckpointing;
  if (checkpointing) {
    await registerJob(CHECKPOINT_AUDIT_QUEUE, { policy: "singleton", cron: "41 * * * *", runAtStart: true }, async () => {
      const result = await checkpointAuditChains(opts.db, checkpointing);
      log(`audit checkpoint written: ${result.chains} chain head(s) in ${result.name}`);
    });
  } else log("audit checkpoints off: set AUDIT_CHECKPOINT_KEY and AUDIT_CHECKPOINT_DIR");

  await registerJob(
    GENERATE_TASKS_QUEUE,
    { policy: "singleton", cron: "5 * * * *", runAtStart: true },
    async () => {
      const result = await generateAutomaticTasks(opts.db);
      log(`automatic tasks: ${result.created} created`);
    },
  );

  const telephony = opts.telephony;
  if (telephony) {
    // A text leaves within seconds, not at the next minute.
    await registerJob(
      DELIVER_SMS_QUEUE,
      { policy: "singleton", cron: "* * * * *", pollingIntervalSeconds: 2, nudgeEveryMs: 3_000 },
      async () => {
        const result = await deliverSms(opts.db, telephony);
        const { found, requeued, failed, unknown } = result.recovered;
        if (found + requeued + failed + unknown > 0)
          log(`sms left sending by a stopped worker: ${found} found at the provider, ${requeued} queued again, ${failed} failed, ${unknown} not checked (provider unreachable)`);
        if (result.claimed)
          log(`sms: ${result.sent} sent, ${result.failed} failed of ${result.claimed}`);
      },
    );
  }

  // Requested closes start within seconds (stately: one queued and one running at most).
  await registerJob(
    MONTH_CLOSE_QUEUE,
    { policy: "stately", cron: "* * * * *", pollingIntervalSeconds: 1, nudgeEveryMs: 2_000 },
    async () => {
      await runMonthCloseSweep(opts.db, log);
    },
  );

  const provider = opts.invoicingProvider;
  if (provider) {
    await registerJob(
      SYNC_BILLING_QUEUE,
      {
        policy: "stately",
        cron: "* * * * *",
        pollingIntervalSeconds: 1,
        nudgeEveryMs: (opts.billingPollSeconds ?? 3) * 1000,
      },
      async () => {
        const result = await syncBilling(opts.db, provider);
        if (result.done || result.failed)
          log(`billing: ${result.done} sent to Stripe, ${result.failed} failed (will retry)`);
      },
    );
  }
  log(
    "worker started: heartbeat, mail delivery, audit verification, automatic tasks, SMS delivery, month close and billing sync scheduled",
  );

  return {
    boss,
    stop: async () => {
      for (const nudge of nudges) clearInterval(nudge);
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      log("worker stopped");
    },
  };
}
