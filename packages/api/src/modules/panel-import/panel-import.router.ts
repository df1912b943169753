import { z } from "zod";
import { careProcedure, router } from "../../trpc/trpc.js";
import { chooseTenant } from "../patients/tenant-choice.js";
import { PANEL_COLUMNS, panelTemplateCsv } from "./columns.js";
import { PANEL_FILE_LIMITS, decodeBase64InSlices } from "./panel-file.js";
import { commitPanelImport, previewPanelImport } from "./panel-import.service.js";
import type { PanelUpdate } from "./panel-match.js";
import type { RowError } from "./parse-row.js";

/** Base64 of the largest file we take (4 characters per 3 bytes). */
const MAX_BASE64 = Math.ceil(PANEL_FILE_LIMITS.maxBytes / 3) * 4 + 4;
const TOO_BIG = "The file is larger than 10 MB. Split the panel into smaller files and import them one after another.";

export const panelImportRouter = router({
  template: careProcedure.query(() => ({ columns: PANEL_COLUMNS, csv: panelTemplateCsv(), filename: "carefold-panel-template.csv" })),

  /**
   * Validates the file (CSV, FHIR R4 Bundle .json or FHIR NDJSON) and stores it; writes no patient.
   * Parsing yields to other requests between slices, so a big panel takes a while longer than its
   * raw parse: the transaction gets two minutes.
   */
  preview: careProcedure
    .meta({ timeoutMs: 2 * 60_000 })
    .input(z.object({ tenantId: z.string().uuid().optional(), fileName: z.string().trim().min(1).max(200).regex(/\.(csv|json|ndjson)$/i, "Upload a .csv panel, a FHIR R4 Bundle (.json) or FHIR NDJSON (.ndjson)."), base64: z.string().min(1).max(MAX_BASE64, TOO_BIG) }))
    .mutation(async ({ ctx, input }) => {
      const tenantId = chooseTenant(ctx, input.tenantId);
      ctx.audit.describe({ tenantId, objectType: "panel_import" });
      const result = await previewPanelImport(ctx.tx, ctx.storage(), tenantId, { fileName: input.fileName, csv: await decodeBase64InSlices(input.base64) }, ctx.auth.user.id);
      ctx.audit.describe({ objectId: result.importId, details: { rows: result.rowCount, errors: result.errorCount } });
      return result;
    }),

  /**
   * All or nothing, in one transaction; may take a while for big panels. Updates to patients on
   * file are applied only for the rows confirmed here (or all the preview listed, `confirmAll`).
   */
  commit: careProcedure
    .meta({ timeoutMs: 10 * 60_000 })
    .input(z.object({ importId: z.string().uuid(), confirmAll: z.boolean().default(false), confirmedRows: z.array(z.number().int().min(1)).max(PANEL_FILE_LIMITS.maxRows).default([]) }))
    .mutation(async ({ ctx, input }) => {
      const record = await ctx.tx.panelImport.findFirst({ where: { id: input.importId }, include: { tenant: { select: { timeZone: true } } } });
      const tenantId = record?.tenantId ?? chooseTenant(ctx);
      ctx.audit.describe({ tenantId, objectType: "panel_import", objectId: input.importId });
      const result = await commitPanelImport(ctx.tx, ctx.storage(), tenantId, input.importId, record?.tenant.timeZone ?? "America/Chicago", input, ctx.auth.user.id);
      ctx.audit.describe({ details: { created: result.created, updated: result.updated, skipped: result.skipped } });
      return result;
    }),

  list: careProcedure.query(async ({ ctx }) => {
    const rows = await ctx.tx.panelImport.findMany({ orderBy: { createdAt: "desc" }, take: 50 });
    return rows.map((r) => ({ id: r.id, tenantId: r.tenantId, fileName: r.fileName, status: r.status, rowCount: r.rowCount, errorCount: r.errorCount, createdRows: r.createdRows, updatedRows: r.updatedRows, createdAt: r.createdAt.toISOString(), committedAt: r.committedAt?.toISOString() ?? null }));
  }),

  get: careProcedure.input(z.object({ importId: z.string().uuid() })).query(async ({ ctx, input }) => {
    const r = await ctx.tx.panelImport.findFirst({ where: { id: input.importId } });
    if (!r) return null;
    return { id: r.id, fileName: r.fileName, status: r.status, rowCount: r.rowCount, errorCount: r.errorCount, errors: r.errors as unknown as RowError[], updates: r.updates as unknown as PanelUpdate[], createdRows: r.createdRows, updatedRows: r.updatedRows };
  }),
});
