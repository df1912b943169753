/**
 * States whose wiretap laws require every party's consent to record a call (two-party or
 * all-party states), as commonly listed for telephone recording. Counsel should review this
 * table; it is data, so changing it needs no code change elsewhere. A patient without a known
 * state is treated as all-party (the safe side).
 */
export const ALL_PARTY_CONSENT_STATES: ReadonlySet<string> = new Set([
  "CA",
  "CT",
  "DE",
  "FL",
  "IL",
  "MD",
  "MA",
  "MI",
  "MT",
  "NV",
  "NH",
  "OR",
  "PA",
  "WA",
]);

export type RecordingDecision = "off" | "record" | "record_after_notice" | "blocked_no_notice";

export interface RecordingPolicyInput {
  /** The clinic turned recording on. */
  recordingEnabled: boolean;
  /** The notice played to the patient before the coordinator is connected (null: none set). */
  recordingNotice: string | null;
  /** The patient's state (two letters) or null when unknown. */
  patientState: string | null;
}

/**
 * Whether a call may be recorded. Recording needs the clinic's consent setting; where a notice
 * is configured it is always played first; in all-party states (and for an unknown state) a call
 * is never recorded without the notice.
 */
export function decideRecording(input: RecordingPolicyInput): RecordingDecision {
  if (!input.recordingEnabled) return "off";
  const hasNotice = input.recordingNotice !== null && input.recordingNotice.trim().length > 0;
  if (hasNotice) return "record_after_notice";
  const state = input.patientState?.trim().toUpperCase() ?? null;
  const needsAllParty = state === null || state === "" || ALL_PARTY_CONSENT_STATES.has(state);
  return needsAllParty ? "blocked_no_notice" : "record";
}

export const isRecorded = (decision: RecordingDecision) =>
  decision === "record" || decision === "record_after_notice";
