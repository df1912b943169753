import { z } from "zod";
import { notFound } from "../../errors.js";
import { careProcedure, router } from "../../trpc/trpc.js";
import { createPatient, getPatientChart, listPatients } from "./patients.service.js";
import { PatientIdSchema, PatientInputSchema, PatientListFilterSchema } from "./patients.schemas.js";
import { chooseTenant } from "./tenant-choice.js";

export const patientsRouter = router({
  list: careProcedure.input(PatientListFilterSchema).query(({ ctx, input }) => listPatients(ctx.tx, input)),

  /** The chart: a read of PHI, audited with the patient's id. */
  get: careProcedure.input(PatientIdSchema).query(async ({ ctx, input }) => {
    const chart = await getPatientChart(ctx.tx, undefined, input.patientId);
    ctx.audit.recordRead({ tenantId: chart.tenantId, patientId: chart.id, objectType: "patient", objectId: chart.id });
    return chart;
  }),

  /** Shows the full MBI: a deliberate, audited action (lists and charts show the last 4 only). */
  revealMbi: careProcedure.input(PatientIdSchema).mutation(async ({ ctx, input }) => {
    const patient = await ctx.tx.patient.findFirst({ where: { id: input.patientId }, select: { tenantId: true, mbi: true } });
    if (!patient) throw notFound("That patient");
    ctx.audit.describe({ tenantId: patient.tenantId, patientId: input.patientId, objectType: "patient", objectId: input.patientId, details: { field: "mbi" } });
    return { mbi: patient.mbi?.trim() ?? null };
  }),

  create: careProcedure.input(PatientInputSchema.extend({ tenantId: z.string().uuid().optional() })).mutation(async ({ ctx, input }) => {
    const tenantId = chooseTenant(ctx, input.tenantId);
    ctx.audit.describe({ tenantId, objectType: "patient" });
    const tenant = await ctx.tx.tenant.findFirstOrThrow({ where: { id: tenantId }, select: { timeZone: true } });
    const created = await createPatient(ctx.tx, tenantId, tenant.timeZone, input);
    ctx.audit.describe({ objectId: created.patientId, patientId: created.patientId });
    return created;
  }),

  /** Billing practitioners of the clinics in scope (for pickers). */
  practitioners: careProcedure.query(({ ctx }) =>
    ctx.tx.practitioner.findMany({ where: { isActive: true }, select: { id: true, tenantId: true, name: true, npi: true, credentials: true, userId: true }, orderBy: { name: "asc" } }),
  ),
});
