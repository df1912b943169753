import { leanQuery, type ScopedTx } from "@carefold/db";
import { conflict, invalidInput, invalidState, notFound } from "../../errors.js";
import { fromDate, toDate } from "../patients/patient-record.js";
import { normalizeSpans, wholeMinutes, wholeSeconds, type Span } from "./spans.js";
import type { CreateManualEntry, CreateTimeEntry } from "./time.schemas.js";

/** Entries that a supervisor looks at before they count as reviewed (they still count meanwhile). */
export const REVIEW_RULES = { longEntryMinutes: 60, backdatedDays: 7, newStaffDays: 30 };

/** Why an entry waits for a supervisor, in the words the review screen shows. */
export const REVIEW_REASONS: Record<string, string> = {
  long_entry: "Longer than 60 minutes",
  backdated: "Dated further back than the clinic's window",
  new_staff: "Logged by someone in their first 30 days",
  claim_exceeds_measured: "Claimed minutes are more than the measured time",
  unmeasured_timer: "Timer entry without a measured duration",
};

export interface Performer {
  userId: string;
  role: "clinical_staff" | "billing_practitioner" | "non_clinical";
  isInUs: boolean;
  accountCreatedAt: Date;
}

/** What an entry is made of once the caller's form is read: the measured spans, if any. */
export type EntryInput = CreateTimeEntry & {
  /** Measured spans (a stopped timer's running time, a call's talk time). */
  spans?: readonly Span[];
};

/** The database's refusals of a time entry, in words a coordinator understands. */
export function mapEntryWriteError(error: unknown, serviceMonth: string): never {
  const message = (error as Error).message ?? "";
  if (message.includes("is closed")) {
    throw invalidState(`${monthName(serviceMonth)} is closed for this clinic, so no minutes can be added to it. Ask a vendor admin to reopen the month if this time belongs there.`);
  }
  if (message.includes("keep the patient and the month")) throw invalidInput("A correction must keep the patient and the month of the entry it corrects.");
  // A write without ON CONFLICT (a correction) meets the exclusion constraint as an error; it names
  // no entry (PostgreSQL hides the other key under row-level security).
  if (message.includes("time_entry_no_overlap") || (error as { code?: string }).code === "23P01") throw unseenOverlapConflict();
  throw error;
}

/** An overlap refused by the database whose other entry the caller cannot see (saved by another
 * connection after this statement began, or in a clinic the caller cannot open now). */
const unseenOverlapConflict = () =>
  conflict("This time overlaps another entry of yours (saved just now, or in a clinic you cannot open now). One person's time counts once: change the start time, or correct the other entry.");

export const monthName = (serviceMonth: string) =>
  new Date(`${serviceMonth}-01T00:00:00Z`).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

/** "Dec 7, 10:00 AM – 10:15 AM" in the clinic's time zone. */
export function formatSpan(start: number, end: number, timeZone: string) {
  const day = new Date(start).toLocaleString("en-US", { month: "short", day: "numeric", timeZone });
  const time = (at: number) => new Date(at).toLocaleString("en-US", { hour: "numeric", minute: "2-digit", timeZone });
  return `${day}, ${time(start)} – ${time(end)}`;
}

