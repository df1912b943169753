import type { LoaderFunctionArgs } from "@remix-run/node";
import { readReportRange, reportDownload } from "../lib/reports.server";

/** GET /reports/export.pdf?from=…&to=… — the whole report as one PDF (aggregates only). */
export function loader({ request }: LoaderFunctionArgs) {
  return reportDownload(request, async (caller, url) => {
    const { filename, base64 } = await caller.reports.pdf(readReportRange(url));
    return { filename, body: Buffer.from(base64, "base64"), contentType: "application/pdf" };
  });
}
