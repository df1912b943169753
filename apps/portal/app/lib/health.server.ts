import { serverCaller } from "@carefold/api";
import type { DatabaseState, WorkerState } from "@carefold/ui";

export interface SystemHealth {
  database: DatabaseState;
  worker: WorkerState;
}

/** Database and worker state for the sidebar footer; never throws (the page still renders). */
export async function loadSystemHealth(request: Request): Promise<SystemHealth> {
  try {
    const { caller } = await serverCaller(request, "portal");
    const report = await caller.health.report();
    if (report.database !== "ok") return { database: "unreachable", worker: "unknown" };
    return { database: "ok", worker: report.worker.isStale ? "stale" : "ok" };
  } catch {
    return { database: "unknown", worker: "unknown" };
  }
}
