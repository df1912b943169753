import { hostname } from "node:os";
import type { Db } from "./client.js";

export interface DatabaseHealth {
  database: "ok" | "unreachable";
  /** Last heartbeat of the worker, or null if it never ran. */
  workerLastBeatAt: Date | null;
}

/** Answers whether the database responds and when the worker last ran. Never throws. */
export async function checkDatabaseHealth(db: Db, workerName = "worker"): Promise<DatabaseHealth> {
  try {
    const beat = await db.workerHeartbeat.findUnique({ where: { name: workerName } });
    return { database: "ok", workerLastBeatAt: beat?.lastBeatAt ?? null };
  } catch {
    return { database: "unreachable", workerLastBeatAt: null };
  }
}

/** Records that a background process is alive (global table: no tenant data). */
export async function recordHeartbeat(db: Db, name: string, at = new Date()): Promise<void> {
  const data = { lastBeatAt: at, pid: process.pid, hostname: hostname() };
  await db.workerHeartbeat.upsert({ where: { name }, create: { name, ...data }, update: data });
}
