import { describe, expect, it } from "vitest";
import { parsePrismaSchema } from "./parse-prisma-schema.js";

describe("parsePrismaSchema", () => {
  it("maps models, native types, enums, lists and optional fields to columns", () => {
    const tables = parsePrismaSchema(`
enum Kind {
  a
  @@map("kind_enum")
}
model Thing {
  tenantId String   @map("tenant_id") @db.Uuid
  id       String   @default(dbgenerated("gen_random_uuid()")) @db.Uuid
  kind     Kind
  tags     String[] @default([])
  note     String?  // free text
  at       DateTime @db.Timestamptz(6)
  owner    Owner    @relation(fields: [tenantId], references: [id])
  @@id([tenantId, id])
  @@map("thing")
}
model Owner {
  id     String  @id
  things Thing[]
}
`);
    expect(tables).toEqual([
      {
        model: "Thing",
        table: "thing",
        columns: [
          { column: "tenant_id", udt: "uuid", nullable: false },
          { column: "id", udt: "uuid", nullable: false },
          { column: "kind", udt: "kind_enum", nullable: false },
          { column: "tags", udt: "_text", nullable: false },
          { column: "note", udt: "text", nullable: true },
          { column: "at", udt: "timestamptz", nullable: false },
        ],
      },
      { model: "Owner", table: "Owner", columns: [{ column: "id", udt: "text", nullable: false }] },
    ]);
  });

  it("reads an Unsupported(\"tstzmultirange\") column as that SQL type", () => {
    expect(parsePrismaSchema('model X {\n  spans Unsupported("tstzmultirange")?\n  used  Unsupported("tstzmultirange") @map("used_spans")\n}\n')[0]!.columns).toEqual([
      { column: "spans", udt: "tstzmultirange", nullable: true },
      { column: "used_spans", udt: "tstzmultirange", nullable: false },
    ]);
  });

  it("refuses a type it does not know rather than passing silently", () => {
    expect(() => parsePrismaSchema("model X {\n  id Unsupported(\"point\")\n}\n")).toThrow(/unknown type|drift/);
  });
});
