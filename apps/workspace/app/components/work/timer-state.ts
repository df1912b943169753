/**
 * The timer of one patient, kept in localStorage so it survives a reload and follows a second tab
 * (the `storage` event). Stopping it keeps the elapsed time and a client request id until the
 * entry is saved, so a retried save reuses the id and never logs the minutes twice.
 */
export interface TimerState {
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

export const timerKey = (patientId: string) => `carefold.timer.${patientId}`;

/** The running warning threshold (ui.md / issue 6: warn after 60 minutes running). */
export const LONG_RUN_MS = 60 * 60_000;

export function parseTimer(raw: string | null): TimerState | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<TimerState>;
    if (
      (value.status === "running" || value.status === "paused" || value.status === "stopped") &&
      typeof value.accumulatedMs === "number" &&
      typeof value.startedAt === "string"
    ) {
      return {
        status: value.status,
        accumulatedMs: value.accumulatedMs,
        runningSince: typeof value.runningSince === "number" ? value.runningSince : null,
        startedAt: value.startedAt,
        clientRequestId: typeof value.clientRequestId === "string" ? value.clientRequestId : null,
      };
    }
  } catch {
    // A damaged value is dropped below.
  }
  return null;
}

export function readTimer(patientId: string): TimerState | null {
  try {
    return parseTimer(window.localStorage.getItem(timerKey(patientId)));
  } catch {
    return null;
  }
}

export function writeTimer(patientId: string, state: TimerState | null) {
  try {
    if (state) window.localStorage.setItem(timerKey(patientId), JSON.stringify(state));
    else window.localStorage.removeItem(timerKey(patientId));
  } catch {
    // Private mode or a full quota: the timer still works in this tab.
  }
}

export function elapsedMs(state: TimerState | null, now: number): number {
  if (!state) return 0;
  const run =
    state.status === "running" && state.runningSince != null ? now - state.runningSince : 0;
  return state.accumulatedMs + Math.max(0, run);
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

/** Minutes to prefill from a timer: rounded, at least 1. */
export const timerMinutes = (ms: number) => Math.max(1, Math.round(ms / 60_000));

export function newRequestId(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
