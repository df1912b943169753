import { z } from "zod";
import { router, tenantProcedure } from "../../trpc/trpc.js";
import { decodeBase64InSlices } from "../panel-import/panel-file.js";
import { acknowledgmentsForMonth, collectionsByMonth, listPayerFiles, openDenials, PAYER_FILE_MAX_BYTES, paymentsForMonth, unmatchedPayments, uploadPayerFile } from "./remittance.service.js";

const ServiceMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use a month as YYYY-MM.");
const reviewers = () => tenantProcedure("clinic_admin", "practitioner");
const MAX_BASE64 = Math.ceil(PAYER_FILE_MAX_BYTES / 3) * 4 + 4;

/** What the payer answered about the clinic's claims (portal): 835 remittance, 999 and 277CA. */
export const remittanceRouter = router({
  /** A clinic admin uploads a payer file; the same file twice records nothing new. */
  upload: tenantProcedure("clinic_admin")
    .input(
      z.object({
        fileName: z.string().trim().min(1).max(200),
        base64: z.string().min(1).max(MAX_BASE64, "The file is larger than 5 MB. Ask your clearinghouse for one file per payment."),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "payer_file", });
      const result = await uploadPayerFile(ctx.tx, ctx.storage(), ctx.tenantId, { fileName: input.fileName, bytes: await decodeBase64InSlices(input.base64) }, ctx.auth.user.id);
      ctx.audit.describe({ objectId: result.fileId, details: { kind: result.kind, duplicate: result.duplicate, claims: result.claims, recorded: result.recorded, matched: result.matched } });
      return result;
    }),

  files: reviewers().query(({ ctx }) => listPayerFiles(ctx.tx, ctx.tenantId)),

  month: reviewers()
    .input(z.object({ serviceMonth: ServiceMonth }))
    .query(async ({ ctx, input }) => {
      const [payments, collections, acknowledgments] = await Promise.all([
        paymentsForMonth(ctx.tx, ctx.tenantId, input.serviceMonth),
        collectionsByMonth(ctx.tx, ctx.tenantId, [input.serviceMonth]),
        acknowledgmentsForMonth(ctx.tx, ctx.tenantId, input.serviceMonth),
      ]);
      return { serviceMonth: input.serviceMonth, payments, collections: collections[0]!, acknowledgments };
    }),

  denials: reviewers().query(({ ctx }) => openDenials(ctx.tx, ctx.tenantId)),

  unmatched: reviewers().query(({ ctx }) => unmatchedPayments(ctx.tx, ctx.tenantId)),

  /** The month's 999/277CA answers, for the claim files beside which they are shown. */
  acknowledgments: reviewers().input(z.object({ serviceMonth: ServiceMonth })).query(({ ctx, input }) => acknowledgmentsForMonth(ctx.tx, ctx.tenantId, input.serviceMonth)),
});
