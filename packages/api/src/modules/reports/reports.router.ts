import { router, tenantProcedure } from "../../trpc/trpc.js";
import { buildReportCsv } from "./reports-csv.js";
import { renderReportPdf } from "./reports-pdf.js";
import { ReportCsvSchema, ReportRangeSchema } from "./reports.schemas.js";
import { getClinicReport } from "./reports.service.js";

/** Clinic admins and practitioners, like the billing worksheet's reviewers. */
const reviewers = () => tenantProcedure("clinic_admin", "practitioner");

/**
 * The clinic's reports (portal): aggregates only. Viewing is not audited, like the worksheet and
 * the funnel; a download (CSV or PDF) is an audited read, like the audit log's CSV.
 */
export const reportsRouter = router({
  get: reviewers().input(ReportRangeSchema).query(({ ctx, input }) => getClinicReport(ctx.tx, ctx.tenantId, input)),

  csv: reviewers().input(ReportCsvSchema).query(async ({ ctx, input }) => {
    ctx.audit.isRead = true;
    ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "report", objectId: input.section, details: { export: "csv", from: input.from, to: input.to } });
    const report = await getClinicReport(ctx.tx, ctx.tenantId, input);
    return { filename: `report-${input.section}-${input.from}-to-${input.to}.csv`, csv: buildReportCsv(report, input.section) };
  }),

  pdf: reviewers().input(ReportRangeSchema).query(async ({ ctx, input }) => {
    ctx.audit.isRead = true;
    ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "report", details: { export: "pdf", from: input.from, to: input.to } });
    const report = await getClinicReport(ctx.tx, ctx.tenantId, input);
    return { filename: `report-${input.from}-to-${input.to}.pdf`, base64: (await renderReportPdf(report)).toString("base64") };
  }),
});
