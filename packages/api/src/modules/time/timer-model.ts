import { subtractSpans, unionSpans, wholeSeconds, type Span } from "./spans.js";

/**
 * A person's timer on one patient, as pure state (issue 14): the closed running spans, the open
 * one while running, and the time taken out of it (idle spans answered "no", calls that absorbed
 * the interval). The service stores exactly this; every transition is a pure function of it.
 */
export interface TimerState {
  spans: Span[];
  runningSince: number | null;
  removed: Span[];
}

export const newTimer = (now: number): TimerState => ({ spans: [], runningSince: now, removed: [] });

/** The time the timer measured up to `now`: running spans minus what was taken out. */
export function measuredSpans(t: TimerState, now: number): Span[] {
  const open: Span[] = t.runningSince !== null && now > t.runningSince ? [[t.runningSince, now]] : [];
  return subtractSpans(unionSpans(t.spans, open), t.removed);
}

export const elapsedSeconds = (t: TimerState, now: number): number => wholeSeconds(measuredSpans(t, now));

export function pauseTimer(t: TimerState, at: number): TimerState {
  if (t.runningSince === null) return t;
  return { spans: unionSpans(t.spans, at > t.runningSince ? [[t.runningSince, at]] : []), runningSince: null, removed: t.removed };
}

export const resumeTimer = (t: TimerState, now: number): TimerState => (t.runningSince !== null ? t : { ...t, runningSince: now });

/** Takes a span out of the timer (an idle span, or a call's talk time that counts on its own). */
export const removeSpan = (t: TimerState, span: Span): TimerState => ({ ...t, removed: unionSpans(t.removed, [span]) });
