import { z } from "zod";
import { router, tenantProcedure, vendorAdminProcedure } from "../../trpc/trpc.js";
import { presignDocument } from "../care-plans/care-plans.service.js";
import { auditPacketFor } from "./audit-packet.service.js";
import { billingIdentity } from "./billing-profile.service.js";
import { worksheetSource } from "../invoicing/billed-month.source.js";
import { creditReopenedMonth } from "../invoicing/invoices.service.js";
import { listCloses, reopenClose, requestClose } from "./close-admin.service.js";
import { reopenPreview } from "./reopen-preview.js";
import { DiagnosisOrderSchema, setClaimDiagnosisOrder } from "./diagnosis-order.service.js";
import { createClaimExport, listClaimExports, presignClaimExport } from "./exports.service.js";
import { addOtherService, COMMON_OTHER_SERVICES, importOtherServicesCsv, listOtherServices, removeOtherService } from "./other-services.service.js";
import { listMonthEndFixes } from "./month-end-fixes.service.js";
import { approveMonth, excludePendingReview, getWorksheet, getWorksheetRow, listClinicCloses, setRowExclusion, WORKSHEET_FILTERS } from "./worksheet.service.js";

const ServiceMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use a month as YYYY-MM.");
const Reason = (what: string) => z.string().trim().min(5, `Say ${what} (at least 5 characters).`).max(500);
const reviewers = () => tenantProcedure("clinic_admin", "practitioner");
const clinicAdmin = () => tenantProcedure("clinic_admin");

/** Vendor admin: run and reopen month closes for every clinic (workspace admin area). */
export const monthCloseRouter = router({
  list: vendorAdminProcedure.input(z.object({ serviceMonth: ServiceMonth.optional() })).query(({ ctx, input }) => listCloses(ctx.tx, input.serviceMonth)),

  request: vendorAdminProcedure.input(z.object({ tenantId: z.string().uuid(), serviceMonth: ServiceMonth })).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: input.tenantId, objectType: "month_close", objectId: input.serviceMonth });
    return requestClose(ctx.tx, input, ctx.auth.user.id);
  }),

  /** What a reopen touches: claims already sent and invoices that will be voided or credited. */
  reopenPreview: vendorAdminProcedure
    .input(z.object({ tenantId: z.string().uuid(), serviceMonth: ServiceMonth }))
    .query(({ ctx, input }) => reopenPreview(ctx.tx, input.tenantId, input.serviceMonth)),

  /** Reopens the month and, in the same transaction, voids its draft invoices and credits the issued ones. */
  reopen: vendorAdminProcedure
    .input(z.object({ tenantId: z.string().uuid(), serviceMonth: ServiceMonth, reason: Reason("why the month is reopened") }))
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({ tenantId: input.tenantId, objectType: "month_close", objectId: input.serviceMonth, details: { reason: input.reason } });
      const result = await reopenClose(ctx.tx, input, input.reason, ctx.auth.user.id);
      const { creditNoteIds } = await creditReopenedMonth(ctx.tx, worksheetSource, input.tenantId, input.serviceMonth, ctx.auth.user.id);
      ctx.audit.describe({ details: { reason: input.reason, previousStatus: result.previousStatus, creditNotes: creditNoteIds.length } });
      return { ...result, creditNoteIds };
    }),
});

