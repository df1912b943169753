import type { LoaderFunctionArgs } from "@remix-run/node";
import { isReportSection, readReportRange } from "../lib/reports.server";
import { slugOf } from "../lib/reports";
import { isApiError, requireUser } from "../lib/session.server";

/** GET /reports/export.csv?section=…&from=…&to=… — one section of the report (aggregates only). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, me, headers } = await requireUser(request);
  const url = new URL(request.url);
  const section = url.searchParams.get("section");
  const text = (body: string, status: number) => new Response(body, { status, headers: headers({ "Content-Type": "text/plain; charset=utf-8" }) });
  if (!isReportSection(section)) return text("Choose a section of the report to download.", 400);
  let result: { filename: string; csv: string };
  try {
    result = await caller.reports.csv({ ...readReportRange(url), section });
  } catch (error) {
    if (!isApiError(error)) throw error;
    if (error.code === "BAD_REQUEST") return text("Choose a range of at most 24 months (YYYY-MM to YYYY-MM) and download again.", 400);
    const status = error.code === "FORBIDDEN" ? 403 : error.code === "UNAUTHORIZED" ? 401 : 500;
    return text(status === 500 ? "The export failed. Try again." : error.message, status);
  }
  const clinic = me.memberships.find((m) => m.tenantId === me.activeTenantId);
  return new Response(result.csv, {
    headers: headers({
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${slugOf(clinic?.tenantName ?? "clinic")}-${result.filename}"`,
      "Cache-Control": "no-store",
    }),
  });
}
