import { withSystemScope, type Db, type ScopedTx } from "@carefold/db";
import { invalidInput, invalidState, notFound } from "../../errors.js";
import { todayIn } from "../patients/today.js";
import { CloseTakenOver, runMonthClose, type CloseKey, type CloseOutcome } from "./month-close.service.js";

/** The months a vendor admin may close: any month that has ended in the clinic's time zone. */
export function assertMonthEnded(serviceMonth: string, timeZone: string, now = new Date()) {
  if (serviceMonth >= todayIn(timeZone, now).slice(0, 7)) {
    throw invalidInput("Only a month that has ended can be closed; this clinic's month is still in progress.");
  }
}

const previousMonth = (month: string) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
};

/** Every clinic with its close of `serviceMonth` (default: last month in UTC), for the admin page. */
export async function listCloses(tx: ScopedTx, serviceMonth?: string, now = new Date()) {
  const month = serviceMonth ?? previousMonth(now.toISOString().slice(0, 7));
  const rows = await tx.$queryRaw<
    { tenant_id: string; name: string; time_zone: string; enrolled: bigint; status: string | null; patients_total: number | null; patients_done: number | null;
      billable_count: number | null; blocked_count: number | null; below_count: number | null; excluded_count: number | null; amount_cents: bigint | null;
      closed_at: Date | null; approved_at: Date | null; reopen_reason: string | null; error: string | null }[]
  >`
    SELECT t.id::text AS tenant_id, t.name, t.time_zone,
           (SELECT count(*) FROM program_enrollment pe WHERE pe.tenant_id = t.id AND pe.program = 'ccm' AND pe.status = 'enrolled') AS enrolled,
           mc.status, mc.patients_total, mc.patients_done, mc.billable_count, mc.blocked_count, mc.below_count, mc.excluded_count, mc.amount_cents,
           mc.closed_at, mc.approved_at, mc.reopen_reason, mc.error
      FROM tenant t
      LEFT JOIN month_close mc ON mc.tenant_id = t.id AND mc.service_month = ${month}
     WHERE t.status IN ('active', 'onboarding')
     ORDER BY t.name`;
  return {
    serviceMonth: month,
    clinics: rows.map((r) => ({
      tenantId: r.tenant_id,
      name: r.name,
      enrolledPatients: Number(r.enrolled),
      status: (r.status ?? "open") as "open" | "queued" | "running" | "closed" | "approved" | "reopened" | "failed",
      progress: { done: r.patients_done ?? 0, total: r.patients_total ?? 0 },
      counts: { billable: r.billable_count ?? 0, blocked: r.blocked_count ?? 0, belowThreshold: r.below_count ?? 0, excluded: r.excluded_count ?? 0 },
      amountCents: Number(r.amount_cents ?? 0),
      closedAt: r.closed_at?.toISOString() ?? null,
      approvedAt: r.approved_at?.toISOString() ?? null,
      reopenReason: r.reopen_reason,
      error: r.error,
      canClose: month < todayIn(r.time_zone, now).slice(0, 7),
    })),
  };
}

/**
 * Queues a close for the worker (the row is the queue: the worker claims queued closes). A month
 * already queued or running stays as it is; an approved month must be reopened first.
 */
export async function requestClose(tx: ScopedTx, { tenantId, serviceMonth }: CloseKey, requestedBy: string, now = new Date()) {
  const key = { tenantId, serviceMonth };
  const tenant = await tx.tenant.findUnique({ where: { id: key.tenantId }, select: { timeZone: true } });
  if (!tenant) throw notFound("That clinic");
  assertMonthEnded(key.serviceMonth, tenant.timeZone, now);
  const [row] = await tx.$queryRaw<{ status: string }[]>`
    INSERT INTO month_close (tenant_id, service_month, status, requested_by) VALUES (${key.tenantId}::uuid, ${key.serviceMonth}, 'queued', ${requestedBy}::uuid)
    ON CONFLICT (tenant_id, service_month) DO UPDATE SET status = 'queued', requested_by = EXCLUDED.requested_by, requested_at = now(), error = NULL,
                                                         heartbeat_at = NULL
      WHERE month_close.status IN ('closed', 'reopened', 'failed')
    RETURNING status`;
  if (!row) {
    const current = await tx.monthClose.findUniqueOrThrow({ where: { tenantId_serviceMonth: key }, select: { status: true } });
    if (current.status === "approved") throw invalidState("The clinic approved this month. Reopen it (with a reason) before closing it again.");
    return { status: current.status };
  }
  return { status: row.status };
}

