import type { ScopedTx } from "@carefold/db";
import { invalidInput, invalidState, notFound } from "../../errors.js";
import { fromDate, toDate } from "../patients/patient-record.js";
import type { InteractionNote } from "./notes.schemas.js";

export const TASK_KINDS = {
  manual: "Follow-up",
  care_plan_review_due: "Care-plan review due",
  consent_missing: "Consent missing",
  outreach_due: "Outreach attempt due",
  below_pace: "Below pace for this month",
  inbound_message: "Reply to the patient's message",
} as const;
export type TaskKind = keyof typeof TASK_KINDS;

export async function createTask(
  tx: ScopedTx,
  input: { tenantId: string; patientId: string; kind: TaskKind; title: string; dueOn: string; assigneeUserId?: string | null; sourceKey?: string },
  actorId: string | null,
) {
  if (input.sourceKey) {
    const existing = await tx.task.findFirst({ where: { tenantId: input.tenantId, sourceKey: input.sourceKey } });
    if (existing) return { taskId: existing.id, isNew: false };
  }
  const task = await tx.task.create({
    data: { tenantId: input.tenantId, patientId: input.patientId, kind: input.kind, title: input.title, dueOn: toDate(input.dueOn), assigneeUserId: input.assigneeUserId ?? null, sourceKey: input.sourceKey ?? null, createdBy: actorId },
  });
  return { taskId: task.id, isNew: true };
}

/** Closes a task with what happened; a closed task is not reopened (create a new one). */
export async function closeTask(tx: ScopedTx, input: { taskId: string; status: "done" | "cancelled"; outcome: string }, actorId: string) {
  if (!input.outcome.trim()) throw invalidInput("Say what happened before closing the task.");
  const task = await tx.task.findFirst({ where: { id: input.taskId } });
  if (!task) throw notFound("That task");
  if (task.status !== "open") throw invalidState("This task is already closed.");
  await tx.task.update({ where: { tenantId_id: { tenantId: task.tenantId, id: task.id } }, data: { status: input.status, outcome: input.outcome.trim(), closedBy: actorId, closedAt: new Date() } });
  return { taskId: task.id, tenantId: task.tenantId, patientId: task.patientId };
}

export async function listOpenTasks(tx: ScopedTx, filter: { patientId?: string; assigneeUserId?: string }) {
  const tasks = await tx.task.findMany({
    where: { status: "open", ...(filter.patientId ? { patientId: filter.patientId } : {}), ...(filter.assigneeUserId ? { OR: [{ assigneeUserId: filter.assigneeUserId }, { assigneeUserId: null }] } : {}) },
    orderBy: [{ dueOn: "asc" }, { createdAt: "asc" }],
    take: 500,
    include: { patient: { select: { firstName: true, lastName: true, tenant: { select: { name: true } } } } },
  });
  return tasks.map((t) => ({ id: t.id, tenantId: t.tenantId, patientId: t.patientId, patient: `${t.patient.lastName}, ${t.patient.firstName}`, clinic: t.patient.tenant.name, kind: t.kind, title: t.title, dueOn: fromDate(t.dueOn)!, assigneeUserId: t.assigneeUserId }));
}

export type NoteInput = InteractionNote & { tenantId: string; patientId: string; kind: "interaction" | "clinical" | "administrative"; timeEntryId?: string };

/** Writes one immutable note; a linked time entry must be this patient's. */
export async function addNote(tx: ScopedTx, input: NoteInput, authorId: string) {
  if (input.timeEntryId && !(await tx.timeEntry.findFirst({ where: { tenantId: input.tenantId, id: input.timeEntryId, patientId: input.patientId } }))) throw notFound("That time entry");
  const note = await tx.note.create({
    data: {
      tenantId: input.tenantId,
      patientId: input.patientId,
      kind: input.kind,
      body: input.body,
      timeEntryId: input.timeEntryId ?? null,
      authorUserId: authorId,
      contactWith: input.contactWith ?? null,
      channel: input.channel ?? null,
      outcome: input.outcome ?? null,
      topics: [...new Set(input.topics)],
    },
  });
  return { noteId: note.id };
}

/** A patient's notes, newest first (the chart timeline merges them with other events). */
export async function listNotes(tx: ScopedTx, patientId: string, take = 200) {
  const notes = await tx.note.findMany({ where: { patientId }, orderBy: { createdAt: "desc" }, take });
  return notes.map((n) => ({
    id: n.id,
    kind: n.kind,
    body: n.body,
    timeEntryId: n.timeEntryId,
    authorUserId: n.authorUserId,
    contactWith: n.contactWith,
    channel: n.channel,
    outcome: n.outcome,
    topics: n.topics,
    createdAt: n.createdAt.toISOString(),
  }));
}
