import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { neutraliseCell, writeCsv } from "./csv-writer.js";
import { toAuditCsv, type AuditEventView } from "../modules/audit/audit.service.js";
import { panelTemplateCsv } from "../modules/panel-import/columns.js";

/** A cell a spreadsheet would evaluate: a trigger first, after any leading blanks or double quotes. */
const FORMULA = /^[\s"]*[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;
/** Inert: text-marked by a leading apostrophe, no trigger, or a plain number. */
const isInert = (cell: string) => cell.startsWith("'") || !FORMULA.test(cell) || PLAIN_NUMBER.test(cell);

describe("neutraliseCell (OWASP CSV injection)", () => {
  it.each([
    ["=HYPERLINK(\"http://evil.example\",\"x\")", "'=HYPERLINK(\"http://evil.example\",\"x\")"],
    ["+1+2", "'+1+2"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["  =1+1", "'  =1+1"],
    ["\"=1+1", "'\"=1+1"],
    ["Maria", "Maria"],
    ["O'Neil", "O'Neil"],
    ["-12.50", "-12.50"],
    ["+16125550142", "+16125550142"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected);
  });

  it("keeps numbers, nulls and booleans as values", () => {
    expect(neutraliseCell(-5)).toBe("-5");
    expect(neutraliseCell(null)).toBe("");
    expect(neutraliseCell(undefined)).toBe("");
  });
});

describe("writeCsv", () => {
  it("quotes per RFC 4180 with CRLF records and a header", () => {
    const csv = writeCsv(["a", "b"], [["x,y", 'say "hi"'], ["line\nbreak", 3]]);
    expect(csv).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",3\r\n');
  });

  it("property: every cell it writes reads back inert and otherwise unchanged", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(fc.string(), fc.constantFrom("=1", "+1", "-1", "@a", "\t=1", " =1", "\"=1", "'=1")), { minLength: 2, maxLength: 2 }), { maxLength: 20 }), (rows) => {
        const csv = writeCsv(["a", "b"], rows);
        const back = parse(csv, { columns: false, relax_quotes: false, record_delimiter: "\r\n" }) as string[][];
        expect(back.length).toBe(rows.length + 1);
        back.slice(1).forEach((record, i) => {
          record.forEach((cell, j) => {
            expect(isInert(cell)).toBe(true);
            const original = rows[i]![j]!;
            expect(cell === original || cell === `'${original}`).toBe(true);
          });
        });
      }),
    );
  });
});

describe("exports use the shared writer", () => {
  it("the audit-log CSV neutralises a formula in a user agent", () => {
    const event = { chain: "c", seq: "1", at: "2026-01-01T00:00:00.000Z", actor: "anonymous", actorUserId: null, patientId: null, action: "auth.signIn", objectType: null, objectId: null, outcome: "failure", requestId: "r", ip: "127.0.0.1", userAgent: '=HYPERLINK("http://evil.example","x")', details: { note: "@x" } } as unknown as AuditEventView;
    const [, record] = parse(toAuditCsv([event])) as string[][];
    expect(record!.every(isInert)).toBe(true);
    expect(record).toContain("'=HYPERLINK(\"http://evil.example\",\"x\")");
  });

  it("the panel template goes through it", () => {
    expect(panelTemplateCsv()).toBe(writeCsv(...templateArgs()));
  });

  it("no module but the writer imports csv-stringify or builds CSV by hand", () => {
    const root = join(import.meta.dirname, "..", "..", "..", "..");
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        if (name === "node_modules" || name === "dist" || name === "build" || name.startsWith(".")) continue;
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name) && !/\.(test|spec)\.tsx?$/.test(name)) {
          const text = readFileSync(path, "utf8");
          if (/from "csv-stringify/.test(text) && !path.endsWith(join("csv", "csv-writer.ts"))) offenders.push(relative(root, path));
        }
      }
    };
    for (const top of ["packages", "apps"]) walk(join(root, top));
    expect(offenders).toEqual([]);
  });
});

function templateArgs(): [string[], string[][]] {
  const [header, example] = parse(panelTemplateCsv()) as string[][];
  return [header!, [example!]];
}
