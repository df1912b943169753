import { agree, createFinding, pluralMinutes } from "./findings.js";
import type { Finding, TimeEntryInput } from "./types.js";

/**
 * Countable-minute totals of one month and the minutes set aside, by reason. Mutable so the
 * evaluator can reuse one instance per call path without allocating (see `createMinuteTally`).
 */
export interface MinuteTally {
  /** Staff-lane minutes: clinical staff plus billing practitioner, concurrent groups once. */
  staff: number;
  /** The billing practitioner's own countable minutes. */
  practitioner: number;
  invalidEntries: number;
  firstInvalidId: string;
  nonClinical: number;
  outsideMonth: number;
  offshore: number;
  beforeConsent: number;
  faceToFace: number;
  countedElsewhere: number;
  countedElsewhereCodes: string;
  concurrentOverlap: number;
}

export function createMinuteTally(): MinuteTally {
  return {
    staff: 0,
    practitioner: 0,
    invalidEntries: 0,
    firstInvalidId: "",
    nonClinical: 0,
    outsideMonth: 0,
    offshore: 0,
    beforeConsent: 0,
    faceToFace: 0,
    countedElsewhere: 0,
    countedElsewhereCodes: "",
    concurrentOverlap: 0,
  };
}

// Scratch space for concurrent groups, reused across calls (entries per month are few, so a
// linear scan beats allocating a Map per call). Safe: evaluation is synchronous, not re-entrant.
const groupIds: string[] = [];
const groupStaffMax: number[] = [];
const groupPractitionerMax: number[] = [];
let groupCount = 0;

function addToGroup(group: string, minutes: number, isPractitioner: boolean): void {
  let index = 0;
  while (index < groupCount && groupIds[index] !== group) index++;
  if (index === groupCount) {
    groupIds[index] = group;
    groupStaffMax[index] = 0;
    groupPractitionerMax[index] = 0;
    groupCount++;
  }
  if (minutes > (groupStaffMax[index] as number)) groupStaffMax[index] = minutes;
  if (isPractitioner && minutes > (groupPractitionerMax[index] as number)) {
    groupPractitionerMax[index] = minutes;
  }
}

// Inlined prefix check: cheaper than String.prototype.startsWith on the hot path.
function isInMonth(date: string, serviceMonth: string): boolean {
  if (date.length !== 10) return false;
  for (let i = 6; i >= 0; i--) if (date.charCodeAt(i) !== serviceMonth.charCodeAt(i)) return false;
  return true;
}

function resetTally(tally: MinuteTally): void {
  tally.staff = 0;
  tally.practitioner = 0;
  tally.invalidEntries = 0;
  tally.firstInvalidId = "";
  tally.nonClinical = 0;
  tally.outsideMonth = 0;
  tally.offshore = 0;
  tally.beforeConsent = 0;
  tally.faceToFace = 0;
  tally.countedElsewhere = 0;
  tally.countedElsewhereCodes = "";
  tally.concurrentOverlap = 0;
}

function noteOtherService(tally: MinuteTally, code: string, minutes: number): void {
  tally.countedElsewhere += minutes;
  const codes = tally.countedElsewhereCodes === "" ? [] : tally.countedElsewhereCodes.split(", ");
  if (!codes.includes(code)) tally.countedElsewhereCodes = [...codes, code].sort().join(", ");
}

/**
 * Totals the countable minutes of a month into `tally` (reset first). A minute counts only when
 * it is clinical-staff or billing-practitioner time, dated in the service month, on or after the
 * consent date, furnished in the US, not part of a face-to-face visit and not already counted
 * for another service (§11, §1.3, §3). Each excluded minute is attributed to the first failing
 * rule in that order. `consentCutoff` is the consent date when it falls in or after the month,
 * else null (see `MonthGate`). Entries of one concurrent group are the same minutes: the group
 * adds its longest entry once (§11.7). Dates are compared as ISO strings; no `Date` is created.
 */
