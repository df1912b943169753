import { z } from "zod";
import { IsoDateSchema } from "../../schemas.js";
import { careProcedure, router } from "../../trpc/trpc.js";
import { recordConsent, revokeConsent } from "./consent.service.js";
import { STATUS_REASONS, funnelCounts, transitionEnrollment } from "./enrollment.service.js";
import { tenantOfPatient } from "./tenant-choice.js";
import { todayIn } from "./today.js";

const ProgramSchema = z.enum(["ccm", "pcm", "apcm", "rpm"]);


export const enrollmentRouter = router({
  reasons: careProcedure.query(() => STATUS_REASONS),

  funnel: careProcedure.input(z.object({ program: ProgramSchema.default("ccm") })).query(({ ctx, input }) => funnelCounts(ctx.tx, input.program)),

  transition: careProcedure
    .input(z.object({ patientId: z.string().uuid(), program: ProgramSchema, to: z.enum(["outreach", "enrolled", "disenrolled", "declined", "ineligible", "unable_to_reach", "identified"]), reason: z.string().max(60).optional(), note: z.string().trim().max(1000).optional() }))
    .mutation(async ({ ctx, input }) => {
      const { tenantId, timeZone } = await tenantOfPatient(ctx, input.patientId);
      ctx.audit.describe({ tenantId, patientId: input.patientId, objectType: "program_enrollment", details: { program: input.program, to: input.to, reason: input.reason ?? null } });
      const result = await transitionEnrollment(ctx.tx, { ...input, tenantId, actorUserId: ctx.auth.user.id, today: todayIn(timeZone) });
      ctx.audit.describe({ objectId: result.enrollmentId });
      return result;
    }),

  recordConsent: careProcedure
    .input(z.object({
      patientId: z.string().uuid(),
      program: ProgramSchema.default("ccm"),
      method: z.enum(["verbal", "written"]),
      disclosures: z.object({ availability: z.boolean(), costSharing: z.boolean(), stopAnyTime: z.boolean(), onePractitionerPerMonth: z.boolean() }),
      obtainedOn: IsoDateSchema,
      evidenceDocumentId: z.string().uuid().optional(),
      notes: z.string().trim().max(2000).optional(),
    }))
    .mutation(async ({ ctx, input }) => {
      const { tenantId, timeZone } = await tenantOfPatient(ctx, input.patientId);
      ctx.audit.describe({ tenantId, patientId: input.patientId, objectType: "consent", details: { method: input.method, program: input.program } });
      const result = await recordConsent(ctx.tx, tenantId, { ...input, obtainedByName: ctx.auth.user.name }, ctx.auth.user.id, todayIn(timeZone));
      ctx.audit.describe({ objectId: result.consentId });
      return result;
    }),

  revokeConsent: careProcedure
    .input(z.object({ patientId: z.string().uuid(), consentId: z.string().uuid(), revokedOn: IsoDateSchema, note: z.string().trim().max(1000).optional() }))
    .mutation(async ({ ctx, input }) => {
      const { tenantId } = await tenantOfPatient(ctx, input.patientId);
      ctx.audit.describe({ tenantId, patientId: input.patientId, objectType: "consent", objectId: input.consentId });
      return revokeConsent(ctx.tx, tenantId, input, ctx.auth.user.id);
    }),
});
