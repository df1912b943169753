import { z } from "zod";
import { coordinatorProcedure, careProcedure, router, tenantProcedure, vendorProcedure } from "../../trpc/trpc.js";
import { todayIn } from "../patients/today.js";
import { addNote } from "../tasks/tasks.service.js";
import type { ScopedContext } from "../../trpc/context.js";
import { getMonthToDate } from "./month-to-date.service.js";
import { correctTimeEntry, createTimeEntry, listMonthEntries, reviewTimeEntry, type Performer } from "./time-entries.service.js";
import { ACTIVITIES, CorrectTimeEntrySchema, CreateTimeEntrySchema } from "./time.schemas.js";
import { assignPanel, getWorklist } from "./worklist.service.js";

/** Performer role and location come from the user's profile (read with the session), never from the request. */
export function performerOf(ctx: ScopedContext): Performer {
  const { id, performer } = ctx.auth!.user;
  return { userId: id, ...performer };
}

const PatientMonthSchema = z.object({ patientId: z.string().uuid(), serviceMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional() });

export const timeRouter = router({
  activities: careProcedure.query(() => ACTIVITIES),

  create: careProcedure.input(CreateTimeEntrySchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ patientId: input.patientId, objectType: "time_entry", details: { minutes: input.minutes, source: input.source } });
    const result = await createTimeEntry(ctx.tx, input, performerOf(ctx));
    // A retried submit answers with the first entry and its note; only a new entry gets one.
    const noteId = input.interaction && !result.isDuplicate
      ? (await addNote(ctx.tx, { ...input.interaction, tenantId: result.tenantId, patientId: input.patientId, kind: "interaction", timeEntryId: result.entryId }, ctx.auth.user.id)).noteId
      : null;
    ctx.audit.describe({ tenantId: result.tenantId, objectId: result.entryId, details: { minutes: input.minutes, source: input.source, isDuplicate: result.isDuplicate, withNote: noteId !== null } });
    return { ...result, noteId };
  }),

  correct: careProcedure.input(CorrectTimeEntrySchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ objectType: "time_entry", details: { corrects: input.entryId, minutes: input.minutes } });
    const result = await correctTimeEntry(ctx.tx, input, performerOf(ctx));
    ctx.audit.describe({ tenantId: result.tenantId, objectId: result.entryId });
    return result;
  }),

  monthToDate: careProcedure.input(PatientMonthSchema).query(async ({ ctx, input }) => {
    const mtd = await getMonthToDate(ctx.tx, input.patientId, new Date(), input.serviceMonth);
    ctx.audit.recordRead({ tenantId: mtd.tenantId, patientId: input.patientId, objectType: "patient_month", objectId: mtd.serviceMonth });
    return mtd;
  }),

  entries: careProcedure.input(PatientMonthSchema.required({ serviceMonth: true })).query(async ({ ctx, input }) => {
    const entries = await listMonthEntries(ctx.tx, input.patientId, input.serviceMonth);
    const patient = await ctx.tx.patient.findFirst({ where: { id: input.patientId }, select: { tenantId: true } });
    if (patient) ctx.audit.recordRead({ tenantId: patient.tenantId, patientId: input.patientId, objectType: "time_entry_list", objectId: input.serviceMonth });
    return entries;
  }),

  /** The clinic's month so far for the portal overview, from the rollups (no live sums). */
  clinicMonth: tenantProcedure().query(async ({ ctx }) => {
    const tenant = await ctx.tx.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { timeZone: true } });
    const serviceMonth = todayIn(tenant.timeZone).slice(0, 7);
    const [row] = await ctx.tx.$queryRaw<{ minutes: bigint | null; reached: bigint; touched: bigint }[]>`
      SELECT sum(pm.staff_minutes + pm.practitioner_minutes) AS minutes,
             count(*) FILTER (WHERE pm.staff_minutes + pm.practitioner_minutes >= 20) AS reached,
             count(*) FILTER (WHERE pm.staff_minutes + pm.practitioner_minutes > 0) AS touched
        FROM patient_month pm
        JOIN program_enrollment pe ON pe.tenant_id = pm.tenant_id AND pe.patient_id = pm.patient_id AND pe.program = 'ccm' AND pe.status = 'enrolled'
       WHERE pm.tenant_id = ${ctx.tenantId}::uuid AND pm.service_month = ${serviceMonth}`;
    return { serviceMonth, minutes: Number(row?.minutes ?? 0), patientsAt20Minutes: Number(row?.reached ?? 0), patientsWithTime: Number(row?.touched ?? 0) };
  }),

  reviewQueue: vendorProcedure("supervisor").query(async ({ ctx }) => {
    const rows = await ctx.tx.timeEntry.findMany({ where: { reviewStatus: "pending" }, orderBy: { createdAt: "asc" }, take: 200, include: { patient: { select: { firstName: true, lastName: true, tenant: { select: { name: true } } } } } });
    const people = new Map((await ctx.tx.appUser.findMany({ where: { id: { in: [...new Set(rows.map((e) => e.performerUserId))] } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
    return rows.map((e) => ({ id: e.id, clinic: e.patient.tenant.name, patient: `${e.patient.lastName}, ${e.patient.firstName}`, patientId: e.patientId, minutes: e.minutes, performedOn: e.performedOn.toISOString().slice(0, 10), activity: e.activity, flags: e.reviewFlags, performerUserId: e.performerUserId, performer: people.get(e.performerUserId) ?? null, createdAt: e.createdAt.toISOString() }));
  }),

  review: vendorProcedure("supervisor")
    .input(z.object({ entryId: z.string().uuid(), decision: z.enum(["approved", "rejected"]), reason: z.string().trim().max(500).optional() }))
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({ objectType: "time_entry", objectId: input.entryId, details: { decision: input.decision } });
      const result = await reviewTimeEntry(ctx.tx, input, ctx.auth.user.id);
      ctx.audit.describe({ tenantId: result.tenantId, patientId: result.patientId });
      return { ok: true as const };
    }),
});

export const worklistRouter = router({
  list: coordinatorProcedure
    .input(
      z
        .object({
          tenantId: z.string().uuid().optional(),
          callableNow: z.boolean().default(false),
          scope: z.enum(["mine", "all"]).default("mine"),
          pageSize: z.number().int().min(5).max(200).default(50),
          // Page from a patient of the current page (ids only: these end up in URLs).
          after: z.string().uuid().optional(),
          before: z.string().uuid().optional(),
        })
        .refine((f) => !(f.after && f.before), { message: "Page either after or before a patient, not both." }),
    )
    .query(({ ctx, input }) => getWorklist(ctx.tx, ctx.auth.user.id, ctx.tenantIds, input)),

  assignPanel: vendorProcedure("supervisor")
    .input(z.object({ patientIds: z.array(z.string().uuid()).min(1).max(1000), coordinatorUserId: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({ objectType: "panel_assignment", objectId: input.coordinatorUserId, details: { patients: input.patientIds.length } });
      return assignPanel(ctx.tx, input, ctx.auth.user.id);
    }),
});
