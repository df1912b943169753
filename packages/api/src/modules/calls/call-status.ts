/**
 * The life of the patient leg of a call, as Twilio reports it. A status only ever moves forward:
 * a late `ringing` after `completed` is recorded in the timeline but does not change the call.
 */
export const CALL_STATUSES = [
  "created",
  "queued",
  "initiated",
  "ringing",
  "in-progress",
  "completed",
  "busy",
  "no-answer",
  "failed",
  "canceled",
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

const RANK: Record<CallStatus, number> = {
  created: 0,
  queued: 1,
  initiated: 2,
  ringing: 3,
  "in-progress": 4,
  completed: 5,
  busy: 5,
  "no-answer": 5,
  failed: 5,
  canceled: 5,
};

export const isFinalStatus = (status: CallStatus) => RANK[status] === 5;

/** The status the call has after `incoming` arrives when it is `current` (never backwards). */
export function nextCallStatus(current: CallStatus, incoming: CallStatus): CallStatus {
  return RANK[incoming] > RANK[current] ? incoming : current;
}

/**
 * Minutes suggested for a connected call: talk time rounded to the nearest minute, at least one
 * (a connected call is care work; the coordinator confirms or adjusts before anything counts).
 */
export function draftMinutesFor(talkSeconds: number): number {
  return Math.max(1, Math.round(talkSeconds / 60));
}

export const DISPOSITIONS = {
  answered: "Answered",
  voicemail: "Left voicemail",
  no_answer: "No answer",
  busy: "Busy",
  wrong_number: "Wrong number",
  declined: "Declined",
} as const;
export type Disposition = keyof typeof DISPOSITIONS;
