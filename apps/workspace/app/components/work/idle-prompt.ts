/**
 * The idle prompt of a running timer, as a pure state machine (issue 14, item 5; decision 0023).
 *
 * While the timer runs, every key press, click or pointer move is input, and so is every second of
 * a live call (talking on the phone moves no mouse). After `idleMs` without input it asks "Was
 * this time spent on the patient?":
 * - "Yes" keeps the whole span and watches again from now;
 * - "No" removes the idle span (from the last input to the answer) and the timer keeps running;
 * - no answer within `answerMs` pauses the timer at the last input: nobody was there to say the
 *   span was patient work, and CMS counts only time actually spent, so the unanswered span is not
 *   counted either.
 * The caller turns the returned effect into the server call (remove-idle-span, pause).
 */
export interface IdleConfig {
  /** Minutes without input before asking, from the clinic's setting (default 5). */
  idleMs: number;
  /** How long the question waits for an answer before the timer pauses. */
  answerMs: number;
}

export type IdleState =
  | { kind: "off" }
  | { kind: "watching"; lastInputAt: number }
  | { kind: "asking"; idleSince: number; askedAt: number };

export type IdleEvent =
  | { type: "timer"; running: boolean; at: number }
  | { type: "input"; at: number }
  | { type: "tick"; at: number; isCallLive: boolean }
  | { type: "answer"; spentOnPatient: boolean; at: number };

export type IdleEffect =
  | { kind: "none" }
  | { kind: "ask"; idleSince: number }
  | { kind: "remove-idle-span"; from: number; to: number }
  /** Remove [from, to] (nobody answered for it) and pause the timer. */
  | { kind: "pause"; from: number; to: number };

export interface IdleStep {
  state: IdleState;
  effect: IdleEffect;
}

export const DEFAULT_IDLE_MINUTES = 5;
export const ANSWER_WINDOW_MS = 2 * 60_000;
export const IDLE_OFF: IdleState = { kind: "off" };

const none: IdleEffect = { kind: "none" };

export function idleConfig(idleMinutes: number | null | undefined): IdleConfig {
  const minutes =
    idleMinutes && Number.isFinite(idleMinutes) && idleMinutes > 0
      ? idleMinutes
      : DEFAULT_IDLE_MINUTES;
  return { idleMs: minutes * 60_000, answerMs: ANSWER_WINDOW_MS };
}

/** The next state and what to do, for one event. Times are epoch milliseconds. */
export function stepIdle(state: IdleState, event: IdleEvent, config: IdleConfig): IdleStep {
  if (event.type === "timer") {
    if (!event.running) return { state: IDLE_OFF, effect: none };
    // Already watching (or asking) a running timer: a repeated "running" changes nothing.
    return state.kind === "off"
      ? { state: { kind: "watching", lastInputAt: event.at }, effect: none }
      : { state, effect: none };
  }
  if (state.kind === "off") return { state, effect: none };

  if (state.kind === "watching") {
    if (event.type === "input" || (event.type === "tick" && event.isCallLive)) {
      return {
        state: { kind: "watching", lastInputAt: Math.max(state.lastInputAt, event.at) },
        effect: none,
      };
    }
    if (event.type === "tick" && event.at - state.lastInputAt >= config.idleMs) {
      return {
        state: { kind: "asking", idleSince: state.lastInputAt, askedAt: event.at },
        effect: { kind: "ask", idleSince: state.lastInputAt },
      };
    }
    return { state, effect: none };
  }

  // Asking: only an answer (or the answer window running out) ends the question; input alone
  // does not, since the question is about the span that already passed.
  if (event.type === "answer") {
    const at = Math.max(event.at, state.idleSince);
    return {
      state: { kind: "watching", lastInputAt: at },
      effect: event.spentOnPatient ? none : { kind: "remove-idle-span", from: state.idleSince, to: at },
    };
  }
  if (event.type === "tick" && event.at - state.askedAt >= config.answerMs) {
    return { state: IDLE_OFF, effect: { kind: "pause", from: state.idleSince, to: event.at } };
  }
  return { state, effect: none };
}
