import { REPORT_SECTIONS, shiftMonth, type ReportSection } from "@carefold/api";

/** The report's months from the address (service months are not PHI): the last 6 months by default. */
export function readReportRange(url: URL, now = new Date()) {
  const thisMonth = now.toISOString().slice(0, 7);
  const to = url.searchParams.get("to") || thisMonth;
  const from = url.searchParams.get("from") || (/^\d{4}-\d{2}$/.test(to) ? shiftMonth(to, -5) : shiftMonth(thisMonth, -5));
  const month = url.searchParams.get("month") || undefined;
  return { from, to, month };
}

export const isReportSection = (value: string | null): value is ReportSection =>
  value !== null && (REPORT_SECTIONS as readonly string[]).includes(value);

