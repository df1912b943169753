import { recordHeartbeat, type Db } from "@carefold/db";

export const HEARTBEAT_QUEUE = "system.heartbeat";
export const HEARTBEAT_NAME = "worker";

/** Records that the worker is alive; the apps' /healthz reports it. Idempotent by nature. */
export async function runHeartbeat(db: Db, now = new Date()): Promise<void> {
  await recordHeartbeat(db, HEARTBEAT_NAME, now);
}
