import type { LoaderFunctionArgs } from "@remix-run/node";
import { readReportRange } from "../lib/reports.server";
import { slugOf } from "../lib/reports";
import { isApiError, requireUser } from "../lib/session.server";

/** GET /reports/export.pdf?from=…&to=… — the whole report as one PDF (aggregates only). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, me, headers } = await requireUser(request);
  const text = (body: string, status: number) => new Response(body, { status, headers: headers({ "Content-Type": "text/plain; charset=utf-8" }) });
  let result: { filename: string; base64: string };
  try {
    result = await caller.reports.pdf(readReportRange(new URL(request.url)));
  } catch (error) {
    if (!isApiError(error)) throw error;
    if (error.code === "BAD_REQUEST") return text("Choose a range of at most 24 months (YYYY-MM to YYYY-MM) and download again.", 400);
    const status = error.code === "FORBIDDEN" ? 403 : error.code === "UNAUTHORIZED" ? 401 : 500;
    return text(status === 500 ? "The export failed. Try again." : error.message, status);
  }
  const clinic = me.memberships.find((m) => m.tenantId === me.activeTenantId);
  return new Response(Buffer.from(result.base64, "base64"), {
    headers: headers({
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${slugOf(clinic?.tenantName ?? "clinic")}-${result.filename}"`,
      "Cache-Control": "no-store",
    }),
  });
}
