/**
 * Why a time entry waits for a supervisor, in the coordinator's and the supervisor's words (the
 * API's review flags). The save messages and the review queue both read this one list.
 */
export const REVIEW_FLAGS: Record<string, { label: string; hint: string }> = {
  long_entry: { label: "Long entry", hint: "More than 60 minutes in one entry." },
  backdated: { label: "Back-dated", hint: "Dated further back than the clinic's window." },
  new_staff: { label: "New staff", hint: "By someone in their first 30 days." },
  claim_exceeds_measured: {
    label: "Claim over measured",
    hint: "More minutes typed than the timer or call measured.",
  },
  unmeasured_timer: { label: "Not measured", hint: "A timer entry without a measured duration." },
};

export const flagLabel = (flag: string) => REVIEW_FLAGS[flag]?.label ?? flag.replace(/_/g, " ");

/** " A supervisor reviews it: back-dated (logged more than 7 days after the work)." or "". */
export function reviewSentence(flags: readonly string[]): string {
  if (flags.length === 0) return "";
  const reasons = flags.map((flag) => {
    const known = REVIEW_FLAGS[flag];
    return known ? `${known.label.toLowerCase()} (${known.hint.replace(/\.$/, "").toLowerCase()})` : flagLabel(flag);
  });
  return ` A supervisor reviews it: ${reasons.join("; ")}.`;
}
