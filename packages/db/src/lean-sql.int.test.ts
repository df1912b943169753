// Lean statements must run in the very transaction of the unit of work: same backend, same
// transaction id, same RLS scope, rolled back with it — also with many units of work at once.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { hasLeanConnection, leanQuery } from "./lean-sql.js";
import { withSystemScope, withTenantScope } from "./scope.js";
import { createTestTenant, getTestDatabase } from "./testing/index.js";

const db = () => getTestDatabase().db;
const txid = "SELECT txid_current()::text AS id, pg_backend_pid() AS pid, current_setting('carefold.tenant_ids', true) AS scope";

describe("lean SQL on the unit of work's connection", () => {
  it("shares the transaction and scope of Prisma's interactive transaction, 40 units of work at once", async () => {
    const tenants = await Promise.all(Array.from({ length: 4 }, (_, i) => createTestTenant(db(), { name: `Lean ${i}` })));
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        withTenantScope(db(), { tenantIds: [tenants[i % 4]!.id] }, async (tx) => {
          expect(hasLeanConnection(tx)).toBe(true);
          const [lean] = await leanQuery<{ id: string; pid: number; scope: string }>(tx, txid);
          const [viaPrisma] = await tx.$queryRawUnsafe<{ id: string; pid: number; scope: string }[]>(txid);
          expect(lean).toEqual(viaPrisma);
          expect(lean!.scope).toBe(tenants[i % 4]!.id);
          // RLS applies to lean statements: only the scoped clinic is visible.
          const visible = await leanQuery<{ id: string }>(tx, "SELECT id::text FROM tenant");
          expect(visible.map((t) => t.id)).toEqual([tenants[i % 4]!.id]);
        }),
      ),
    );
  });

  it("sends the scope with BEGIN (one round trip), not as a statement of its own", async () => {
    const tenant = await createTestTenant(db(), { name: "Lean begin" });
    const sent: string[] = [];
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, config: unknown, ...rest: unknown[]) {
      sent.push(typeof config === "string" ? config : String((config as { text?: string }).text));
      return (query as (...args: unknown[]) => unknown).call(this, config, ...rest);
    } as typeof query;
    try {
      const [row] = await withTenantScope(db(), { tenantIds: [tenant.id] }, (tx) => leanQuery<{ scope: string }>(tx, "SELECT current_setting('carefold.tenant_ids', true) AS scope"));
      expect(row!.scope).toBe(tenant.id);
    } finally {
      pg.Client.prototype.query = query;
    }
    expect(sent[0]).toBe(`BEGIN; SELECT set_config('carefold.tenant_ids', '${tenant.id}', true), set_config('carefold.user_id', '', true)`);
    expect(sent.filter((text) => text.includes("set_config('carefold.tenant_ids', $1"))).toEqual([]);
  });

  it("rolls lean writes back with the unit of work", async () => {
    const tenant = await createTestTenant(db(), { name: "Lean rollback" });
    await expect(
      withTenantScope(db(), { tenantIds: [tenant.id] }, async (tx) => {
        await leanQuery(tx, "UPDATE tenant SET name = 'Renamed by lean' WHERE id = $1", [tenant.id]);
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    const [row] = await withTenantScope(db(), { tenantIds: [tenant.id] }, (tx) => leanQuery<{ name: string }>(tx, "SELECT name FROM tenant WHERE id = $1", [tenant.id]));
    expect(row!.name).toBe("Lean rollback");
  });

  it("scopes system work to every tenant on the same connection", async () => {
    await createTestTenant(db(), { name: "Lean system" });
    await withSystemScope(db(), "lean sql test", async (tx, ids) => {
      expect(hasLeanConnection(tx)).toBe(true);
      const [lean] = await leanQuery<{ id: string; scope: string }>(tx, txid);
      const [viaPrisma] = await tx.$queryRawUnsafe<{ id: string; scope: string }[]>(txid);
      expect(lean).toEqual(viaPrisma);
      expect(lean!.scope.split(",").sort()).toEqual([...ids].sort());
    });
  });

  it("runs outside a unit of work on the pool (autocommit), where no tenant is in scope", async () => {
    const rows = await leanQuery<{ n: number }>(db(), "SELECT count(*)::int AS n FROM tenant");
    expect(rows).toEqual([{ n: 0 }]);
  });
});
