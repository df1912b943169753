import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { dropDatabase, ensureDatabase } from "../bootstrap.js";
import { runMigrations } from "./run-migrations.js";

const adminUrl = () => inject("carefoldAdminUrl");
let database: string;
let ownerUrl: string;
let dir: string;

async function addMigration(name: string, sql: string) {
  await mkdir(join(dir, name), { recursive: true });
  await writeFile(join(dir, name, "migration.sql"), sql);
}

async function query<T extends pg.QueryResultRow>(text: string) {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

beforeEach(async () => {
  database = `carefold_migtest_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  ({ ownerUrl } = await ensureDatabase(adminUrl(), {
    database,
    ownerPassword: "carefold_owner_test",
    appPassword: "carefold_app_test",
  }));
  dir = await mkdtemp(join(tmpdir(), "carefold-migrations-"));
  await addMigration("20260101000000_first", "CREATE TABLE widget (id int PRIMARY KEY);");
  await addMigration("20260102000000_second", "ALTER TABLE widget ADD COLUMN name text;");
});

afterEach(async () => {
  await dropDatabase(adminUrl(), database);
});

describe("runMigrations", () => {
  it("applies every migration in order on a fresh database and records checksums", async () => {
    const result = await runMigrations(ownerUrl, dir);
    expect(result).toEqual({ applied: ["20260101000000_first", "20260102000000_second"], alreadyApplied: 0 });
    const cols = await query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'widget' ORDER BY ordinal_position",
    );
    expect(cols.map((c) => c.column_name)).toEqual(["id", "name"]);
    const recorded = await query<{ name: string; checksum: string }>("SELECT name, checksum FROM _carefold_migration ORDER BY name");
    expect(recorded.map((r) => r.name)).toEqual(["20260101000000_first", "20260102000000_second"]);
    expect(recorded[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is a no-op when run again", async () => {
    await runMigrations(ownerUrl, dir);
    expect(await runMigrations(ownerUrl, dir)).toEqual({ applied: [], alreadyApplied: 2 });
  });

  it("refuses to run when an applied migration was edited", async () => {
    await runMigrations(ownerUrl, dir);
    await addMigration("20260101000000_first", "CREATE TABLE widget (id bigint PRIMARY KEY);");
    await addMigration("20260103000000_third", "CREATE TABLE gadget (id int);");
    await expect(runMigrations(ownerUrl, dir)).rejects.toThrow(
      /Migration 20260101000000_first was edited after it was applied/,
    );
    const tables = await query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_name = 'gadget'",
    );
    expect(tables).toEqual([]);
  });

  it("rolls back a failing migration completely and names it", async () => {
    await addMigration("20260103000000_broken", "CREATE TABLE gadget (id int); SELECT * FROM no_such_table;");
    await expect(runMigrations(ownerUrl, dir)).rejects.toThrow(/Migration 20260103000000_broken failed and was rolled back/);
    expect(await query("SELECT 1 FROM information_schema.tables WHERE table_name = 'gadget'")).toEqual([]);
    const recorded = await query<{ name: string }>("SELECT name FROM _carefold_migration ORDER BY name");
    expect(recorded.map((r) => r.name)).toEqual(["20260101000000_first", "20260102000000_second"]);
  });

  it("lets two concurrent runners apply each migration exactly once", async () => {
    await addMigration("20260103000000_slow", "SELECT pg_sleep(0.3); CREATE TABLE gadget (id int);");
    const [one, two] = await Promise.all([runMigrations(ownerUrl, dir), runMigrations(ownerUrl, dir)]);
    expect([...one.applied, ...two.applied].sort()).toEqual([
      "20260101000000_first",
      "20260102000000_second",
      "20260103000000_slow",
    ]);
    expect(Math.min(one.applied.length, two.applied.length)).toBe(0);
    const recorded = await query<{ n: number }>("SELECT count(*)::int AS n FROM _carefold_migration");
    expect(recorded[0]!.n).toBe(3);
  });
});