/** The measurement of an entry: its spans (if measured), counted seconds and the claim. */
function measure(input: EntryInput, now: Date): { spans: Span[] | null; durationSeconds: number; claimedMinutes: number; flags: string[] } {
  const flags: string[] = [];
  let spans: Span[] | null = null;
  if (input.spans) spans = normalizeSpans(input.spans);
  else if (input.startedAt && input.durationSeconds !== undefined) {
    const start = Date.parse(input.startedAt);
    spans = [[start, start + input.durationSeconds * 1000]];
  }
  if (spans) {
    if (spans.length === 0) throw invalidInput("Nothing was measured, so there is no time to log.");
    if (spans[spans.length - 1]![1] > now.getTime() + 5_000) throw invalidInput("Time cannot be logged for work that has not happened yet.");
    const durationSeconds = wholeSeconds(spans);
    if (durationSeconds < 1) throw invalidInput("Nothing was measured, so there is no time to log.");
    const claimedMinutes = input.claimedMinutes ?? input.minutes ?? wholeMinutes(durationSeconds);
    if (claimedMinutes * 60 > durationSeconds) flags.push("claim_exceeds_measured");
    return { spans, durationSeconds, claimedMinutes, flags };
  }
  if (input.durationSeconds !== undefined) {
    const claimedMinutes = input.claimedMinutes ?? input.minutes ?? wholeMinutes(input.durationSeconds);
    if (claimedMinutes * 60 > input.durationSeconds) flags.push("claim_exceeds_measured");
    return { spans: null, durationSeconds: input.durationSeconds, claimedMinutes, flags };
  }
  const claimedMinutes = input.minutes!;
  if (input.source !== "manual") {
    // A timer or call that sent only typed minutes: the time since its start bounds what it can
    // have measured, so a 2-second timer cannot count 90 minutes.
    const elapsed = input.startedAt ? Math.max(0, Math.floor((now.getTime() - Date.parse(input.startedAt)) / 1000)) : null;
    if (elapsed === null) return { spans: null, durationSeconds: claimedMinutes * 60, claimedMinutes, flags: ["unmeasured_timer"] };
    const durationSeconds = Math.min(claimedMinutes * 60, elapsed);
    if (durationSeconds < claimedMinutes * 60) flags.push("claim_exceeds_measured");
    return { spans: null, durationSeconds, claimedMinutes, flags };
  }
  return { spans: null, durationSeconds: claimedMinutes * 60, claimedMinutes, flags };
}

/** SQL that turns two timestamp arrays ($n, $n+1) into a tstzmultirange (NULL when not given). */
export const spansSql = (n: number) =>
  `(SELECT range_agg(tstzrange(s, e, '[)')) FROM unnest($${n}::timestamptz[], $${n + 1}::timestamptz[]) AS t(s, e))`;
export const spansParams = (spans: readonly Span[] | null) =>
  spans ? [spans.map(([s]) => new Date(s).toISOString()), spans.map(([, e]) => new Date(e).toISOString())] : [null, null];

/**
 * Logs time for a patient. Idempotent on the client's request id: a retried or doubled submit
 * returns the first entry instead of writing a second; the same id with different content is a
 * conflict. The service month is the clinic-local date's month; closed months refuse new time.
 * Measured entries carry their spans: the database refuses two counted spans of one performer
 * that overlap (in any clinic). The exclusion constraint is the check (decision 0035): the insert
 * does nothing when it would overlap, and only then is the other entry looked up to name it.
 */