/** The clinic's billing worksheet (portal): review, exclude, approve, export. */
export const worksheetRouter = router({
  months: reviewers().query(({ ctx }) => listClinicCloses(ctx.tx, ctx.tenantId)),

  /** Patients whose month will block (or bill less) unless fixed before it is closed, with what clears it (issue 15 item 7). */
  monthEndFixes: tenantProcedure("clinic_admin", "practitioner", "clinic_staff")
    .input(z.object({ serviceMonth: ServiceMonth.optional() }))
    .query(({ ctx, input }) => listMonthEndFixes(ctx.tx, ctx.tenantId, input.serviceMonth)),

  /** Who the clinic's claims go out as (set by the vendor admin); null until it is set. */
  billingIdentity: reviewers().query(({ ctx }) => billingIdentity(ctx.tx, ctx.tenantId)),

  get: reviewers()
    .input(z.object({ serviceMonth: ServiceMonth.optional(), filter: z.enum(WORKSHEET_FILTERS).default("all") }))
    .query(({ ctx, input }) => getWorksheet(ctx.tx, ctx.tenantId, input.serviceMonth, input.filter)),

  row: reviewers().input(z.object({ serviceMonth: ServiceMonth, patientId: z.string().uuid() })).query(async ({ ctx, input }) => {
    const row = await getWorksheetRow(ctx.tx, ctx.tenantId, input.serviceMonth, input.patientId);
    ctx.audit.recordRead({ tenantId: ctx.tenantId, patientId: input.patientId, objectType: "worksheet_row", objectId: input.serviceMonth });
    return row;
  }),

  /**
   * The patient-month's audit packet (PDF: result, findings, consent, visit, care plan, time log,
   * calls), made on first request or reused, as a 5-minute download link. Audited as a read of PHI.
   */
  auditPacket: reviewers().input(z.object({ serviceMonth: ServiceMonth, patientId: z.string().uuid() })).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: ctx.tenantId, patientId: input.patientId, objectType: "audit_packet", details: { serviceMonth: input.serviceMonth } });
    const packet = await auditPacketFor(ctx.tx, ctx.storage(), ctx.tenantId, input.serviceMonth, input.patientId, ctx.auth.user.id);
    const link = await presignDocument(ctx.tx, ctx.storage(), packet.documentId);
    ctx.audit.describe({ objectId: packet.documentId, details: { serviceMonth: input.serviceMonth, isNew: packet.isNew } });
    return { url: link.url, fileName: link.fileName, documentId: packet.documentId, isNew: packet.isNew };
  }),

  exclude: clinicAdmin()
    .input(z.object({ serviceMonth: ServiceMonth, patientId: z.string().uuid(), reason: Reason("why this patient-month is not billed") }))
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({ tenantId: ctx.tenantId, patientId: input.patientId, objectType: "worksheet_row", objectId: input.serviceMonth, details: { reason: input.reason } });
      await setRowExclusion(ctx.tx, ctx.tenantId, input, ctx.auth.user.id);
      return { ok: true as const };
    }),

  include: clinicAdmin().input(z.object({ serviceMonth: ServiceMonth, patientId: z.string().uuid() })).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: ctx.tenantId, patientId: input.patientId, objectType: "worksheet_row", objectId: input.serviceMonth });
    await setRowExclusion(ctx.tx, ctx.tenantId, { ...input, reason: null }, ctx.auth.user.id);
    return { ok: true as const };
  }),

  /** Time awaiting supervisor review is not billed this month (reason required), so the month can be approved. */
  excludePendingReview: clinicAdmin()
    .input(z.object({ serviceMonth: ServiceMonth, reason: Reason("why the time awaiting review is not billed this month") }))
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "month_close", objectId: input.serviceMonth, details: { reason: input.reason } });
      const result = await excludePendingReview(ctx.tx, ctx.tenantId, input, ctx.auth.user.id);
      ctx.audit.describe({ details: { reason: input.reason, entries: result.entries, seconds: result.seconds } });
      return result;
    }),

  approve: clinicAdmin().input(z.object({ serviceMonth: ServiceMonth })).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "month_close", objectId: input.serviceMonth });
    const result = await approveMonth(ctx.tx, ctx.tenantId, input.serviceMonth, ctx.auth.user.id);
    ctx.audit.describe({ details: result });
    return result;
  }),

  exports: reviewers().input(z.object({ serviceMonth: ServiceMonth })).query(({ ctx, input }) => listClaimExports(ctx.tx, ctx.tenantId, input.serviceMonth)),

  /** `replace`: send every claim of the month again as a replacement, even when nothing changed. */
  export: clinicAdmin()
    .input(z.object({ serviceMonth: ServiceMonth, format: z.enum(["csv", "x12_837p", "x12_837i"]), replace: z.boolean().optional() }))
    .mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "claim_export", details: { serviceMonth: input.serviceMonth, format: input.format } });
    const result = await createClaimExport(ctx.tx, ctx.storage(), ctx.tenantId, input.serviceMonth, input.format, ctx.auth.user.id, new Date(), { replace: input.replace === true });
    ctx.audit.describe({
      objectId: result.exportId,
      details: { serviceMonth: input.serviceMonth, format: input.format, claims: result.claimCount, controlNumber: result.controlNumber, reused: result.reused, ...result.frequencies },
    });
    return result;
  }),

  /** The patient's billing practitioner orders the claim's diagnoses (principal first); from the next close. */
  setDiagnosisOrder: tenantProcedure("practitioner")
    .input(DiagnosisOrderSchema)
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({ tenantId: ctx.tenantId, patientId: input.patientId, objectType: "problem", details: { claimDiagnosisOrder: input.codes.length } });
      return setClaimDiagnosisOrder(ctx.tx, ctx.tenantId, ctx.auth.user.id, input);
    }),

  /** A download link is a mutation so that every download of a claim file is audited. */
  download: clinicAdmin().input(z.object({ exportId: z.string().uuid() })).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "claim_export", objectId: input.exportId });
    return presignClaimExport(ctx.tx, ctx.storage(), ctx.tenantId, input.exportId);
  }),
});

const OtherServiceSchema = z.object({
  patientId: z.string().uuid(),
  serviceMonth: ServiceMonth,
  code: z.string().trim().toUpperCase().regex(/^[0-9A-Z]{5}$/, "Enter a 5-character CPT/HCPCS code."),
  samePractitioner: z.boolean(),
  note: z.string().trim().max(300).optional(),
});

/** Services billed for a patient-month elsewhere or by another program (form and CSV). */
export const otherServicesRouter = router({
  codes: reviewers().query(() => COMMON_OTHER_SERVICES),
  list: reviewers().input(z.object({ serviceMonth: ServiceMonth })).query(({ ctx, input }) => listOtherServices(ctx.tx, ctx.tenantId, input.serviceMonth)),

  add: clinicAdmin().input(OtherServiceSchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: ctx.tenantId, patientId: input.patientId, objectType: "other_service", details: { code: input.code, serviceMonth: input.serviceMonth } });
    const result = await addOtherService(ctx.tx, ctx.tenantId, input, "form", ctx.auth.user.id);
    if (result.id) ctx.audit.describe({ objectId: result.id });
    return result;
  }),

  remove: clinicAdmin().input(z.object({ id: z.string().uuid() })).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "other_service", objectId: input.id });
    const result = await removeOtherService(ctx.tx, ctx.tenantId, input.id);
    ctx.audit.describe({ patientId: result.patientId });
    return { ok: true as const };
  }),

  importCsv: clinicAdmin().input(z.object({ csv: z.string().min(1).max(2_000_000) })).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "other_service_import" });
    const result = await importOtherServicesCsv(ctx.tx, ctx.tenantId, input.csv, ctx.auth.user.id);
    ctx.audit.describe({ details: { imported: result.imported, duplicates: result.duplicates, errors: result.errors.length } });
    return result;
  }),
});
