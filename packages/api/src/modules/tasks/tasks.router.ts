import { z } from "zod";
import { IsoDateSchema } from "../../schemas.js";
import { careProcedure, router } from "../../trpc/trpc.js";
import { tenantOfPatient } from "../patients/tenant-choice.js";
import { InteractionNoteSchema, NOTE_LABELS } from "./notes.schemas.js";
import { TASK_KINDS, addNote, closeTask, createTask, listOpenTasks, listNotes } from "./tasks.service.js";



export const tasksRouter = router({
  kinds: careProcedure.query(() => TASK_KINDS),

  open: careProcedure.input(z.object({ patientId: z.string().uuid().optional(), mineOnly: z.boolean().default(false) })).query(({ ctx, input }) =>
    listOpenTasks(ctx.tx, { patientId: input.patientId, assigneeUserId: input.mineOnly ? ctx.auth.user.id : undefined }),
  ),

  create: careProcedure
    .input(z.object({ patientId: z.string().uuid(), title: z.string().trim().min(3, "Describe the task.").max(200), dueOn: IsoDateSchema, assigneeUserId: z.string().uuid().optional() }))
    .mutation(async ({ ctx, input }) => {
      const { tenantId } = await tenantOfPatient(ctx, input.patientId);
      ctx.audit.describe({ tenantId, patientId: input.patientId, objectType: "task" });
      const result = await createTask(ctx.tx, { ...input, tenantId, kind: "manual", assigneeUserId: input.assigneeUserId ?? ctx.auth.user.id }, ctx.auth.user.id);
      ctx.audit.describe({ objectId: result.taskId });
      return result;
    }),

  close: careProcedure
    .input(z.object({ taskId: z.string().uuid(), status: z.enum(["done", "cancelled"]), outcome: z.string().trim().min(1, "Say what happened.").max(1000) }))
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({ objectType: "task", objectId: input.taskId, details: { status: input.status } });
      const closed = await closeTask(ctx.tx, input, ctx.auth.user.id);
      ctx.audit.describe({ tenantId: closed.tenantId, patientId: closed.patientId });
      return { ok: true as const };
    }),

  noteLabels: careProcedure.query(() => NOTE_LABELS),

  notes: careProcedure.input(z.object({ patientId: z.string().uuid() })).query(async ({ ctx, input }) => {
    const { tenantId } = await tenantOfPatient(ctx, input.patientId);
    ctx.audit.recordRead({ tenantId, patientId: input.patientId, objectType: "note_list" });
    return listNotes(ctx.tx, input.patientId);
  }),

  addNote: careProcedure
    .input(InteractionNoteSchema.extend({ patientId: z.string().uuid(), kind: z.enum(["interaction", "clinical", "administrative"]).default("interaction"), timeEntryId: z.string().uuid().optional() }))
    .mutation(async ({ ctx, input }) => {
      const { tenantId } = await tenantOfPatient(ctx, input.patientId);
      ctx.audit.describe({ tenantId, patientId: input.patientId, objectType: "note" });
      const result = await addNote(ctx.tx, { ...input, tenantId }, ctx.auth.user.id);
      ctx.audit.describe({ objectId: result.noteId });
      return result;
    }),
});
