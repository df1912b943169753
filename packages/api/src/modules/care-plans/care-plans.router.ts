import { z } from "zod";
import { careProcedure, router, tenantProcedure } from "../../trpc/trpc.js";
import { tenantOfPatient } from "../patients/tenant-choice.js";
import { todayIn } from "../patients/today.js";
import { fromDate } from "../patients/patient-record.js";
import { SaveCarePlanSchema, ShareCarePlanSchema, SignCarePlanSchema } from "./care-plan.schemas.js";
import { generateCarePlanPdf, getCarePlan, presignDocument, recordCarePlanShared, saveCarePlanVersion, signCarePlan } from "./care-plans.service.js";
import { CARE_PLAN_TEMPLATES, buildPlanFromTemplates, suggestTemplates } from "./templates.js";

const PatientIdSchema = z.object({ patientId: z.string().uuid() });

export const carePlansRouter = router({
  templates: careProcedure.query(() => CARE_PLAN_TEMPLATES.map((t) => ({ id: t.id, name: t.name }))),

  get: careProcedure.input(PatientIdSchema).query(async ({ ctx, input }) => {
    const { tenantId, timeZone } = await tenantOfPatient(ctx, input.patientId);
    ctx.audit.recordRead({ tenantId, patientId: input.patientId, objectType: "care_plan" });
    return getCarePlan(ctx.tx, input.patientId, todayIn(timeZone));
  }),

  /** A starting body from condition templates (not saved until the coordinator saves it). */
  draftFromTemplates: careProcedure.input(PatientIdSchema.extend({ templateIds: z.array(z.string()).max(8).optional() })).query(async ({ ctx, input }) => {
    const { tenantId, timeZone } = await tenantOfPatient(ctx, input.patientId);
    ctx.audit.recordRead({ tenantId, patientId: input.patientId, objectType: "care_plan_template" });
    const problems = await ctx.tx.problem.findMany({ where: { patientId: input.patientId, resolvedOn: null }, select: { icd10Code: true, description: true } });
    const templateIds = input.templateIds ?? suggestTemplates(problems.map((p) => p.icd10Code));
    const today = todayIn(timeZone);
    const review = new Date(`${today}T00:00:00Z`);
    review.setUTCMonth(review.getUTCMonth() + 3);
    return { templateIds, body: buildPlanFromTemplates(templateIds, problems, fromDate(review)!) };
  }),

  save: careProcedure.input(SaveCarePlanSchema).mutation(async ({ ctx, input }) => {
    const { tenantId } = await tenantOfPatient(ctx, input.patientId);
    ctx.audit.describe({ tenantId, patientId: input.patientId, objectType: "care_plan", details: { expectedVersion: input.expectedVersion } });
    const saved = await saveCarePlanVersion(ctx.tx, tenantId, input, ctx.auth.user.id);
    ctx.audit.describe({ objectId: saved.carePlanId, details: { version: saved.version } });
    return saved;
  }),

  /** Practitioner sign-off happens in the portal, by the clinic's practitioner. */
  sign: tenantProcedure("practitioner", "clinic_admin").input(SignCarePlanSchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: ctx.tenantId, patientId: input.patientId, objectType: "care_plan", details: { version: input.version } });
    return signCarePlan(ctx.tx, ctx.tenantId, input, ctx.auth.user.id);
  }),

  /** Care plans whose current version waits for a practitioner's signature (portal queue). */
  awaitingSignoff: tenantProcedure("practitioner", "clinic_admin").query(async ({ ctx }) => {
    const plans = await ctx.tx.carePlan.findMany({
      where: { tenantId: ctx.tenantId, status: "awaiting_signoff" },
      include: { patient: { select: { id: true, firstName: true, lastName: true, billingPractitioner: { select: { name: true } } } } },
      orderBy: { updatedAt: "asc" },
    });
    return plans.map((p) => ({ patientId: p.patient.id, patient: `${p.patient.lastName}, ${p.patient.firstName}`, version: p.currentVersion, updatedAt: p.updatedAt.toISOString(), billingPractitioner: p.patient.billingPractitioner?.name ?? null }));
  }),

  generatePdf: careProcedure.input(SignCarePlanSchema).mutation(async ({ ctx, input }) => {
    const { tenantId } = await tenantOfPatient(ctx, input.patientId);
    ctx.audit.describe({ tenantId, patientId: input.patientId, objectType: "care_plan_pdf", details: { version: input.version } });
    const result = await generateCarePlanPdf(ctx.tx, ctx.storage(), tenantId, input, ctx.auth.user.id);
    ctx.audit.describe({ objectId: result.documentId });
    return result;
  }),

  recordShared: careProcedure.input(ShareCarePlanSchema).mutation(async ({ ctx, input }) => {
    const { tenantId } = await tenantOfPatient(ctx, input.patientId);
    ctx.audit.describe({ tenantId, patientId: input.patientId, objectType: "care_plan", details: { version: input.version, method: input.method } });
    return recordCarePlanShared(ctx.tx, tenantId, input);
  }),
});

export const documentsRouter = router({
  /** A 5-minute download link; the read is audited against the document's patient. */
  downloadUrl: careProcedure.input(z.object({ documentId: z.string().uuid() })).mutation(async ({ ctx, input }) => {
    const link = await presignDocument(ctx.tx, ctx.storage(), input.documentId);
    ctx.audit.describe({ tenantId: link.tenantId, patientId: link.patientId ?? undefined, objectType: "document", objectId: input.documentId, details: { action: "download" } });
    return { url: link.url, fileName: link.fileName, expiresInSeconds: link.expiresInSeconds };
  }),

  /** Uploads evidence (e.g. a signed consent form) for a patient; body as base64 (max 10 MB). */
  upload: careProcedure
    .input(z.object({ patientId: z.string().uuid(), kind: z.enum(["consent_form", "other"]), fileName: z.string().trim().min(1).max(200), contentType: z.enum(["application/pdf", "image/jpeg", "image/png"]), base64: z.string().min(4).max(14_000_000) }))
    .mutation(async ({ ctx, input }) => {
      const { tenantId } = await tenantOfPatient(ctx, input.patientId);
      ctx.audit.describe({ tenantId, patientId: input.patientId, objectType: "document", details: { kind: input.kind } });
      const body = Buffer.from(input.base64, "base64");
      const stored = await ctx.storage().putObject({ tenantId, kind: input.kind === "consent_form" ? "consent" : "export", fileName: input.fileName, contentType: input.contentType, body });
      const document = await ctx.tx.document.create({
        data: { tenantId, kind: input.kind, storageKey: stored.key, fileName: input.fileName, contentType: input.contentType, sizeBytes: BigInt(stored.sizeBytes), sha256: stored.sha256, patientId: input.patientId, uploadedBy: ctx.auth.user.id },
      });
      ctx.audit.describe({ objectId: document.id });
      return { documentId: document.id, sha256: stored.sha256 };
    }),
});
