import type { LoaderFunctionArgs } from "@remix-run/node";
import { CLINIC_AUDIT_CATEGORIES, auditQuery, readAuditFilters } from "../lib/audit";
import { isApiError, requireUser } from "../lib/session.server";

/** GET /audit-log/export.csv — the clinic's audit log (same filters as the page) as a download. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, me, headers } = await requireUser(request);
  const filters = readAuditFilters(new URL(request.url), CLINIC_AUDIT_CATEGORIES);
  let csv: string;
  try {
    ({ csv } = await caller.audit.clinicCsv({ ...auditQuery({ ...filters, before: "" }) }));
  } catch (error) {
    if (!isApiError(error)) throw error;
    const status = error.code === "FORBIDDEN" ? 403 : error.code === "UNAUTHORIZED" ? 401 : 500;
    return new Response(status === 500 ? "The export failed. Try again." : error.message, {
      status,
      headers: headers({ "Content-Type": "text/plain; charset=utf-8" }),
    });
  }
  const clinic = me.memberships.find((m) => m.tenantId === me.activeTenantId);
  const slug = (clinic?.tenantName ?? "clinic")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  const filename = `audit-log-${slug}-${new Date().toISOString().slice(0, 10)}.csv`;
  return new Response(csv, {
    headers: headers({
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    }),
  });
}
