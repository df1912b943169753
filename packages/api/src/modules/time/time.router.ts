import type { ScopedTx } from "@carefold/db";
import { z } from "zod";
import { listMonthEndFixes } from "../billing/month-end-fixes.service.js";
import { coordinatorProcedure, careProcedure, router, tenantProcedure, vendorProcedure } from "../../trpc/trpc.js";
import { todayIn } from "../patients/today.js";
import type { InteractionNote } from "../tasks/notes.schemas.js";
import { addNote } from "../tasks/tasks.service.js";
import type { ScopedContext } from "../../trpc/context.js";
import { getMonthToDate } from "./month-to-date.service.js";
import { ROLLUP_STAFF_LANE_MINUTES } from "./rollup-minutes.js";
import { listReviewQueue } from "./review-queue.service.js";
import { correctTimeEntry, createManualEntry, createTimeEntry, listMonthEntries, reviewTimeEntry, type Performer } from "./time-entries.service.js";
import {
  ACTIVITIES,
  CorrectTimeEntrySchema,
  CreateManualEntrySchema,
  CreateTimeEntrySchema,
  DiscardTimerSchema,
  HeartbeatSchema,
  PauseTimerSchema,
  RemoveIdleSchema,
  ResumeTimerSchema,
  StartTimerSchema,
  StopTimerSchema,
} from "./time.schemas.js";
import { discardTimer, getTimers, heartbeat, pauseOwnTimer, removeIdleSpan, resumeOwnTimer, startTimer, stopTimer } from "./timer.service.js";
import { assignPanel, getWorklist } from "./worklist.service.js";

/** Performer role and location come from the user's profile (read with the session), never from the request. */
export function performerOf(ctx: ScopedContext): Performer {
  const { id, performer } = ctx.auth!.user;
  return { userId: id, ...performer };
}

/** Saves the interaction note of a new entry (a retried submit keeps the first one's note). */
async function addEntryNote(ctx: { tx: ScopedTx; auth: { user: { id: string } } }, interaction: InteractionNote, result: { isDuplicate: boolean; tenantId: string; entryId: string }, patientId: string) {
  if (result.isDuplicate) return null;
  return (await addNote(ctx.tx, { ...interaction, tenantId: result.tenantId, patientId, kind: "interaction", timeEntryId: result.entryId }, ctx.auth.user.id)).noteId;
}

/** The caller's one running timer (and paused ones), kept on the server (issue 14). */
const timerRouter = router({
  current: careProcedure.query(({ ctx }) => getTimers(ctx.tx, ctx.auth.user.id)),

  start: careProcedure.input(StartTimerSchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ patientId: input.patientId, objectType: "work_timer", details: { action: "start", switch: input.switch ?? null } });
    const result = await startTimer(ctx.tx, performerOf(ctx), input);
    ctx.audit.describe({ tenantId: result.timer.tenantId, objectId: result.timer.timerId, details: { action: "start", stoppedEntryId: result.stoppedEntry?.entryId ?? null } });
    return result;
  }),

  pause: careProcedure.input(PauseTimerSchema).mutation(async ({ ctx, input }) => {
    const timer = await pauseOwnTimer(ctx.tx, ctx.auth.user.id, input.timerId);
    ctx.audit.describe({ tenantId: timer.tenantId, patientId: timer.patientId, objectType: "work_timer", objectId: timer.timerId, details: { action: "pause" } });
    return timer;
  }),

  resume: careProcedure.input(ResumeTimerSchema).mutation(async ({ ctx, input }) => {
    const result = await resumeOwnTimer(ctx.tx, performerOf(ctx), input);
    ctx.audit.describe({ tenantId: result.timer.tenantId, patientId: result.timer.patientId, objectType: "work_timer", objectId: result.timer.timerId, details: { action: "resume" } });
    return result;
  }),

  stop: careProcedure.input(StopTimerSchema).mutation(async ({ ctx, input }) => {
    const result = await stopTimer(ctx.tx, performerOf(ctx), input);
    const noteId = input.interaction && result.entry && result.patientId ? await addEntryNote(ctx, input.interaction, result.entry, result.patientId) : null;
    ctx.audit.describe({
      tenantId: result.entry?.tenantId,
      patientId: result.patientId ?? undefined,
      objectType: "time_entry",
      objectId: result.entry?.entryId,
      details: { action: "timer_stop", seconds: result.entry?.durationSeconds ?? 0, claimedMinutes: result.entry?.claimedMinutes ?? 0, isDuplicate: result.entry?.isDuplicate ?? false },
    });
    return { entry: result.entry, noteId };
  }),

  discard: careProcedure.input(DiscardTimerSchema).mutation(async ({ ctx, input }) => {
    const result = await discardTimer(ctx.tx, ctx.auth.user.id, input.timerId);
    ctx.audit.describe({ tenantId: result.tenantId, patientId: result.patientId, objectType: "work_timer", objectId: input.timerId, details: { action: "discard" } });
    return { ok: true as const };
  }),

  removeIdle: careProcedure.input(RemoveIdleSchema).mutation(async ({ ctx, input }) => {
    const timer = await removeIdleSpan(ctx.tx, ctx.auth.user.id, input);
    ctx.audit.describe({ tenantId: timer.tenantId, patientId: timer.patientId, objectType: "work_timer", objectId: timer.timerId, details: { action: "remove_idle" } });
    return timer;
  }),
});