export async function createTimeEntry(tx: ScopedTx, input: EntryInput, performer: Performer, now = new Date(), link: { callId?: string } = {}) {
  const measured = measure(input, now);
  // Flags known before the clinic is: the one the clinic's window decides ("backdated") is added
  // by the statement, between these two lists (the order the review screen shows them in).
  const flagsBefore = Math.max(measured.durationSeconds, measured.claimedMinutes * 60) > REVIEW_RULES.longEntryMinutes * 60 ? ["long_entry"] : [];
  const flagsAfter = [...(now.getTime() - performer.accountCreatedAt.getTime() < REVIEW_RULES.newStaffDays * 86_400_000 ? ["new_staff"] : []), ...measured.flags];
  // The clinic-local date of the work: the given date, else the measured start, else the timer's
  // start, else today (decided in the clinic's zone by the statement).
  const placedAt = measured.spans ? new Date(measured.spans[0]![0]).toISOString() : (input.startedAt ?? null);
  // ONE round trip (docs/benchmarks.md, "where a write's time goes"): the patient (through RLS), the
  // clinic's zone and back-date window, an entry already made with this submit id, and the insert.
  // No look-up before the insert: the exclusion constraint probes its GiST index for this span
  // alone, while a look-up under row-level security cannot (`&&` is not leakproof, so it filters
  // every stored span of the person). ON CONFLICT DO NOTHING without a target covers the exclusion
  // constraint and the submit id: a refused row leaves the transaction usable (decision 0035). Only
  // then, in the same statement (the same snapshot), is the other entry looked up to name it; one
  // committed by another connection after that snapshot is not seen, and the refusal names no
  // entry (as when it is in a clinic the caller cannot open). Nothing is inserted for a future
  // date or when this submit id was already used (the earlier entry answers; decision 0057).
  const [written] = await leanQuery<{ tenant_id: string; performed_on: string; is_future: boolean; flags: string[]; existing: ExistingEntryJson | null; id: string | null; overlap: OverlapJson | null }>(
    tx,
    `WITH c AS (
       SELECT p.tenant_id, d.performed_on, d.performed_on > d.today AS is_future,
              $15::text[] || CASE WHEN d.performed_on - d.today < -coalesce(s.backdate_window_days, ${REVIEW_RULES.backdatedDays}) THEN ARRAY['backdated'] ELSE '{}'::text[] END || $16::text[] AS flags,
              (SELECT jsonb_build_object('id', e.id, 'tenantId', e.tenant_id, 'patientId', e.patient_id, 'claimedMinutes', e.claimed_minutes, 'activity', e.activity,
                                         'performedOn', e.performed_on, 'serviceMonth', e.service_month, 'reviewFlags', e.review_flags, 'durationSeconds', e.duration_seconds)
                 FROM time_entry e WHERE e.tenant_id = p.tenant_id AND e.client_request_id = $9) AS existing
         FROM patient p JOIN tenant t ON t.id = p.tenant_id LEFT JOIN tenant_setting s ON s.tenant_id = p.tenant_id
        CROSS JOIN LATERAL (SELECT ($1::timestamptz AT TIME ZONE t.time_zone)::date AS today,
                                   coalesce($3::date, ($4::timestamptz AT TIME ZONE t.time_zone)::date, ($1::timestamptz AT TIME ZONE t.time_zone)::date) AS performed_on) d
        WHERE p.id = $2::uuid
     ),
     m AS (SELECT ${spansSql(19)} AS spans),
     ins AS (
       INSERT INTO time_entry (tenant_id, patient_id, service_month, performed_on, started_at, minutes, duration_seconds, claimed_minutes, spans, activity, performer_user_id,
                               performer_role, performer_in_us, source, client_request_id, review_status, review_flags, note, call_id, contact_id)
       SELECT c.tenant_id, $2::uuid, to_char(c.performed_on, 'YYYY-MM'), c.performed_on, $5::timestamptz, $6, $7, $8, m.spans, $10, $11::uuid, $12, $13, $14, $9,
              CASE WHEN cardinality(c.flags) > 0 THEN 'pending' ELSE 'approved' END, c.flags, $17, $18::uuid, $21::uuid
         FROM c, m WHERE NOT c.is_future AND c.existing IS NULL
       ON CONFLICT DO NOTHING
       RETURNING id::text
     )
     SELECT c.tenant_id::text, to_char(c.performed_on, 'YYYY-MM-DD') AS performed_on, c.is_future, c.flags, c.existing, (SELECT id FROM ins) AS id,
            CASE WHEN NOT c.is_future AND c.existing IS NULL AND NOT EXISTS (SELECT 1 FROM ins) THEN
              (SELECT jsonb_build_object('id', o.id, 'patientId', o.patient_id, 'startedAt', o.started_at, 'endedAt', o.ended_at, 'tz', ot.time_zone,
                                         'patient', op.last_name || ', ' || op.first_name)
                 FROM m, time_entry o JOIN patient op ON op.tenant_id = o.tenant_id AND op.id = o.patient_id JOIN tenant ot ON ot.id = o.tenant_id
                WHERE m.spans IS NOT NULL AND o.performer_user_id = $11::uuid AND o.spans && m.spans
                  AND o.review_status <> 'rejected' AND NOT o.is_superseded AND o.client_request_id <> $9
                LIMIT 1)
            END AS overlap
       FROM c`,
    [now.toISOString(), input.patientId, input.performedOn ?? null, placedAt, input.startedAt ?? null, wholeMinutes(measured.durationSeconds), measured.durationSeconds, measured.claimedMinutes,
     input.clientRequestId, input.activity, performer.userId, performer.role, performer.isInUs, input.source, flagsBefore, flagsAfter,
     input.note ?? null, link.callId ?? null, ...spansParams(measured.spans), input.contactId ?? null],
  ).catch((e) => mapEntryWriteError(e, closedMonthOf(e)));
  if (!written) throw notFound("That patient");
  if (written.is_future) throw invalidInput("Time cannot be logged for a future date.");
  const tenantId = written.tenant_id;
  const performedOn = written.performed_on;
  if (written.existing) return sameOrConflict({ ...written.existing, performedOn: new Date(`${written.existing.performedOn}T00:00:00Z`) }, input, measured.claimedMinutes, performedOn);
  if (written.overlap) throw overlapConflict(written.overlap, input.patientId);
  if (!written.id) {
    // A concurrent submit with the same id won the race: answer with its entry. Without one, the
    // row was refused for overlapping an entry this snapshot could not see.
    const winner = await tx.timeEntry.findUnique({ where: { tenantId_clientRequestId: { tenantId, clientRequestId: input.clientRequestId } } });
    if (!winner) throw unseenOverlapConflict();
    return sameOrConflict(winner, input, measured.claimedMinutes, performedOn);
  }
  return { entryId: written.id, tenantId, serviceMonth: performedOn.slice(0, 7), isDuplicate: false, reviewFlags: written.flags, durationSeconds: measured.durationSeconds, claimedMinutes: measured.claimedMinutes };
}

