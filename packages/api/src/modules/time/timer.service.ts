import { leanQuery, type ScopedTx } from "@carefold/db";
import { conflict, invalidInput, notFound } from "../../errors.js";
import { CALL_STATUSES, isFinalStatus } from "../calls/call-status.js";
import type { Span } from "./spans.js";
import { createTimeEntry, spansParams, spansSql, type Performer } from "./time-entries.service.js";
import type { ACTIVITIES } from "./time.schemas.js";
import { elapsedSeconds, measuredSpans, newTimer, pauseTimer, removeSpan, resumeTimer, type TimerState } from "./timer-model.js";

type Activity = keyof typeof ACTIVITIES;

/** Default of the clinic setting "ask after N minutes without input" (tenant_setting.idle_prompt_minutes). */
export const DEFAULT_IDLE_PROMPT_MINUTES = 5;
/**
 * A running timer that heard no input (heartbeat with input, or a live call) for the idle prompt
 * plus this grace is paused at its last activity by the server: the page is gone or nobody
 * answered, and idle time never counts.
 */
export const STALE_GRACE_MINUTES = 2;

interface TimerRow {
  id: string;
  tenant_id: string;
  patient_id: string;
  patient: string;
  activity: Activity;
  spans: [number, number][];
  running_since: number | null;
  removed: [number, number][];
  last_activity_at: number;
  started_at: number;
  idle_prompt_minutes: number;
}

/** What the API returns for a timer. */
export interface TimerView {
  timerId: string;
  tenantId: string;
  patientId: string;
  /** "Last, First" — only ever shown to the timer's own user. */
  patientName: string;
  activity: Activity;
  state: "running" | "paused";
  startedAt: string;
  runningSince: string | null;
  lastActivityAt: string;
  /** Measured whole seconds so far (running spans minus idle and call time). */
  elapsedSeconds: number;
  idlePromptMinutes: number;
}

const ms = (column: string) => `floor(extract(epoch FROM ${column}) * 1000)::float8`;
const spansJson = (column: string) => `coalesce((SELECT json_agg(json_build_array(${ms("lower(r)")}, ${ms("upper(r)")}) ORDER BY lower(r)) FROM unnest(${column}) r), '[]')`;

const SELECT_TIMERS = `
  SELECT w.id::text, w.tenant_id::text, w.patient_id::text, p.last_name || ', ' || p.first_name AS patient, w.activity,
         ${spansJson("w.spans")} AS spans, ${ms("w.running_since")} AS running_since, ${spansJson("w.removed")} AS removed,
         ${ms("w.last_activity_at")} AS last_activity_at, ${ms("w.started_at")} AS started_at,
         coalesce(s.idle_prompt_minutes, ${DEFAULT_IDLE_PROMPT_MINUTES}) AS idle_prompt_minutes
    FROM work_timer w
    JOIN patient p ON p.tenant_id = w.tenant_id AND p.id = w.patient_id
    LEFT JOIN tenant_setting s ON s.tenant_id = w.tenant_id
   WHERE w.user_id = $1::uuid`;

const stateOf = (row: TimerRow): TimerState => ({ spans: row.spans, runningSince: row.running_since, removed: row.removed });

function viewOf(row: TimerRow, now: number): TimerView {
  const state = stateOf(row);
  return {
    timerId: row.id,
    tenantId: row.tenant_id,
    patientId: row.patient_id,
    patientName: row.patient,
    activity: row.activity,
    state: row.running_since === null ? "paused" : "running",
    startedAt: new Date(row.started_at).toISOString(),
    runningSince: row.running_since === null ? null : new Date(row.running_since).toISOString(),
    lastActivityAt: new Date(row.last_activity_at).toISOString(),
    elapsedSeconds: elapsedSeconds(state, now),
    idlePromptMinutes: row.idle_prompt_minutes,
  };
}

async function loadTimers(tx: ScopedTx, userId: string, lock = false) {
  return leanQuery<TimerRow>(tx, `${SELECT_TIMERS} ORDER BY w.running_since IS NULL, w.updated_at DESC${lock ? " FOR UPDATE OF w" : ""}`, [userId]);
}

