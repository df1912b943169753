import type { Db } from "@carefold/db";
import PgBoss from "pg-boss";
import { DELIVER_MAIL_QUEUE, deliverPendingMail, localMailTransport, type MailTransport } from "./jobs/deliver-mail.job.js";
import { GENERATE_TASKS_QUEUE, generateAutomaticTasks } from "./jobs/generate-tasks.job.js";
import { HEARTBEAT_QUEUE, runHeartbeat } from "./jobs/heartbeat.job.js";
import { MONTH_CLOSE_QUEUE, runMonthCloseSweep } from "./jobs/month-close.job.js";
import { SYNC_BILLING_QUEUE, syncBilling, type InvoicingProvider } from "./jobs/sync-billing.job.js";
import { VERIFY_AUDIT_QUEUE, verifyAuditChains } from "./jobs/verify-audit-chains.job.js";
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

  await boss.createQueue(HEARTBEAT_QUEUE, { name: HEARTBEAT_QUEUE, policy: "singleton" });
  await boss.work(HEARTBEAT_QUEUE, { pollingIntervalSeconds: 1 }, async () => runHeartbeat(opts.db));
  await boss.schedule(HEARTBEAT_QUEUE, opts.heartbeatCron, {}, { tz: "UTC" });
  await boss.send(HEARTBEAT_QUEUE, {});

  const transport = opts.mailTransport ?? localMailTransport;
  await boss.createQueue(DELIVER_MAIL_QUEUE, { name: DELIVER_MAIL_QUEUE, policy: "singleton" });
  await boss.work(DELIVER_MAIL_QUEUE, { pollingIntervalSeconds: 2 }, async () => {
    const result = await deliverPendingMail(opts.db, transport);
    if (result.delivered || result.failed) log(`mail: ${result.delivered} delivered, ${result.failed} failed (${transport.name})`);
  });
  await boss.schedule(DELIVER_MAIL_QUEUE, "* * * * *", {}, { tz: "UTC" });

  await boss.createQueue(VERIFY_AUDIT_QUEUE, { name: VERIFY_AUDIT_QUEUE, policy: "singleton" });
  await boss.work(VERIFY_AUDIT_QUEUE, async () => {
    const result = await verifyAuditChains(opts.db);
    log(`audit chains verified: ${result.chains} chain(s), ${result.broken.length} broken`);
  });
  await boss.schedule(VERIFY_AUDIT_QUEUE, "17 3 * * *", {}, { tz: "UTC" });
  await boss.createQueue(GENERATE_TASKS_QUEUE, { name: GENERATE_TASKS_QUEUE, policy: "singleton" });
  await boss.work(GENERATE_TASKS_QUEUE, async () => {
    const result = await generateAutomaticTasks(opts.db);
    log(`automatic tasks: ${result.created} created`);
  });
  await boss.schedule(GENERATE_TASKS_QUEUE, "5 * * * *", {}, { tz: "UTC" });
  await boss.send(GENERATE_TASKS_QUEUE, {});
  if (opts.telephony) {
    const telephony = opts.telephony;
    await boss.createQueue(DELIVER_SMS_QUEUE, { name: DELIVER_SMS_QUEUE, policy: "singleton" });
    await boss.work(DELIVER_SMS_QUEUE, { pollingIntervalSeconds: 2 }, async () => {
      const result = await deliverSms(opts.db, telephony);
      if (result.claimed) log(`sms: ${result.sent} sent, ${result.failed} failed of ${result.claimed}`);
    });
    // Every minute by cron, plus every few seconds so a text leaves promptly.
    await boss.schedule(DELIVER_SMS_QUEUE, "* * * * *", {}, { tz: "UTC" });
    const nudge = setInterval(() => void boss.send(DELIVER_SMS_QUEUE, {}).catch(() => {}), 3_000);
    boss.on("stopped", () => clearInterval(nudge));
  }
  await boss.createQueue(MONTH_CLOSE_QUEUE, { name: MONTH_CLOSE_QUEUE, policy: "stately" });
  await boss.work(MONTH_CLOSE_QUEUE, { pollingIntervalSeconds: 1 }, async () => {
    await runMonthCloseSweep(opts.db, log);
  });
  await boss.schedule(MONTH_CLOSE_QUEUE, "* * * * *", {}, { tz: "UTC" });
  // Requested closes start within seconds, not at the next minute: a sweep every 2 s (stately: one queued at most).
  const closeTimer = setInterval(() => void boss.send(MONTH_CLOSE_QUEUE, {}).catch(() => {}), 2_000);
  let billingTimer: NodeJS.Timeout | undefined;
  const provider = opts.invoicingProvider;
  if (provider) {
    // "stately": at most one queued and one running, so the frequent ticks below collapse.
    await boss.createQueue(SYNC_BILLING_QUEUE, { name: SYNC_BILLING_QUEUE, policy: "stately" });
    await boss.work(SYNC_BILLING_QUEUE, { pollingIntervalSeconds: 1 }, async () => {
      const result = await syncBilling(opts.db, provider);
      if (result.done || result.failed) log(`billing: ${result.done} sent to Stripe, ${result.failed} failed (will retry)`);
    });
    await boss.schedule(SYNC_BILLING_QUEUE, "* * * * *", {}, { tz: "UTC" });
    billingTimer = setInterval(() => void boss.send(SYNC_BILLING_QUEUE, {}).catch(() => {}), (opts.billingPollSeconds ?? 3) * 1000);
  }
  log("worker started: heartbeat, mail delivery, audit verification, automatic tasks, SMS delivery, month close and billing sync scheduled");

  return {
    boss,
    stop: async () => {
      clearInterval(closeTimer);
      if (billingTimer) clearInterval(billingTimer);
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      log("worker stopped");
    },
  };
}
