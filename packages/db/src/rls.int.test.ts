import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "./client.js";
import { withSystemScope, withTenantScope } from "./scope.js";
import { createTestTenant, getTestDatabase } from "./testing/index.js";

const sql = async <T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
};

describe("row-level security catalogue", () => {
  it("forces RLS with a USING and WITH CHECK policy on every table that has tenant_id", async () => {
    const { ownerUrl } = getTestDatabase();
    const tables = await sql<{ table_name: string; forced: boolean; enabled: boolean; complete_policies: number }>(
      ownerUrl,
      `SELECT c.relname AS table_name, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
              (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid
                 AND p.polqual IS NOT NULL AND (p.polwithcheck IS NOT NULL OR p.polcmd = 'r')
                 AND p.polcmd = '*') AS complete_policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND (EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
               OR c.relname = 'tenant')`,
    );
    expect(tables.map((t) => t.table_name).sort()).toEqual(
      expect.arrayContaining(["tenant", "tenant_location", "tenant_setting"]),
    );
    for (const table of tables) {
      expect({ table: table.table_name, enabled: table.enabled, forced: table.forced }).toEqual({
        table: table.table_name,
        enabled: true,
        forced: true,
      });
      expect(table.complete_policies, `${table.table_name} needs a FOR ALL policy with USING and WITH CHECK`).toBeGreaterThan(0);
    }
  });

  it("puts tenant_id first in the primary key of every tenant table", async () => {
    const rows = await sql<{ table_name: string; first_column: string }>(
      getTestDatabase().ownerUrl,
      `SELECT c.relname AS table_name, a.attname AS first_column
         FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
        WHERE i.indisprimary AND n.nspname = 'public'
          AND EXISTS (SELECT 1 FROM pg_attribute t WHERE t.attrelid = c.oid AND t.attname = 'tenant_id')`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) expect(row, row.table_name).toMatchObject({ first_column: "tenant_id" });
  });

  it("connects the apps as a role that is not owner, superuser or BYPASSRLS", async () => {
    const { appUrl } = getTestDatabase();
    const [role] = await sql<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; owns: number }>(
      appUrl,
      `SELECT r.rolname, r.rolsuper, r.rolbypassrls,
              (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relowner = r.oid) AS owns
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(role).toEqual({ rolname: "carefold_app", rolsuper: false, rolbypassrls: false, owns: 0 });
  });
});

describe("tenant isolation through withTenantScope", () => {
  let a: { id: string };
  let b: { id: string };
  let locationB: string;
  let appDb: ReturnType<typeof createDb>;

  beforeAll(async () => {
    appDb = getTestDatabase().db;
    a = await createTestTenant(appDb);
    b = await createTestTenant(appDb);
    const loc = await withTenantScope(appDb, { tenantIds: [b.id] }, (tx) =>
      tx.tenantLocation.create({
        data: { tenantId: b.id, name: "B HQ", addressLine1: "1 Main St", city: "Austin", state: "TX", postalCode: "73301" },
      }),
    );
    locationB = loc.id;
  });

  it("returns zero rows when no scope is set", async () => {
    expect(await appDb.tenant.count()).toBe(0);
    expect(await appDb.tenantLocation.count()).toBe(0);
    expect(await appDb.tenantSetting.findMany()).toEqual([]);
  });

  it("never reads another tenant's rows, by list or by id", async () => {
    await withTenantScope(appDb, { tenantIds: [a.id] }, async (tx) => {
      expect((await tx.tenant.findMany()).map((t) => t.id)).toEqual([a.id]);
      expect(await tx.tenant.findUnique({ where: { id: b.id } })).toBeNull();
      expect(await tx.tenantLocation.findFirst({ where: { id: locationB } })).toBeNull();
      expect(await tx.tenantSetting.findUnique({ where: { tenantId: b.id } })).toBeNull();
    });
  });

  it("cannot update or delete another tenant's rows", async () => {
    await withTenantScope(appDb, { tenantIds: [a.id] }, async (tx) => {
      const updated = await tx.tenantLocation.updateMany({ where: { id: locationB }, data: { name: "hacked" } });
      expect(updated.count).toBe(0);
      const deleted = await tx.tenantLocation.deleteMany({ where: { tenantId: b.id } });
      expect(deleted.count).toBe(0);
      const tenantUpdate = await tx.tenant.updateMany({ where: { id: b.id }, data: { name: "hacked" } });
      expect(tenantUpdate.count).toBe(0);
    });
    const stillThere = await withTenantScope(appDb, { tenantIds: [b.id] }, (tx) =>
      tx.tenantLocation.findFirstOrThrow({ where: { id: locationB } }),
    );
    expect(stillThere.name).toBe("B HQ");
  });

  it("rejects an insert carrying another tenant's id", async () => {
    await expect(
      withTenantScope(appDb, { tenantIds: [a.id] }, (tx) =>
        tx.tenantLocation.create({
          data: { tenantId: b.id, name: "sneaky", addressLine1: "x", city: "x", state: "TX", postalCode: "73301" },
        }),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("rolls back every write when the unit of work fails", async () => {
    await expect(
      withTenantScope(appDb, { tenantIds: [a.id] }, async (tx) => {
        await tx.tenant.update({ where: { id: a.id }, data: { name: "Renamed" } });
        await tx.tenantLocation.create({
          data: { tenantId: a.id, name: "New", addressLine1: "2 Main", city: "Austin", state: "TX", postalCode: "73301" },
        });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await withTenantScope(appDb, { tenantIds: [a.id] }, async (tx) => {
      expect((await tx.tenant.findUniqueOrThrow({ where: { id: a.id } })).name).not.toBe("Renamed");
      expect(await tx.tenantLocation.count()).toBe(0);
    });
  });

  it("lets a multi-tenant scope (a coordinator's clinics) see exactly those tenants", async () => {
    const c = await createTestTenant(appDb);
    const seen = await withTenantScope(appDb, { tenantIds: [a.id, c.id] }, (tx) => tx.tenant.findMany());
    expect(seen.map((t) => t.id).sort()).toEqual([a.id, c.id].sort());
  });

  it("an empty scope sees nothing; a malformed id is refused before touching the database", async () => {
    expect(await withTenantScope(appDb, { tenantIds: [] }, (tx) => tx.tenant.count())).toBe(0);
    await expect(withTenantScope(appDb, { tenantIds: ["' OR 1=1 --"] }, async () => 1)).rejects.toThrow(/not a UUID/);
    await expect(withTenantScope(appDb, { tenantIds: [], userId: "nope" }, async () => 1)).rejects.toThrow(/not a UUID/);
  });

  it("system scope sees every tenant through the same policies", async () => {
    const ids = await withSystemScope(appDb, "test: list all clinics", async (tx, tenantIds) => {
      expect((await tx.tenantLocation.findMany()).map((l) => l.id)).toContain(locationB);
      return tenantIds;
    });
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
    // The directory flag does not outlive the transaction.
    expect(await appDb.tenant.count()).toBe(0);
  });

  it("never leaks rows across 1,000 interleaved scoped requests on a pool of 2 connections", async () => {
    const pool = createDb(getTestDatabase().appUrl, 2);
    const tenants = [a.id, b.id];
    try {
      const results = await Promise.all(
        Array.from({ length: 1000 }, async (_, i) => {
          const tenantId = tenants[i % 2]!;
          const rows = await withTenantScope(pool, { tenantIds: [tenantId] }, (tx) => tx.tenant.findMany(), {
            timeoutMs: 60_000,
          });
          return rows.every((r) => r.id === tenantId) && rows.length === 1;
        }),
      );
      expect(results.filter((ok) => !ok)).toHaveLength(0);
      expect(await pool.tenant.count()).toBe(0);
    } finally {
      await pool.$disconnect();
    }
  }, 120_000);

});
