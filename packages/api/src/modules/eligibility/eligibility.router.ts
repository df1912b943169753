import { z } from "zod";
import { router, tenantProcedure } from "../../trpc/trpc.js";
import { decodeBase64InSlices } from "../panel-import/panel-file.js";
import { ELIGIBILITY_FILE_MAX_BYTES, flagsForMonth, generateInquiries, listInquiries, listResponseFiles, presignInquiry, recentResults, upload271 } from "./eligibility.service.js";

const ServiceMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use a month as YYYY-MM.");
const IsoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "Use a date as YYYY-MM-DD.");
const reviewers = () => tenantProcedure("clinic_admin", "practitioner");
const MAX_BASE64 = Math.ceil(ELIGIBILITY_FILE_MAX_BYTES / 3) * 4 + 4;

/** Eligibility checks (issue 24 item 4): 270 inquiries out, 271 responses in, coverage changes and flags. */
export const eligibilityRouter = router({
  /** Builds the 270s for the clinic's enrolled patients (or the chosen ones), one file per payer. */
  generate: tenantProcedure("clinic_admin")
    .input(z.object({ patientIds: z.array(z.string().uuid()).min(1).max(5000).optional(), asOf: IsoDate.optional() }))
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "eligibility_inquiry", details: { chosen: input.patientIds?.length ?? null } });
      const result = await generateInquiries(ctx.tx, ctx.storage(), ctx.tenantId, { patientIds: input.patientIds, asOf: input.asOf ?? new Date().toISOString().slice(0, 10) }, ctx.auth.user.id);
      ctx.audit.describe({ details: { files: result.inquiries.length, subscribers: result.inquiries.reduce((s, i) => s + i.subscribers, 0), skipped: result.skipped.length } });
      return result;
    }),

  /** A download link is a mutation so that every download of a 270 (names, MBIs) is audited. */
  download: tenantProcedure("clinic_admin")
    .input(z.object({ inquiryId: z.string().uuid() }))
    .mutation(({ ctx, input }) => {
      ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "eligibility_inquiry", objectId: input.inquiryId });
      return presignInquiry(ctx.tx, ctx.storage(), ctx.tenantId, input.inquiryId);
    }),

  /** A clinic admin uploads a 271; the same file twice changes nothing ("already read"). */
  upload: tenantProcedure("clinic_admin")
    .input(
      z.object({
        fileName: z.string().trim().min(1).max(200),
        base64: z.string().min(1).max(MAX_BASE64, "The file is larger than 5 MB. Ask your clearinghouse for smaller 271 files."),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "eligibility_file" });
      const result = await upload271(ctx.tx, ctx.storage(), ctx.tenantId, { fileName: input.fileName, bytes: await decodeBase64InSlices(input.base64) }, ctx.auth.user.id);
      ctx.audit.describe({ objectId: result.fileId, details: { duplicate: result.duplicate, subscribers: result.subscribers, matched: result.matched, changed: result.changed, flagged: result.flagged } });
      return result;
    }),

  /** How many eligibility changes the month has to review, by kind (no names): the worksheet's signal before the close. */
  toReview: reviewers()
    .input(z.object({ serviceMonth: ServiceMonth }))
    .query(async ({ ctx, input }) => {
      const flags = await flagsForMonth(ctx.tx, ctx.tenantId, input.serviceMonth);
      const byKind: Record<string, number> = {};
      for (const f of flags) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
      return { count: flags.length, byKind };
    }),

  /** The page: the month's flags, recent results with each patient's coverage now, and the files both ways. */
  overview: reviewers()
    .input(z.object({ serviceMonth: ServiceMonth }))
    .query(async ({ ctx, input }) => {
      ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "eligibility_result", objectId: input.serviceMonth });
      const [flags, results, inquiries, files] = await Promise.all([
        flagsForMonth(ctx.tx, ctx.tenantId, input.serviceMonth),
        recentResults(ctx.tx, ctx.tenantId),
        listInquiries(ctx.tx, ctx.tenantId),
        listResponseFiles(ctx.tx, ctx.tenantId),
      ]);
      return { serviceMonth: input.serviceMonth, flags, results, inquiries, files };
    }),
});
