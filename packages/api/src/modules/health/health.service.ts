import { checkDatabaseHealth, type Db } from "@carefold/db";

/** The worker beats every minute; three missed beats mean it is down. */
export const WORKER_STALE_AFTER_MS = 3 * 60_000;

export interface HealthReport {
  status: "ok" | "degraded" | "down";
  database: "ok" | "unreachable";
  worker: { lastBeatAt: string | null; isStale: boolean };
  checkedAt: string;
}

/**
 * Liveness for load balancers and the ops page. `down` (HTTP 503) only when the database is
 * unreachable; a stale worker degrades the report but the app still serves requests.
 */
export async function getHealthReport(db: Db, now = new Date()): Promise<HealthReport> {
  const { database, workerLastBeatAt } = await checkDatabaseHealth(db);
  const isStale = !workerLastBeatAt || now.getTime() - workerLastBeatAt.getTime() > WORKER_STALE_AFTER_MS;
  return {
    status: database !== "ok" ? "down" : isStale ? "degraded" : "ok",
    database,
    worker: { lastBeatAt: workerLastBeatAt?.toISOString() ?? null, isStale },
    checkedAt: now.toISOString(),
  };
}
