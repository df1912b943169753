/**
 * The coordinator's timers as the server keeps them (time.timer.*: at most one running per
 * person, paused ones per patient; packages/api/src/modules/time/README.md). The page only shows
 * them: the server measures, the page adds the seconds since it last heard from the server.
 */
export interface TimerView {
  timerId: string;
  tenantId: string;
  patientId: string;
  /** "Last, First" — shown only to the timer's own user (never put in an address). */
  patientName: string;
  activity: string;
  state: "running" | "paused";
  startedAt: string;
  runningSince: string | null;
  lastActivityAt: string;
  /** Measured whole seconds when the server answered. */
  elapsedSeconds: number;
  idlePromptMinutes: number;
}

export interface TimersNow {
  running: TimerView | null;
  paused: TimerView[];
  idlePromptMinutes: number;
}

export interface PatientRef {
  id: string;
  name: string;
}

/** What starting a timer does to one already running on another patient. */
export type SwitchMode = "pause" | "stop";

/** The running warning threshold (ui.md / issue 6: warn after 60 minutes running). */
export const LONG_RUN_MS = 60 * 60_000;

export const allTimers = (timers: TimersNow | null): TimerView[] =>
  timers ? [...(timers.running ? [timers.running] : []), ...timers.paused] : [];

export const timerOf = (timers: TimersNow | null, patientId: string | null) =>
  (patientId && allTimers(timers).find((t) => t.patientId === patientId)) || null;

/**
 * Measured time now: the server's seconds when it answered (`receivedAt`, this page's clock),
 * plus the time since for a running timer.
 */
export function elapsedMs(view: TimerView | null, receivedAt: number, now: number): number {
  if (!view) return 0;
  const since = view.state === "running" ? Math.max(0, now - receivedAt) : 0;
  return view.elapsedSeconds * 1000 + since;
}

/**
 * The timer the shell shows: the running one, else the patient in view's, else the one it showed
 * last (just paused), else the latest paused.
 */
export function shownTimer(
  timers: TimersNow | null,
  patientInViewId: string | null,
  lastShownId: string | null = null,
) {
  return (
    timers?.running ??
    timerOf(timers, patientInViewId) ??
    timers?.paused.find((t) => t.timerId === lastShownId) ??
    timers?.paused.at(-1) ??
    null
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