/** The month a closed-month refusal names ("service month 2026-10 is closed"), for its message. */
const closedMonthOf = (error: unknown) => /service month (\d{4}-\d{2})/.exec((error as Error).message ?? "")?.[1] ?? "";

interface OverlapJson {
  id: string;
  patientId: string;
  startedAt: string;
  endedAt: string;
  tz: string;
  patient: string;
}

/** A refused overlap names the other entry: its time, and its patient (the caller can see it). */
function overlapConflict(other: OverlapJson, patientId: string) {
  const when = formatSpan(Date.parse(other.startedAt), Date.parse(other.endedAt), other.tz);
  const whose = other.patientId === patientId ? "this patient" : other.patient;
  return conflict(`This time overlaps your entry for ${whose} on ${when}. One person's time counts once: change the start time, or correct that entry.`);
}

interface ExistingEntryJson {
  id: string;
  tenantId: string;
  patientId: string;
  claimedMinutes: number;
  durationSeconds: number;
  activity: string;
  performedOn: string;
  serviceMonth: string;
  reviewFlags: string[];
}

function sameOrConflict(
  existing: { id: string; tenantId: string; patientId: string; claimedMinutes: number; durationSeconds: number; activity: string; performedOn: Date; serviceMonth: string; reviewFlags: string[] },
  input: EntryInput,
  claimedMinutes: number,
  performedOn: string,
) {
  const isSame = existing.patientId === input.patientId && existing.claimedMinutes === claimedMinutes && existing.activity === input.activity && fromDate(existing.performedOn) === performedOn;
  if (!isSame) throw conflict("This submit id was already used for a different entry. Reload the page and log the time again.");
  return { entryId: existing.id, tenantId: existing.tenantId, serviceMonth: existing.serviceMonth.trim(), isDuplicate: true, reviewFlags: existing.reviewFlags, durationSeconds: existing.durationSeconds, claimedMinutes: existing.claimedMinutes };
}

/**
 * Corrects an entry with a new one that names it (the original stays, for the audit trail). The
 * new minutes replace the old in the month's totals; 0 removes the entry's time.
 */
export async function correctTimeEntry(tx: ScopedTx, input: { entryId: string; clientRequestId: string; minutes: number; reason: string }, performer: Performer) {
  const original = await tx.timeEntry.findFirst({ where: { id: input.entryId } });
  if (!original) throw notFound("That time entry");
  const repeat = await tx.timeEntry.findUnique({ where: { tenantId_clientRequestId: { tenantId: original.tenantId, clientRequestId: input.clientRequestId } } });
  if (repeat) {
    if (repeat.correctsEntryId !== original.id || repeat.claimedMinutes !== input.minutes) throw conflict("This submit id was already used for a different entry.");
    return { entryId: repeat.id, tenantId: repeat.tenantId, isDuplicate: true };
  }
  if (await tx.timeEntry.findFirst({ where: { tenantId: original.tenantId, correctsEntryId: original.id } })) {
    throw conflict("This entry was already corrected. Correct the latest version instead.");
  }
  // The correction keeps the original's measured spans: it can count less than was measured, never
  // more (a claim above the measurement goes to review); a minutes-only entry is re-typed as before.
  const [created] = await leanQuery<{ id: string }>(
    tx,
    `INSERT INTO time_entry (tenant_id, patient_id, service_month, performed_on, started_at, minutes, duration_seconds, claimed_minutes, spans, activity,
                             performer_user_id, performer_role, performer_in_us, source, corrects_entry_id, client_request_id, review_status, review_flags, note, contact_id)
     SELECT o.tenant_id, o.patient_id, o.service_month, o.performed_on, o.started_at, 0,
            CASE WHEN o.spans IS NULL THEN $3 * 60 ELSE LEAST($3 * 60, o.duration_seconds) END, $3,
            CASE WHEN $3 = 0 THEN NULL ELSE o.spans END, o.activity, $4::uuid, o.performer_role, o.performer_in_us, 'manual', o.id, $5,
            CASE WHEN o.spans IS NOT NULL AND $3 * 60 > o.duration_seconds THEN 'pending' ELSE 'approved' END,
            CASE WHEN o.spans IS NOT NULL AND $3 * 60 > o.duration_seconds THEN ARRAY['claim_exceeds_measured'] ELSE '{}'::text[] END,
            $6, o.contact_id
       FROM time_entry o WHERE o.tenant_id = $1::uuid AND o.id = $2::uuid
     RETURNING id::text`,
    [original.tenantId, original.id, input.minutes, performer.userId, input.clientRequestId, `Correction: ${input.reason}`],
  ).catch((e) => mapEntryWriteError(e, original.serviceMonth.trim()));
  return { entryId: created!.id, tenantId: original.tenantId, isDuplicate: false };
}

