import { createDb, recordHeartbeat } from "@carefold/db";
import { getTestDatabase } from "@carefold/db/testing";
import { describe, expect, it } from "vitest";
import { callerFor, testConfig } from "../../testing/api-test-kit.js";

describe("health", () => {
  it("reports degraded while the worker has never beaten, ok after a fresh beat, degraded when stale", async () => {
    const { db } = getTestDatabase();
    const { caller } = await callerFor(db, testConfig(), "portal");
    expect(await caller.health.report()).toMatchObject({ status: "degraded", database: "ok", worker: { lastBeatAt: null, isStale: true } });

    await recordHeartbeat(db, "worker");
    expect(await caller.health.report()).toMatchObject({ status: "ok", worker: { isStale: false } });

    await recordHeartbeat(db, "worker", new Date(Date.now() - 10 * 60_000));
    expect(await caller.health.report()).toMatchObject({ status: "degraded", worker: { isStale: true } });
  });

  it("reports down when the database cannot be reached", async () => {
    const broken = createDb("postgresql://carefold_app:x@127.0.0.1:1/nowhere", 1);
    const { caller } = await callerFor(broken, testConfig(), "portal");
    expect(await caller.health.report()).toMatchObject({ status: "down", database: "unreachable" });
  });
});
