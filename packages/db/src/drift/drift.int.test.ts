import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { expect, it } from "vitest";
import { getTestDatabase } from "../testing/index.js";
import { parsePrismaSchema } from "./parse-prisma-schema.js";

const SCHEMA = fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url));
/** Tables that exist on purpose outside schema.prisma. */
const UNMODELLED = new Set(["_carefold_migration"]);

it("the migrated database matches schema.prisma (tables, columns, types, nullability)", async () => {
  const expected = parsePrismaSchema(readFileSync(SCHEMA, "utf8"));
  const client = new pg.Client({ connectionString: getTestDatabase().ownerUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string; column_name: string; udt_name: string; is_nullable: string }>(
      `SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns
        WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    );
    const live = new Map<string, { column: string; udt: string; nullable: boolean }[]>();
    for (const r of rows) {
      if (UNMODELLED.has(r.table_name)) continue;
      const cols = live.get(r.table_name) ?? [];
      cols.push({ column: r.column_name, udt: r.udt_name, nullable: r.is_nullable === "YES" });
      live.set(r.table_name, cols);
    }
    expect([...live.keys()].sort()).toEqual(expected.map((t) => t.table).sort());
    for (const table of expected) {
      const sortByName = (a: { column: string }, b: { column: string }) => a.column.localeCompare(b.column);
      expect({ table: table.table, columns: [...(live.get(table.table) ?? [])].sort(sortByName) }).toEqual({
        table: table.table,
        columns: [...table.columns].sort(sortByName),
      });
    }
  } finally {
    await client.end();
  }
});