export function tallyMinutes(
  entries: readonly TimeEntryInput[],
  serviceMonth: string,
  consentCutoff: string | null,
  tally: MinuteTally,
): void {
  resetTally(tally);
  groupCount = 0;
  // Locals rather than tally fields inside the loop: keeps the hot loop in registers.
  let staff = 0;
  let practitioner = 0;
  let nonClinical = 0;
  let outsideMonth = 0;
  let offshore = 0;
  let beforeConsent = 0;
  let faceToFace = 0;
  let groupedRaw = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as TimeEntryInput;
    const minutes = entry.minutes;
    if (!Number.isInteger(minutes) || minutes <= 0) {
      // The smallest id, not the first seen, so the message does not depend on entry order.
      if (tally.invalidEntries++ === 0 || entry.id < tally.firstInvalidId) {
        tally.firstInvalidId = entry.id;
      }
    } else if (entry.performerRole === "non_clinical") nonClinical += minutes;
    else if (!isInMonth(entry.performedOn, serviceMonth)) outsideMonth += minutes;
    else if (!entry.performerInUS) offshore += minutes;
    else if (consentCutoff !== null && entry.performedOn < consentCutoff) beforeConsent += minutes;
    else if (entry.partOfFaceToFaceVisit === true) faceToFace += minutes;
    else if (entry.countedForService != null && entry.countedForService !== "") {
      noteOtherService(tally, entry.countedForService, minutes);
    } else {
      const isPractitioner = entry.performerRole === "billing_practitioner";
      if (entry.concurrentGroup != null) {
        addToGroup(entry.concurrentGroup, minutes, isPractitioner);
        groupedRaw += minutes;
      } else {
        staff += minutes;
        if (isPractitioner) practitioner += minutes;
      }
    }
  }
  let groupedCounted = 0;
  for (let i = 0; i < groupCount; i++) {
    groupedCounted += groupStaffMax[i] as number;
    practitioner += groupPractitionerMax[i] as number;
  }
  tally.staff = staff + groupedCounted;
  tally.practitioner = practitioner;
  tally.nonClinical = nonClinical;
  tally.outsideMonth = outsideMonth;
  tally.offshore = offshore;
  tally.beforeConsent = beforeConsent;
  tally.faceToFace = faceToFace;
  tally.concurrentOverlap = groupedRaw - groupedCounted;
}

/** Appends one warning per exclusion reason, with the minutes and dates a biller can check. */
export function pushMinuteFindings(
  tally: MinuteTally,
  serviceMonth: string,
  consentDate: string | null,
  findings: Finding[],
): void {
  if (tally.invalidEntries > 0) {
    const entries =
      tally.invalidEntries === 1 ? "1 entry has" : `${tally.invalidEntries} entries have`;
    findings.push(
      createFinding(
        "invalid_minutes",
        `${entries} minutes that are not a positive whole number (e.g. entry ${tally.firstInvalidId}); ignored.`,
      ),
    );
  }
  if (tally.nonClinical > 0) {
    findings.push(
      createFinding(
        "non_clinical_minutes",
        `${pluralMinutes(tally.nonClinical)} by non-clinical staff ${agree(tally.nonClinical, "does", "do")} not count; only clinical staff and the billing practitioner count.`,
      ),
    );
  }
  if (tally.outsideMonth > 0) {
    findings.push(
      createFinding(
        "minutes_outside_month",
        `${pluralMinutes(tally.outsideMonth)} dated outside ${serviceMonth} ${agree(tally.outsideMonth, "does", "do")} not count; minutes cannot be pooled across months.`,
      ),
    );
  }
  if (tally.offshore > 0) {
    findings.push(
      createFinding(
        "offshore_minutes",
        `${pluralMinutes(tally.offshore)} ${agree(tally.offshore, "was", "were")} furnished from outside the US and ${agree(tally.offshore, "is", "are")} never billable (42 CFR 411.9).`,
      ),
    );
  }
  if (tally.beforeConsent > 0) {
    findings.push(
      createFinding(
        "minutes_before_consent",
        `Consent is dated ${consentDate ?? ""}; ${pluralMinutes(tally.beforeConsent)} logged before it ${agree(tally.beforeConsent, "does", "do")} not count.`,
      ),
    );
  }
  if (tally.faceToFace > 0) {
    findings.push(
      createFinding(
        "face_to_face_minutes",
        `${pluralMinutes(tally.faceToFace)} ${agree(tally.faceToFace, "was", "were")} part of a face-to-face visit; that time belongs to the visit, not CCM.`,
      ),
    );
  }
  if (tally.countedElsewhere > 0) {
    findings.push(
      createFinding(
        "minutes_counted_elsewhere",
        `${pluralMinutes(tally.countedElsewhere)} already ${agree(tally.countedElsewhere, "supports", "support")} ${tally.countedElsewhereCodes} and cannot count again.`,
      ),
    );
  }
  if (tally.concurrentOverlap > 0) {
    findings.push(
      createFinding(
        "concurrent_minutes",
        `${pluralMinutes(tally.concurrentOverlap)} overlapped other staff's time in the same activity and ${agree(tally.concurrentOverlap, "was", "were")} not counted twice.`,
      ),
    );
  }
}