async function saveState(tx: ScopedTx, row: Pick<TimerRow, "tenant_id" | "id">, state: TimerState, now: number, extra: { lastActivityAt?: number } = {}) {
  await leanQuery(
    tx,
    `UPDATE work_timer SET spans = coalesce(${spansSql(3)}, '{}'), removed = coalesce(${spansSql(5)}, '{}'), running_since = $7::timestamptz,
            last_activity_at = coalesce($8::timestamptz, last_activity_at), updated_at = $9::timestamptz
      WHERE tenant_id = $1::uuid AND id = $2::uuid`,
    [row.tenant_id, row.id, ...spansParams(state.spans.length ? state.spans : null), ...spansParams(state.removed.length ? state.removed : null),
     state.runningSince === null ? null : new Date(state.runningSince).toISOString(), extra.lastActivityAt ? new Date(extra.lastActivityAt).toISOString() : null, new Date(now).toISOString()],
  );
}

const isStale = (row: TimerRow, now: number) =>
  row.running_since !== null && now - row.last_activity_at > (row.idle_prompt_minutes + STALE_GRACE_MINUTES) * 60_000;

/**
 * The caller's timers: the running one (at most one) and the paused ones. A running timer that
 * went stale (no input or call for the idle prompt + grace) is paused at its last activity first,
 * so a closed page or a session that ended never counts idle time.
 */
export async function getTimers(tx: ScopedTx, userId: string, now = new Date()) {
  const rows = await loadTimers(tx, userId);
  for (const row of rows) {
    if (!isStale(row, now.getTime())) continue;
    const paused = pauseTimer(stateOf(row), Math.max(row.running_since!, row.last_activity_at));
    await saveState(tx, row, paused, now.getTime());
    row.spans = paused.spans as [number, number][];
    row.running_since = null;
  }
  const views = rows.map((r) => viewOf(r, now.getTime()));
  const running = views.find((v) => v.state === "running") ?? null;
  return {
    running,
    paused: views.filter((v) => v.state === "paused"),
    idlePromptMinutes: running?.idlePromptMinutes ?? views[0]?.idlePromptMinutes ?? DEFAULT_IDLE_PROMPT_MINUTES,
  };
}

async function timerOf(tx: ScopedTx, userId: string, timerId: string) {
  const row = (await loadTimers(tx, userId, true)).find((r) => r.id === timerId);
  if (!row) throw notFound("That timer");
  return row;
}

/**
 * Frees the way for a timer on `patientId`: another running timer is refused (a conflict naming
 * it) unless the caller chose to pause it or stop it (stop saves it as an entry first).
 */
async function clearRunning(tx: ScopedTx, performer: Performer, patientId: string, choice: "stop" | "pause" | undefined, clientRequestId: string | undefined, now: Date) {
  const other = (await loadTimers(tx, performer.userId, true)).find((r) => r.running_since !== null && r.patient_id !== patientId);
  if (!other) return null;
  if (!choice) {
    throw conflict(`A timer is running on ${other.patient}. Pause it or stop it (saving its time) before starting another: one person works on one patient at a time.`);
  }
  if (choice === "pause") {
    await saveState(tx, other, pauseTimer(stateOf(other), now.getTime()), now.getTime());
    return null;
  }
  if (!clientRequestId) throw invalidInput("Stopping the running timer saves its time: send a clientRequestId for that entry.");
  return stopTimer(tx, performer, { timerId: other.id, clientRequestId }, now);
}

/** Starts (or resumes) the caller's timer on a patient. */
export async function startTimer(
  tx: ScopedTx,
  performer: Performer,
  input: { patientId: string; activity: Activity; switch?: "stop" | "pause"; clientRequestId?: string },
  now = new Date(),
) {
  const [patient] = await leanQuery<{ tenant_id: string }>(tx, "SELECT tenant_id::text FROM patient WHERE id = $1::uuid", [input.patientId]);
  if (!patient) throw notFound("That patient");
  const stopped = await clearRunning(tx, performer, input.patientId, input.switch, input.clientRequestId, now);
  const existing = (await loadTimers(tx, performer.userId, true)).find((r) => r.patient_id === input.patientId);
  if (existing) {
    await saveState(tx, existing, resumeTimer(stateOf(existing), now.getTime()), now.getTime(), { lastActivityAt: now.getTime() });
  } else {
    const state = newTimer(now.getTime());
    await leanQuery(
      tx,
      `INSERT INTO work_timer (tenant_id, user_id, patient_id, activity, running_since, last_activity_at, started_at, updated_at)
       VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5::timestamptz, $5::timestamptz, $5::timestamptz, $5::timestamptz)`,
      [patient.tenant_id, performer.userId, input.patientId, input.activity, new Date(state.runningSince!).toISOString()],
    ).catch(mapTimerWriteError);
  }
  const timers = await getTimers(tx, performer.userId, now);
  return { timer: timers.running!, stoppedEntry: stopped?.entry ?? null };
}

