import { getTestDatabase } from "@carefold/db/testing";
import { expect, it } from "vitest";
import { startJobRunner } from "./job-runner.js";

it("starts the queue, records a heartbeat through a real job, and stops gracefully", async () => {
  const { db, appUrl } = getTestDatabase();
  expect(await db.workerHeartbeat.findUnique({ where: { name: "worker" } })).toBeNull();
  const started = Date.now();
  const runner = await startJobRunner({ connectionString: appUrl, db, heartbeatCron: "* * * * *" });
  try {
    let beat = null;
    for (let i = 0; i < 100 && !beat; i++) {
      beat = await db.workerHeartbeat.findUnique({ where: { name: "worker" } });
      if (!beat) await new Promise((r) => setTimeout(r, 100));
    }
    expect(beat).not.toBeNull();
    expect(beat!.lastBeatAt.getTime()).toBeGreaterThanOrEqual(started - 1000);
    expect(beat!.pid).toBe(process.pid);
    const schedules = await runner.boss.getSchedules();
    expect(schedules.map((s) => s.name)).toContain("system.heartbeat");
  } finally {
    await runner.stop();
  }
  // The queue lives in its own schema, owned by the runtime role, outside tenant data.
  const [owner] = await db.$queryRaw<{ owner: string }[]>`SELECT nspowner::regrole::text AS owner FROM pg_namespace WHERE nspname = 'pgboss'`;
  expect(owner?.owner).toBe("carefold_app");
}, 30_000);
