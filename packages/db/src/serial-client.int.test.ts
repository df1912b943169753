// A transaction's connection must get one statement at a time: pg 9 refuses a query sent while
// another is running, and Prisma reads relations of one `include` concurrently.
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withTenantScope } from "./scope.js";
import { SerialClient } from "./serial-client.js";
import { createTestTenant, getTestDatabase } from "./testing/index.js";

const db = () => getTestDatabase().db;

/** Counts promise-style statements handed to pg and not yet settled, and the most at once. */
function probeInFlight() {
  const query = pg.Client.prototype.query;
  const probe = { inFlight: 0, most: 0, restore: () => void (pg.Client.prototype.query = query) };
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const result = (query as (...a: unknown[]) => unknown).apply(this, args);
    if (result instanceof Promise) {
      probe.most = Math.max(probe.most, ++probe.inFlight);
      result.then(
        () => probe.inFlight--,
        () => probe.inFlight--,
      );
    }
    return result;
  } as typeof query;
  return probe;
}

describe("one statement at a time per connection", () => {
  let probe: ReturnType<typeof probeInFlight>;
  beforeEach(() => {
    probe = probeInFlight();
  });
  afterEach(() => probe.restore());

  it("the probe sees two statements at once on a plain pg client (the case pg 9 refuses)", async () => {
    const client = new pg.Client({ connectionString: getTestDatabase().appUrl });
    await client.connect();
    try {
      await Promise.all([client.query("SELECT pg_sleep(0.05)"), client.query("SELECT 1")]);
    } finally {
      await client.end();
    }
    expect(probe.most).toBe(2);
  });

  it("a transaction's concurrent statements and relation reads go out one after the other, in order", async () => {
    const tenant = await createTestTenant(db(), { name: "Serial reads" });
    const order: string[] = [];
    const [slow, fast, withRelations] = await withTenantScope(db(), { tenantIds: [tenant.id] }, (tx) =>
      Promise.all([
        tx.$queryRawUnsafe<{ n: number }[]>("SELECT 1 AS n FROM pg_sleep(0.05)").then((r) => (order.push("slow"), r)),
        tx.$queryRawUnsafe<{ n: number }[]>("SELECT 2 AS n").then((r) => (order.push("fast"), r)),
        tx.tenant.findMany({ include: { locations: true, memberships: true, practitioners: true, patients: true } }),
      ]),
    );
    expect(slow).toEqual([{ n: 1 }]);
    expect(fast).toEqual([{ n: 2 }]);
    expect(withRelations.map((t) => t.id)).toEqual([tenant.id]);
    expect(withRelations[0]).toMatchObject({ locations: expect.any(Array), memberships: [], practitioners: [], patients: [] });
    expect(order).toEqual(["slow", "fast"]);
    expect(probe.most).toBe(1);
  });

  it("a failed statement does not stop the next one", async () => {
    const tenant = await createTestTenant(db(), { name: "Serial failure" });
    const client = new SerialClient({ connectionString: getTestDatabase().appUrl });
    await client.connect();
    try {
      const results = await Promise.allSettled([client.query("SELECT 1/0"), client.query("SELECT $1::text AS id", [tenant.id])]);
      expect(results[0]!.status).toBe("rejected");
      expect(results[1]).toMatchObject({ status: "fulfilled", value: { rows: [{ id: tenant.id }] } });
    } finally {
      await client.end();
    }
    expect(probe.most).toBe(1);
  });
});
