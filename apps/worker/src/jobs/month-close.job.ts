import { processPendingCloses } from "@carefold/api";
import type { Db } from "@carefold/db";

export const MONTH_CLOSE_QUEUE = "billing.month-close";

/**
 * Runs every queued month close (the `month_close` row is the request; the admin area writes it)
 * and resumes any close whose worker stopped mid-run. The runner polls every few seconds so a
 * close requested in the admin area starts at once; pg-boss's singleton policy keeps one sweep
 * at a time per worker, and the closes themselves are claimed with SKIP LOCKED.
 */
export async function runMonthCloseSweep(db: Db, log: (line: string) => void) {
  return processPendingCloses(db, log);
}
