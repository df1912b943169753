import type { DatabaseState, WorkerState } from "@carefold/ui";
import type { Caller } from "./session.server";

export interface SystemHealth {
  database: DatabaseState;
  worker: WorkerState;
}

/** Database and worker state for the sidebar footer; never throws (the page still renders). */
export async function loadSystemHealth(caller: Caller): Promise<SystemHealth> {
  try {
    const report = await caller.health.report();
    if (report.database !== "ok") return { database: "unreachable", worker: "unknown" };
    return { database: "ok", worker: report.worker.isStale ? "stale" : "ok" };
  } catch {
    return { database: "unknown", worker: "unknown" };
  }
}