const PatientMonthSchema = z.object({ patientId: z.string().uuid(), serviceMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional() });

export const timeRouter = router({
  activities: careProcedure.query(() => ACTIVITIES),

  create: careProcedure.input(CreateTimeEntrySchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ patientId: input.patientId, objectType: "time_entry", details: { minutes: input.minutes ?? null, seconds: input.durationSeconds ?? null, source: input.source } });
    const result = await createTimeEntry(ctx.tx, input, performerOf(ctx));
    // A retried submit answers with the first entry and its note; only a new entry gets one.
    const noteId = input.interaction ? await addEntryNote(ctx, input.interaction, result, input.patientId) : null;
    ctx.audit.describe({ tenantId: result.tenantId, objectId: result.entryId, details: { seconds: result.durationSeconds, claimedMinutes: result.claimedMinutes, source: input.source, isDuplicate: result.isDuplicate, withNote: noteId !== null } });
    return { ...result, noteId };
  }),

  /** A manual or back-dated entry with a clinic-local date and start time. */
  createManual: careProcedure.input(CreateManualEntrySchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ patientId: input.patientId, objectType: "time_entry", details: { minutes: input.durationMinutes, source: "manual", date: input.date } });
    const result = await createManualEntry(ctx.tx, input, performerOf(ctx));
    const noteId = input.interaction ? await addEntryNote(ctx, input.interaction, result, input.patientId) : null;
    ctx.audit.describe({ tenantId: result.tenantId, objectId: result.entryId, details: { seconds: result.durationSeconds, reviewFlags: result.reviewFlags, isDuplicate: result.isDuplicate } });
    return { ...result, noteId };
  }),

  timer: timerRouter,

  /**
   * Keeps the session alive only during patient work (a running timer or a live call). The
   * request itself must not extend the session: send it with the header `x-carefold-heartbeat: 1`.
   */
  heartbeat: careProcedure.input(HeartbeatSchema).mutation(({ ctx, input }) => heartbeat(ctx.tx, ctx.auth.user.id, ctx.auth.sessionId, input)),

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

  /**
   * The clinic's month so far for the portal overview, from the rollups (no live sums). A
   * patient's minutes are the staff lane's as the rules count them (ROLLUP_STAFF_LANE_MINUTES).
   */
  clinicMonth: tenantProcedure().query(async ({ ctx }) => {
    const tenant = await ctx.tx.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { timeZone: true } });
    const serviceMonth = todayIn(tenant.timeZone).slice(0, 7);
    const [row] = await ctx.tx.$queryRaw<{ minutes: bigint | null; reached: bigint; touched: bigint }[]>`
      SELECT sum(${ROLLUP_STAFF_LANE_MINUTES}) AS minutes,
             count(*) FILTER (WHERE ${ROLLUP_STAFF_LANE_MINUTES} >= 20) AS reached,
             count(*) FILTER (WHERE ${ROLLUP_STAFF_LANE_MINUTES} > 0) AS touched
        FROM patient_month pm
        JOIN program_enrollment pe ON pe.tenant_id = pm.tenant_id AND pe.patient_id = pm.patient_id AND pe.program = 'ccm' AND pe.status = 'enrolled'
       WHERE pm.tenant_id = ${ctx.tenantId}::uuid AND pm.service_month = ${serviceMonth}`;
    return { serviceMonth, minutes: Number(row?.minutes ?? 0), patientsAt20Minutes: Number(row?.reached ?? 0), patientsWithTime: Number(row?.touched ?? 0) };
  }),

  reviewQueue: vendorProcedure("supervisor").query(({ ctx }) => listReviewQueue(ctx.tx)),

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

  /** The worklist's "fix before month end" filter: a clinic's patients whose month will block, from the close's evaluation. */
  monthEndFixes: coordinatorProcedure
    .input(z.object({ tenantId: z.string().uuid(), serviceMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use a month as YYYY-MM.").optional() }))
    .query(({ ctx, input }) => listMonthEndFixes(ctx.tx, input.tenantId, input.serviceMonth)),

  assignPanel: vendorProcedure("supervisor")
    .input(z.object({ patientIds: z.array(z.string().uuid()).min(1).max(1000), coordinatorUserId: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({ objectType: "panel_assignment", objectId: input.coordinatorUserId, details: { patients: input.patientIds.length } });
      return assignPanel(ctx.tx, input, ctx.auth.user.id);
    }),
});
