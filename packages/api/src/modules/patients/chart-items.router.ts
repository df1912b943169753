import { z } from "zod";
import { IsoDateSchema } from "../../schemas.js";
import { careProcedure, router } from "../../trpc/trpc.js";
import * as items from "./chart-items.service.js";
import { Icd10Schema } from "./patients.schemas.js";
import { tenantOfPatient } from "./tenant-choice.js";
import type { ScopedContext } from "../../trpc/context.js";


const PatientRef = z.object({ patientId: z.string().uuid() });
const text = (max: number, what: string) => z.string().trim().min(1, `Enter ${what}.`).max(max);

/** Runs a chart write in the patient's tenant and describes it for the audit row. */
async function inPatientTenant<T>(ctx: ScopedContext, patientId: string, objectType: string, fn: (tenantId: string) => Promise<T>) {
  const { tenantId } = await tenantOfPatient(ctx, patientId);
  ctx.audit.describe({ tenantId, patientId, objectType });
  return fn(tenantId);
}

export const chartItemsRouter = router({
  addProblem: careProcedure
    .input(PatientRef.extend({ icd10Code: Icd10Schema, description: text(300, "the problem"), onsetOn: IsoDateSchema.optional() }))
    .mutation(({ ctx, input }) => inPatientTenant(ctx, input.patientId, "problem", (t) => items.addProblem(ctx.tx, t, input.patientId, input))),
  resolveProblem: careProcedure
    .input(PatientRef.extend({ problemId: z.string().uuid(), resolvedOn: IsoDateSchema }))
    .mutation(({ ctx, input }) => inPatientTenant(ctx, input.patientId, "problem", (t) => items.resolveProblem(ctx.tx, t, input.patientId, input.problemId, input.resolvedOn))),
  addMedication: careProcedure
    .input(PatientRef.extend({ name: text(200, "the medicine"), dose: z.string().trim().max(100).optional(), frequency: z.string().trim().max(100).optional(), startedOn: IsoDateSchema.optional() }))
    .mutation(({ ctx, input }) => inPatientTenant(ctx, input.patientId, "medication", (t) => items.addMedication(ctx.tx, t, input.patientId, input))),
  stopMedication: careProcedure
    .input(PatientRef.extend({ medicationId: z.string().uuid(), stoppedOn: IsoDateSchema }))
    .mutation(({ ctx, input }) => inPatientTenant(ctx, input.patientId, "medication", (t) => items.stopMedication(ctx.tx, t, input.patientId, input.medicationId, input.stoppedOn))),
  addAllergy: careProcedure
    .input(PatientRef.extend({ substance: text(200, "the substance"), reaction: z.string().trim().max(200).optional(), severity: z.enum(["mild", "moderate", "severe"]).optional() }))
    .mutation(({ ctx, input }) => inPatientTenant(ctx, input.patientId, "allergy", (t) => items.addAllergy(ctx.tx, t, input.patientId, input))),
  addCareTeamContact: careProcedure
    .input(PatientRef.extend({ name: text(160, "the name"), role: text(100, "the role"), organization: z.string().trim().max(160).optional(), phone: z.string().trim().max(40).optional() }))
    .mutation(({ ctx, input }) => inPatientTenant(ctx, input.patientId, "care_team_contact", (t) => items.addCareTeamContact(ctx.tx, t, input.patientId, input))),
  addEncounter: careProcedure
    .input(PatientRef.extend({ kind: z.enum(["em_visit", "awv", "ippe", "tcm_face_to_face", "other"]), occurredOn: IsoDateSchema, practitionerId: z.string().uuid().optional(), isCcmDiscussed: z.boolean().default(false) }))
    .mutation(({ ctx, input }) => inPatientTenant(ctx, input.patientId, "encounter", (t) => items.addEncounter(ctx.tx, t, input.patientId, input))),
});