/** A second running timer raced past the check: the database's unique index refuses it. */
function mapTimerWriteError(error: unknown): never {
  if (String((error as Error).message).includes("work_timer_one_running_per_user")) {
    throw conflict("Another timer of yours started at the same moment. Reload to see it.");
  }
  throw error;
}

export async function pauseOwnTimer(tx: ScopedTx, userId: string, timerId: string, now = new Date()) {
  const row = await timerOf(tx, userId, timerId);
  await saveState(tx, row, pauseTimer(stateOf(row), now.getTime()), now.getTime());
  return viewOf({ ...row, ...toRow(pauseTimer(stateOf(row), now.getTime())) }, now.getTime());
}

export async function resumeOwnTimer(tx: ScopedTx, performer: Performer, input: { timerId: string; switch?: "stop" | "pause"; clientRequestId?: string }, now = new Date()) {
  const row = await timerOf(tx, performer.userId, input.timerId);
  return startTimer(tx, performer, { patientId: row.patient_id, activity: row.activity, switch: input.switch, clientRequestId: input.clientRequestId }, now);
}

const toRow = (state: TimerState) => ({ spans: state.spans as [number, number][], running_since: state.runningSince, removed: state.removed as [number, number][] });

/** "Was this time spent on the patient?" — no: the idle span stops counting. */
export async function removeIdleSpan(tx: ScopedTx, userId: string, input: { timerId: string; idleFrom: string; idleTo?: string }, now = new Date()) {
  const row = await timerOf(tx, userId, input.timerId);
  const from = Date.parse(input.idleFrom);
  const to = input.idleTo ? Date.parse(input.idleTo) : now.getTime();
  if (!(to > from)) throw invalidInput("The idle span must end after it starts.");
  if (to > now.getTime() + 5_000) throw invalidInput("The idle span cannot end in the future.");
  const state = removeSpan(stateOf(row), [from, to]);
  await saveState(tx, row, state, now.getTime(), { lastActivityAt: now.getTime() });
  return viewOf({ ...row, ...toRow(state), last_activity_at: now.getTime() }, now.getTime());
}

/** Spans of the caller's calls in a window: talk time that counts on its own entry. */
async function callSpansOf(tx: ScopedTx, userId: string, from: number, to: number): Promise<Span[]> {
  const rows = await leanQuery<{ s: number; e: number }>(
    tx,
    `SELECT ${ms("c.answered_at")} AS s, ${ms("coalesce(c.ended_at, $4::timestamptz)")} AS e
       FROM call c LEFT JOIN call_time_draft d ON d.tenant_id = c.tenant_id AND d.call_id = c.id
      WHERE c.user_id = $1::uuid AND c.answered_at IS NOT NULL AND c.answered_at < $3::timestamptz
        AND coalesce(c.ended_at, $4::timestamptz) > $2::timestamptz AND coalesce(d.status, 'pending') <> 'discarded'`,
    [userId, new Date(from).toISOString(), new Date(to).toISOString(), new Date(to).toISOString()],
  );
  return rows.map((r) => [r.s, r.e] as Span);
}

/**
 * Stops a timer and saves its measured time as an entry: running spans minus idle spans minus the
 * caller's calls (a call's talk time is its own entry, so the two never count the same second).
 * Claimed minutes default to floor(seconds / 60). A retried stop returns the same entry.
 */