/**
 * Reopens a closed or approved month (vendor admin, reason required): unlocks its time entries and
 * clears the approval. The worksheet rows stay until the next close recomputes them.
 */
export async function reopenClose(tx: ScopedTx, { tenantId, serviceMonth }: CloseKey, reason: string, userId: string) {
  const key = { tenantId, serviceMonth };
  const close = await tx.monthClose.findUnique({ where: { tenantId_serviceMonth: key } });
  if (!close) throw notFound("That month close");
  if (!["closed", "approved", "failed"].includes(close.status)) throw invalidState("Only a closed or approved month can be reopened.");
  await tx.monthClose.update({
    where: { tenantId_serviceMonth: key },
    // A review exclusion covered the entries as they stood; once reopened they can be reviewed.
    data: {
      status: "reopened", reopenedBy: userId, reopenedAt: new Date(), reopenReason: reason, approvedBy: null, approvedAt: null,
      reviewExclusionReason: null, reviewExcludedBy: null, reviewExcludedAt: null, reviewExcludedEntryIds: [],
    },
  });
  await tx.serviceMonthLock.deleteMany({ where: { tenantId: key.tenantId, serviceMonth: key.serviceMonth } });
  return { previousStatus: close.status };
}

/** A run whose worker stopped sending heartbeats for this long is taken over and resumed. */
const STALE_AFTER_SECONDS = 120;

export interface ProcessClosesOptions {
  /**
   * Closes run at once (default 2). A close alternates between the database (reading, writing)
   * and Node (evaluating), so two or three at once keep both cores of a small machine busy.
   */
  concurrency?: number;
  /** Called with each finished close's outcome (the benchmark sums rows and phase timings). */
  onOutcome?: (outcome: CloseOutcome) => void;
}

/**
 * The worker's loop body: claims queued closes (and running ones whose worker died) with SKIP
 * LOCKED and runs each to the end, `concurrency` at a time. Claiming stamps the heartbeat, and a
 * queued close with a fresh heartbeat is not claimed again, so two claimers (here or in another
 * worker) never start the same close; if they ever did, the run's ownership check stops one.
 */
export async function processPendingCloses(db: Db, log: (line: string) => void = () => {}, options: ProcessClosesOptions = {}) {
  let processed = 0;
  const claimNext = () =>
    withSystemScope(db, "month close: claim the next queued close", async (tx) => {
      const [row] = await tx.$queryRaw<{ tenant_id: string; service_month: string; requested_by: string | null }[]>`
        SELECT tenant_id::text, service_month, requested_by::text FROM month_close
         WHERE status IN ('queued', 'running') AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => ${STALE_AFTER_SECONDS}))
         ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED`;
      if (!row) return null;
      await tx.$executeRaw`UPDATE month_close SET heartbeat_at = now() WHERE tenant_id = ${row.tenant_id}::uuid AND service_month = ${row.service_month}`;
      return row;
    });
  const loop = async () => {
    for (let claimed = await claimNext(); claimed; claimed = await claimNext()) {
      const key = { tenantId: claimed.tenant_id, serviceMonth: claimed.service_month.trim() };
      try {
        const outcome = await runMonthClose(db, key, claimed.requested_by);
        options.onOutcome?.(outcome);
        log(`month close ${key.serviceMonth}: ${outcome.rowsWritten} row(s) written, ${outcome.rowsUnchanged} unchanged${outcome.resumed ? " (resumed)" : ""}`);
      } catch (error) {
        if (error instanceof CloseTakenOver) {
          log(`month close ${key.serviceMonth}: another run took it over; leaving it to that run`);
        } else {
          log(`month close ${key.serviceMonth} failed: ${(error as Error).message}`);
          await markFailed(db, key, error);
        }
      }
      processed += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, loop));
  return { processed };
}

async function markFailed(db: Db, key: CloseKey, error: unknown) {
  const message = error instanceof Error && "userMessage" in error ? String((error as { userMessage: string }).userMessage) : "The close stopped with an error; it will resume when requested again.";
  await withSystemScope(db, "month close: record a failure", async (tx) => {
    await tx.$executeRaw`UPDATE month_close SET status = CASE WHEN status IN ('running', 'queued') THEN 'failed' ELSE status END, error = ${message}
                          WHERE tenant_id = ${key.tenantId}::uuid AND service_month = ${key.serviceMonth}`;
    await tx.$executeRaw`UPDATE month_close_run SET status = 'failed', finished_at = now(), error = coalesce(error, ${message})
                          WHERE tenant_id = ${key.tenantId}::uuid AND service_month = ${key.serviceMonth} AND status = 'running'`;
  });
}
