/**
 * The coordinator's timers: one per patient at most, and at most ONE running at a time (issue 14:
 * one person cannot be with two patients at once). Pure functions over a small list, so the rule
 * is tested without a browser; the shell's TimerProvider keeps the list and mirrors it to storage.
 * Stopping a timer keeps the measured time and a client request id until the entry is saved, so a
 * retried save reuses the id and never logs the time twice.
 */
export interface TimerState {
  patientId: string;
  /** Shown in the shell while the coordinator is on another page (never put in an address). */
  patientName: string;
  status: "running" | "paused" | "stopped";
  /** Time counted before the current run (ms). */
  accumulatedMs: number;
  /** Epoch ms when the current run began (running only). */
  runningSince: number | null;
  /** When the timer was first started (ISO), sent as the entry's startedAt. */
  startedAt: string;
  /** Generated once when the timer stops; every save attempt of this entry sends it. */
  clientRequestId: string | null;
}

export interface PatientRef {
  id: string;
  name: string;
}

/** What starting a timer does to one already running on another patient. */
export type SwitchMode = "pause" | "stop";

export type StartResult =
  | { kind: "started"; timers: TimerState[]; switched: { patientName: string; mode: SwitchMode } | null }
  /** Another patient's timer runs: the coordinator chooses pause or stop-and-save first. */
  | { kind: "choose"; running: TimerState };

/** The running warning threshold (ui.md / issue 6: warn after 60 minutes running). */
export const LONG_RUN_MS = 60 * 60_000;

export const runningTimer = (timers: readonly TimerState[]) =>
  timers.find((t) => t.status === "running") ?? null;

export const timerOf = (timers: readonly TimerState[], patientId: string | null) =>
  (patientId && timers.find((t) => t.patientId === patientId)) || null;

export function elapsedMs(state: TimerState | null, now: number): number {
  if (!state) return 0;
  const run =
    state.status === "running" && state.runningSince != null ? now - state.runningSince : 0;
  return state.accumulatedMs + Math.max(0, run);
}

function replace(timers: readonly TimerState[], next: TimerState): TimerState[] {
  const rest = timers.filter((t) => t.patientId !== next.patientId);
  return [...rest, next];
}

function halt(state: TimerState, now: number, mode: SwitchMode): TimerState {
  return {
    ...state,
    status: mode === "pause" ? "paused" : "stopped",
    accumulatedMs: elapsedMs(state, now),
    runningSince: null,
    clientRequestId: mode === "stop" ? (state.clientRequestId ?? newRequestId()) : null,
  };
}

/**
 * Starts (or resumes) the patient's timer. With another patient's timer running, `mode` says
 * what happens to it; without a mode the caller must ask the coordinator first.
 */
export function startTimer(
  timers: readonly TimerState[],
  patient: PatientRef,
  now: number,
  mode?: SwitchMode,
): StartResult {
  const running = runningTimer(timers);
  if (running?.patientId === patient.id) return { kind: "started", timers: [...timers], switched: null };
  // A stopped timer of this patient still waiting to be saved is saved first, not started over.
  if (timerOf(timers, patient.id)?.status === "stopped") {
    return { kind: "started", timers: [...timers], switched: null };
  }
  if (running && !mode) return { kind: "choose", running };
  let next = running && mode ? replace(timers, halt(running, now, mode)) : [...timers];
  const own = timerOf(next, patient.id);
  const resumed: TimerState =
    own && own.status === "paused"
      ? { ...own, patientName: patient.name, status: "running", runningSince: now }
      : {
          patientId: patient.id,
          patientName: patient.name,
          status: "running",
          accumulatedMs: 0,
          runningSince: now,
          startedAt: new Date(now).toISOString(),
          clientRequestId: null,
        };
  next = replace(next, resumed);
  return {
    kind: "started",
    timers: next,
    switched: running && mode ? { patientName: running.patientName, mode } : null,
  };
}

export function pauseTimer(timers: readonly TimerState[], patientId: string, now: number) {
  const own = timerOf(timers, patientId);
  return own?.status === "running" ? replace(timers, halt(own, now, "pause")) : [...timers];
}

export function stopTimer(timers: readonly TimerState[], patientId: string, now: number) {
  const own = timerOf(timers, patientId);
  return own && own.status !== "stopped" ? replace(timers, halt(own, now, "stop")) : [...timers];
}

/** Moves the start of the current run later by the removed idle span (never before the run). */
export function removeSpan(timers: readonly TimerState[], patientId: string, fromMs: number, toMs: number) {
  const own = timerOf(timers, patientId);
  if (!own || own.status !== "running" || own.runningSince == null) return [...timers];
  const from = Math.max(fromMs, own.runningSince);
  const span = Math.max(0, toMs - from);
  return replace(timers, { ...own, runningSince: own.runningSince + span });
}

export const discardTimer = (timers: readonly TimerState[], patientId: string) =>
  timers.filter((t) => t.patientId !== patientId);

export function parseTimers(raw: string | null): TimerState[] {
  if (!raw) return [];
  try {
    const value: unknown = JSON.parse(raw);
    if (!Array.isArray(value)) return [];
    const timers = value.filter(isTimer);
    // A damaged list with two running timers keeps only the most recent run.
    const running = timers.filter((t) => t.status === "running");
    if (running.length <= 1) return timers;
    const latest = running.reduce((a, b) => ((a.runningSince ?? 0) >= (b.runningSince ?? 0) ? a : b));
    const now = Date.now();
    return timers.map((t) => (t.status === "running" && t !== latest ? halt(t, now, "pause") : t));
  } catch {
    return [];
  }
}

function isTimer(value: unknown): value is TimerState {
  const t = value as Partial<TimerState> | null;
  return (
    t != null &&
    typeof t.patientId === "string" &&
    typeof t.patientName === "string" &&
    (t.status === "running" || t.status === "paused" || t.status === "stopped") &&
    typeof t.accumulatedMs === "number" &&
    typeof t.startedAt === "string" &&
    (t.runningSince === null || typeof t.runningSince === "number") &&
    (t.clientRequestId === null || typeof t.clientRequestId === "string")
  );
}

export function formatClock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Whole minutes actually measured: floored, never rounded up (CMS counts time actually spent). */
export const measuredMinutes = (ms: number) => Math.floor(ms / 60_000);

export function newRequestId(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