export async function stopTimer(
  tx: ScopedTx,
  performer: Performer,
  input: { timerId: string; clientRequestId: string; activity?: Activity; claimedMinutes?: number; note?: string },
  now = new Date(),
) {
  const row = (await loadTimers(tx, performer.userId, true)).find((r) => r.id === input.timerId);
  if (!row) {
    const [saved] = await leanQuery<{ id: string; tenant_id: string; service_month: string; review_flags: string[]; duration_seconds: number; claimed_minutes: number }>(
      tx,
      "SELECT id::text, tenant_id::text, service_month, review_flags, duration_seconds, claimed_minutes FROM time_entry WHERE client_request_id = $1 AND performer_user_id = $2::uuid",
      [input.clientRequestId, performer.userId],
    );
    if (!saved) throw notFound("That timer");
    return {
      entry: { entryId: saved.id, tenantId: saved.tenant_id, serviceMonth: saved.service_month.trim(), isDuplicate: true, reviewFlags: saved.review_flags, durationSeconds: saved.duration_seconds, claimedMinutes: saved.claimed_minutes },
      patientId: null,
    };
  }
  const state = pauseTimer(stateOf(row), now.getTime());
  const first = state.spans[0]?.[0] ?? now.getTime();
  const withoutCalls = removeCalls(state, await callSpansOf(tx, performer.userId, first, now.getTime()));
  const spans = measuredSpans(withoutCalls, now.getTime());
  await leanQuery(tx, "DELETE FROM work_timer WHERE tenant_id = $1::uuid AND id = $2::uuid", [row.tenant_id, row.id]);
  // Under a second, or all of it idle or on a call: nothing to save (the timer is gone either way).
  if (spans.length === 0 || elapsedSeconds(withoutCalls, now.getTime()) < 1) return { entry: null, patientId: row.patient_id };
  const entry = await createTimeEntry(
    tx,
    { patientId: row.patient_id, clientRequestId: input.clientRequestId, activity: input.activity ?? row.activity, source: "timer", claimedMinutes: input.claimedMinutes, note: input.note, spans },
    performer,
    now,
  );
  return { entry, patientId: row.patient_id };
}

const removeCalls = (state: TimerState, calls: Span[]) => calls.reduce((s, call) => removeSpan(s, call), state);

export async function discardTimer(tx: ScopedTx, userId: string, timerId: string) {
  const row = await timerOf(tx, userId, timerId);
  await leanQuery(tx, "DELETE FROM work_timer WHERE tenant_id = $1::uuid AND id = $2::uuid", [row.tenant_id, row.id]);
  return { tenantId: row.tenant_id, patientId: row.patient_id };
}

/**
 * A call absorbs the caller's timers: its talk time is taken out of every timer of the caller
 * (on any patient — one person talks to one patient at a time), and counts on the call's entry.
 */
export async function absorbCallIntoTimers(tx: ScopedTx, userId: string, call: Span, now = new Date()) {
  for (const row of await loadTimers(tx, userId, true)) {
    await saveState(tx, row, removeSpan(stateOf(row), call), now.getTime());
  }
}

const FINAL_CALL_STATUSES = CALL_STATUSES.filter(isFinalStatus);

/**
 * The workspace heartbeat. It extends the session only while the caller is doing patient work —
 * a running (not stale) timer or a live call — so an idle page can never keep a session alive.
 * A call counts as live until its final status, for at most 2 hours from its start (a call whose
 * final callback never came must not keep a session alive for ever).
 * Input (or a live call) moves the running timer's last activity forward.
 */
export async function heartbeat(tx: ScopedTx, userId: string, sessionId: string, input: { hadInput: boolean }, now = new Date()) {
  const [live] = await leanQuery<{ id: string }>(
    tx,
    `SELECT id::text FROM call WHERE user_id = $1::uuid AND status <> ALL ($3::text[]) AND created_at > $2::timestamptz - interval '2 hours' LIMIT 1`,
    [userId, now.toISOString(), FINAL_CALL_STATUSES],
  );
  const timers = await getTimers(tx, userId, now);
  const running = timers.running;
  if (running && (input.hadInput || live)) {
    await leanQuery(tx, "UPDATE work_timer SET last_activity_at = $3::timestamptz WHERE tenant_id = $1::uuid AND id = $2::uuid", [running.tenantId, running.timerId, now.toISOString()]);
    running.lastActivityAt = now.toISOString();
  }
  const reason = live ? ("call" as const) : running ? ("timer" as const) : null;
  if (reason) await tx.userSession.update({ where: { id: sessionId }, data: { lastSeenAt: now } });
  return { keepsSessionAlive: reason !== null, reason, timer: running, idlePromptMinutes: timers.idlePromptMinutes };
}
