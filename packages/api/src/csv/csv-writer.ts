import { stringify } from "csv-stringify/sync";

/** What a cell may hold; null/undefined become an empty cell. */
export type CsvCell = string | number | boolean | null | undefined;

/**
 * A spreadsheet evaluates a cell whose first character is = + - @ (and Excel also after a TAB or CR,
 * or after leading blanks/quotes it strips). OWASP "CSV Injection": prefix such cells with a single
 * quote so they stay text.
 */
const FORMULA_START = /^[\s"']*[=+\-@\t\r]/;
/** A plain signed number ("-12.50", "+16125550142") is data, not a formula; keep it readable. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** One cell as inert text (exported for tests and for callers that show CSV-bound values). */
export function neutraliseCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * The one CSV writer for every export (claims, reports, audit log, templates): a header row, RFC 4180
 * quoting by csv-stringify, CRLF records, and every cell neutralised against formula injection.
 * Nothing else in the code base imports csv-stringify (csv-writer.test.ts checks).
 */
export function writeCsv(columns: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return stringify(
    rows.map((row) => row.map(neutraliseCell)),
    { header: true, columns: columns.map(neutraliseCell), record_delimiter: "windows", quoted_match: /[\r\n]/ },
  );
}
