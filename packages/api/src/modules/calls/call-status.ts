import { wholeMinutes } from "../time/spans.js";

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
 * Minutes a connected call suggests as the coordinator's claim: whole minutes of talk time,
 * floored (a 30-second call claims 0 and still counts its 30 seconds: the entry records the
 * measured seconds, and the month floors once; decision 0020).
 */
export function draftMinutesFor(talkSeconds: number): number {
  return wholeMinutes(talkSeconds);
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
