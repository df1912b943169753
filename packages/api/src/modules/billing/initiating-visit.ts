/**
 * Whether a patient-month needs the CCM initiating visit and, if so, the visit that counts
 * (issue 15 item 3; the rule and its sources: docs/ccm-rules/initiating-visit.md).
 *
 * - CMS asks for the visit only when CCM starts for a new patient or one the billing
 *   practitioner has not seen within the year before CCM starts. "Seen" is any face-to-face
 *   visit of the kinds below by the billing practitioner in that year.
 * - Otherwise the initiating visit is the first such visit on or after the start, furnished by
 *   the billing practitioner, during which CCM was discussed (clinic setting), TCM's face-to-face
 *   visit included or not (clinic setting). Its date bounds the counted minutes (the rules package
 *   sets aside minutes dated before it).
 *
 * Decided once per CCM start, so a long-standing patient is not blocked every month.
 */

/** Encounter kinds that can be the initiating visit: E/M, AWV, IPPE and TCM's face-to-face visit. */
export const INITIATING_VISIT_KINDS = ["em_visit", "awv", "ippe", "tcm_face_to_face"] as const;

/** One face-to-face visit as the loader reads it. */
export interface VisitFact {
  practitionerId: string | null;
  occurredOn: string;
  kind: string;
  isCcmDiscussed: boolean;
}

/** The clinic's reading of the parts the research marks uncertain (tenant_setting). */
export interface InitiatingVisitPolicy {
  needsCcmDiscussed: boolean;
  countsTcm: boolean;
}

export const DEFAULT_INITIATING_VISIT_POLICY: InitiatingVisitPolicy = { needsCcmDiscussed: true, countsTcm: true };

const FACE_TO_FACE = new Set<string>(INITIATING_VISIT_KINDS);

/** The same calendar day one year earlier (29 February → 28 February). */
export function yearBefore(date: string): string {
  const year = Number(date.slice(0, 4)) - 1;
  const monthDay = date.slice(5) === "02-29" ? "02-28" : date.slice(5);
  return `${String(year).padStart(4, "0")}-${monthDay}`;
}

/**
 * The rules engine's `initiatingVisit` for a patient: `ccmStartsOn` is when CCM started (the
 * enrolment date, else the consent date); without any start date nothing can have been seen
 * "before" it, so the visit is required.
 */
export function decideInitiatingVisit(
  visits: readonly VisitFact[],
  billingPractitionerId: string | null,
  ccmStartsOn: string | null,
  policy: InitiatingVisitPolicy = DEFAULT_INITIATING_VISIT_POLICY,
): { required: boolean; completedOn?: string } {
  const own = visits.filter((v) => billingPractitionerId !== null && v.practitionerId === billingPractitionerId && FACE_TO_FACE.has(v.kind));
  if (ccmStartsOn !== null) {
    const from = yearBefore(ccmStartsOn);
    if (own.some((v) => v.occurredOn >= from && v.occurredOn < ccmStartsOn)) return { required: false };
  }
  let completedOn: string | undefined;
  for (const v of own) {
    if (ccmStartsOn !== null && v.occurredOn < ccmStartsOn) continue;
    if (policy.needsCcmDiscussed && !v.isCcmDiscussed) continue;
    if (!policy.countsTcm && v.kind === "tcm_face_to_face") continue;
    if (completedOn === undefined || v.occurredOn < completedOn) completedOn = v.occurredOn;
  }
  return completedOn === undefined ? { required: true } : { required: true, completedOn };
}
