import type { ScopedTx } from "@carefold/db";
import { fromDate } from "../patients/patient-record.js";

/** One line of a patient's chart timeline. `at` orders the lines (newest first). */
export type TimelineItem =
  | { type: "time_entry"; id: string; at: string; performedOn: string; minutes: number; durationSeconds: number; activity: string; source: string; by: string | null; reviewStatus: string; reviewReason: string | null; isSuperseded: boolean; correctsEntryId: string | null; entryNote: string | null; notes: TimelineNote[] }
  | ({ type: "note" } & TimelineNote)
  | { type: "task_closed"; id: string; at: string; title: string; taskKind: string; status: string; outcome: string | null; by: string | null }
  | { type: "enrollment"; id: string; at: string; fromStatus: string | null; toStatus: string; reason: string | null; note: string | null; by: string | null }
  | { type: "consent"; id: string; at: string; method: string; obtainedOn: string; obtainedBy: string; revokedOn: string | null };

export interface TimelineNote {
  id: string;
  at: string;
  kind: string;
  body: string;
  contactWith: string | null;
  channel: string | null;
  outcome: string | null;
  topics: string[];
  by: string | null;
  timeEntryId: string | null;
}

/**
 * What happened with a patient, newest first: time entries (with the notes that document them),
 * other notes, closed tasks, program moves and consents. Each source reads at most `limit` rows
 * older than `before`, so a page is complete up to its oldest line; `nextBefore` continues it.
 */
export async function getPatientTimeline(tx: ScopedTx, patientId: string, opts: { before?: Date; limit: number }) {
  const before = opts.before ?? new Date("9999-12-31T00:00:00Z");
  const take = opts.limit;
  // One after the other: a transaction is one connection, which runs one statement at a time.
  const entries = await tx.timeEntry.findMany({ where: { patientId, createdAt: { lt: before } }, orderBy: { createdAt: "desc" }, take });
  const notes = await tx.note.findMany({ where: { patientId, createdAt: { lt: before } }, orderBy: { createdAt: "desc" }, take });
  const tasks = await tx.task.findMany({ where: { patientId, status: { not: "open" }, closedAt: { lt: before } }, orderBy: { closedAt: "desc" }, take });
  const events = await tx.enrollmentEvent.findMany({ where: { enrollment: { patientId }, at: { lt: before } }, orderBy: { at: "desc" }, take });
  const consents = await tx.consent.findMany({ where: { patientId, createdAt: { lt: before } }, orderBy: { createdAt: "desc" }, take });
  const people = await namesOf(tx, [...entries.map((e) => e.performerUserId), ...notes.map((n) => n.authorUserId), ...tasks.map((t) => t.closedBy), ...events.map((e) => e.actorUserId)]);
  const toNote = (n: (typeof notes)[number]): TimelineNote => ({
    id: n.id,
    at: n.createdAt.toISOString(),
    kind: n.kind,
    body: n.body,
    contactWith: n.contactWith,
    channel: n.channel,
    outcome: n.outcome,
    topics: n.topics,
    by: people.get(n.authorUserId) ?? null,
    timeEntryId: n.timeEntryId,
  });
  const entryIds = new Set(entries.map((e) => e.id));
  const corrected = new Set(entries.map((e) => e.correctsEntryId).filter(Boolean));
  // One list per source, each newest first as read.
  const sources: TimelineItem[][] = [
    entries.map((e) => ({
      type: "time_entry" as const,
      id: e.id,
      at: e.createdAt.toISOString(),
      performedOn: fromDate(e.performedOn)!,
      minutes: e.minutes,
      durationSeconds: e.durationSeconds,
      activity: e.activity,
      source: e.source,
      by: people.get(e.performerUserId) ?? null,
      reviewStatus: e.reviewStatus,
      reviewReason: e.reviewReason,
      isSuperseded: corrected.has(e.id),
      correctsEntryId: e.correctsEntryId,
      entryNote: e.note,
      notes: notes.filter((n) => n.timeEntryId === e.id).map(toNote),
    })),
    notes.map((n) => ({ type: "note" as const, ...toNote(n) })),
    tasks.map((t) => ({ type: "task_closed" as const, id: t.id, at: t.closedAt!.toISOString(), title: t.title, taskKind: t.kind, status: t.status, outcome: t.outcome, by: t.closedBy ? (people.get(t.closedBy) ?? null) : null })),
    events.map((e) => ({ type: "enrollment" as const, id: e.id, at: e.at.toISOString(), fromStatus: e.fromStatus, toStatus: e.toStatus, reason: e.reason, note: e.note, by: e.actorUserId ? (people.get(e.actorUserId) ?? null) : null })),
    consents.map((c) => ({ type: "consent" as const, id: c.id, at: c.createdAt.toISOString(), method: c.method, obtainedOn: fromDate(c.obtainedOn)!, obtainedBy: c.obtainedByName, revokedOn: fromDate(c.revokedOn) ?? null })),
  ];
  // A source that filled its limit may have older rows: the page is complete only down to the
  // newest of those sources' oldest lines, and the next page starts there.
  const cutoff = sources.filter((list) => list.length === take).map((list) => list.at(-1)!.at).sort().at(-1) ?? null;
  const items = sources
    .flat()
    // A note about an entry shown here is shown inside that entry, not twice.
    .filter((i) => !(i.type === "note" && i.timeEntryId && entryIds.has(i.timeEntryId)))
    .filter((i) => cutoff === null || i.at >= cutoff)
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id.localeCompare(b.id)));
  return { items, nextBefore: cutoff };
}

async function namesOf(tx: ScopedTx, ids: (string | null)[]) {
  const unique = [...new Set(ids.filter((id): id is string => !!id))];
  const users = unique.length ? await tx.appUser.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } }) : [];
  return new Map(users.map((u) => [u.id, u.name]));
}
