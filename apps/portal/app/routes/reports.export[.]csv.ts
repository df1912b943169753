import type { LoaderFunctionArgs } from "@remix-run/node";
import { isReportSection, readReportRange, reportDownload } from "../lib/reports.server";

/** GET /reports/export.csv?section=…&from=…&to=… — one section of the report (aggregates only). */
export function loader({ request }: LoaderFunctionArgs) {
  return reportDownload(request, async (caller, url) => {
    const section = url.searchParams.get("section");
    if (!isReportSection(section)) return "Choose a section of the report to download.";
    const { filename, csv } = await caller.reports.csv({ ...readReportRange(url), section });
    return { filename, body: csv, contentType: "text/csv; charset=utf-8" };
  });
}
