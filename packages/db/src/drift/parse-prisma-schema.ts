/**
 * A deliberately small reader of schema.prisma: just enough to compare models with the live
 * database (table and column names, SQL types, nullability). Prisma's own schema engine cannot
 * run offline here (decision 0001), so the drift test uses this instead.
 */
export interface ExpectedColumn {
  column: string;
  /** PostgreSQL udt_name, e.g. `text`, `uuid`, `timestamptz`, `_text` for text[]. */
  udt: string;
  nullable: boolean;
}

export interface ExpectedTable {
  model: string;
  table: string;
  columns: ExpectedColumn[];
}

const SCALAR_UDT: Record<string, string> = {
  String: "text",
  Int: "int4",
  BigInt: "int8",
  Boolean: "bool",
  DateTime: "timestamp",
  Float: "float8",
  Decimal: "numeric",
  Json: "jsonb",
  Bytes: "bytea",
};

const NATIVE_UDT: Record<string, string> = {
  Uuid: "uuid",
  Char: "bpchar",
  VarChar: "varchar",
  Text: "text",
  Timestamptz: "timestamptz",
  Timestamp: "timestamp",
  Date: "date",
  Citext: "citext",
  SmallInt: "int2",
  Integer: "int4",
  JsonB: "jsonb",
  Inet: "inet",
};

/** SQL types Prisma has no scalar for that the schema declares as Unsupported("…"). */
const UNSUPPORTED_UDT = new Set(["tstzmultirange"]);

const BLOCK = /^(model|enum)\s+(\w+)\s*\{([\s\S]*?)^\}/gm;

export function parsePrismaSchema(source: string): ExpectedTable[] {
  const blocks = [...source.matchAll(BLOCK)].map(([, kind, name, body]) => ({ kind, name: name!, body: body! }));
  const enumDbNames = new Map(
    blocks.filter((b) => b.kind === "enum").map((b) => [b.name, mappedName(b.body) ?? b.name]),
  );
  const models = blocks.filter((b) => b.kind === "model");
  const modelNames = new Set(models.map((m) => m.name));
  return models.map((m) => ({
    model: m.name,
    table: mappedName(m.body) ?? m.name,
    columns: m.body
      .split("\n")
      .map((line) => line.replace(/\/\/.*$/, "").trim())
      .filter((line) => line && !line.startsWith("@@"))
      .map((line) => parseField(line, enumDbNames, modelNames))
      .filter((c): c is ExpectedColumn => c !== null),
  }));
}

function mappedName(body: string): string | undefined {
  return /@@map\("([^"]+)"\)/.exec(body)?.[1];
}

function parseField(line: string, enums: Map<string, string>, models: Set<string>): ExpectedColumn | null {
  // Unsupported("tstzmultirange") names the SQL type itself; only types we use are accepted.
  const unsupported = /^(\w+)\s+Unsupported\("(\w+)"\)(\?)?\s*(.*)$/.exec(line);
  if (unsupported && UNSUPPORTED_UDT.has(unsupported[2]!)) {
    const [, name, udt, optional, attributes = ""] = unsupported;
    return { column: /@map\("([^"]+)"\)/.exec(attributes)?.[1] ?? name!, udt: udt!, nullable: optional === "?" };
  }
  const match = /^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
  if (!match) return null;
  const [, name, type, list, optional, attributes = ""] = match;
  if (models.has(type!) || attributes.includes("@relation")) return null;
  const native = /@db\.(\w+)/.exec(attributes)?.[1];
  const base = (native && NATIVE_UDT[native]) ?? enums.get(type!) ?? SCALAR_UDT[type!];
  if (!base) throw new Error(`drift check: unknown type ${type} on field ${name}`);
  return {
    column: /@map\("([^"]+)"\)/.exec(attributes)?.[1] ?? name!,
    udt: list ? `_${base}` : base,
    nullable: optional === "?",
  };
}