/** A supervisor approves or rejects a flagged entry (rejected minutes stop counting). */
export async function reviewTimeEntry(tx: ScopedTx, input: { entryId: string; decision: "approved" | "rejected"; reason?: string }, reviewerId: string) {
  if (input.decision === "rejected" && !input.reason) throw invalidInput("Say why the entry is rejected; the coordinator sees it.");
  const entry = await tx.timeEntry.findFirst({ where: { id: input.entryId } });
  if (!entry) throw notFound("That time entry");
  await tx.timeEntry.update({
    where: { tenantId_id: { tenantId: entry.tenantId, id: entry.id } },
    data: { reviewStatus: input.decision, reviewReason: input.reason ?? null, reviewedBy: reviewerId, reviewedAt: new Date() },
  });
  return { entryId: entry.id, tenantId: entry.tenantId, patientId: entry.patientId };
}

/** Entries of a patient-month with what replaced what, newest first. */
export async function listMonthEntries(tx: ScopedTx, patientId: string, serviceMonth: string) {
  const entries = await tx.timeEntry.findMany({ where: { patientId, serviceMonth }, orderBy: [{ performedOn: "desc" }, { createdAt: "desc" }] });
    return entries.map((e) => ({
    id: e.id,
    performedOn: fromDate(e.performedOn)!,
    minutes: e.minutes,
    durationSeconds: e.durationSeconds,
    claimedMinutes: e.claimedMinutes,
    startedAt: e.startedAt?.toISOString() ?? null,
    endedAt: e.endedAt?.toISOString() ?? null,
    contactId: e.contactId,
    activity: e.activity,
    performerUserId: e.performerUserId,
    performerRole: e.performerRole,
    performerInUs: e.performerInUs,
    source: e.source,
    reviewStatus: e.reviewStatus,
    reviewFlags: e.reviewFlags,
    correctsEntryId: e.correctsEntryId,
    isSuperseded: e.isSuperseded,
    note: e.note,
    createdAt: e.createdAt.toISOString(),
  }));
}

export { toDate };

/**
 * A manual or back-dated entry: the clinic-local date and start time place it in time, so the
 * overlap rule applies to it like to a timer's entry; the typed duration is its measurement.
 */
export async function createManualEntry(tx: ScopedTx, input: CreateManualEntry, performer: Performer, now = new Date()) {
  const [placed] = await leanQuery<{ at: number }>(
    tx,
    `SELECT floor(extract(epoch FROM (($2::date + $3::time) AT TIME ZONE t.time_zone)) * 1000)::float8 AS at
       FROM patient p JOIN tenant t ON t.id = p.tenant_id WHERE p.id = $1::uuid`,
    [input.patientId, input.date, input.startTime],
  );
  if (!placed) throw notFound("That patient");
  return createTimeEntry(
    tx,
    {
      patientId: input.patientId,
      clientRequestId: input.clientRequestId,
      activity: input.activity,
      source: "manual",
      performedOn: input.date,
      startedAt: new Date(placed.at).toISOString(),
      durationSeconds: input.durationMinutes * 60,
      claimedMinutes: input.durationMinutes,
      contactId: input.contactId,
      note: input.note,
    },
    performer,
    now,
  );
}
