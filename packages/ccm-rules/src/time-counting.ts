import { normalizeCode } from "./codes.js";
import { getDaysInMonth, isIsoDate, parseMonthIndex } from "./dates.js";
import { agreeDuration, createFinding, formatDuration } from "./findings.js";
import type { Finding, TimeEntryInput } from "./types.js";

/**
 * Countable time of one month and the time set aside, by reason. Durations are in seconds, the
 * unit of record (issue 14); `staff` and `practitioner` are the counted whole minutes, floored
 * once from the month's seconds. Mutable so the evaluator can reuse one instance per call path
 * without allocating (see `createMinuteTally`).
 */
export interface MinuteTally {
  /** Staff-lane whole minutes: floor(staffSeconds / 60). */
  staff: number;
  /** The billing practitioner's own whole minutes: floor(practitionerSeconds / 60). */
  practitioner: number;
  /** Staff-lane seconds: clinical staff plus billing practitioner, concurrent groups once. */
  staffSeconds: number;
  /** The billing practitioner's own countable seconds. */
  practitionerSeconds: number;
  invalidEntries: number;
  firstInvalidId: string;
  duplicateEntries: number;
  firstDuplicateId: string;
  hasConflictingDuplicate: boolean;
  unknownRole: number;
  unknownRoleNames: string;
  invalidDates: number;
  firstInvalidDateId: string;
  nonClinical: number;
  outsideMonth: number;
  offshore: number;
  beforeConsent: number;
  beforeVisit: number;
  faceToFace: number;
  countedElsewhere: number;
  countedElsewhereCodes: string;
  concurrentOverlap: number;
  pendingReview: number;
}

// A literal with every field, so V8 keeps them all in-object (fast property access).
export function createMinuteTally(): MinuteTally {
  return {
    staff: 0,
    practitioner: 0,
    staffSeconds: 0,
    practitionerSeconds: 0,
    invalidEntries: 0,
    firstInvalidId: "",
    duplicateEntries: 0,
    firstDuplicateId: "",
    hasConflictingDuplicate: false,
    unknownRole: 0,
    unknownRoleNames: "",
    invalidDates: 0,
    firstInvalidDateId: "",
    nonClinical: 0,
    outsideMonth: 0,
    offshore: 0,
    beforeConsent: 0,
    beforeVisit: 0,
    faceToFace: 0,
    countedElsewhere: 0,
    countedElsewhereCodes: "",
    concurrentOverlap: 0,
    pendingReview: 0,
  };
}

// Scratch space for concurrent groups and duplicate ids, reused across calls (entries per month
// are few, so a linear scan beats allocating a Map per call). Safe: evaluation is synchronous,
// not re-entrant.
const groupIds: string[] = [];
const groupStaffMax: number[] = [];
const groupPractitionerMax: number[] = [];
let groupCount = 0;
/** Per entry: 0 counts, 1 is an identical repeat of an earlier id, 2 shares an id with a conflicting copy. */
const duplicateState: number[] = [];
/** Per entry: index of the first entry with its id. */
const firstIndexOf: number[] = [];
// Above this many entries, duplicate ids are found with a Map instead of a quadratic scan.
const LINEAR_SCAN_LIMIT = 32;

function addToGroup(group: string, seconds: number, isPractitioner: boolean): void {
  let index = 0;
  while (index < groupCount && groupIds[index] !== group) index++;
  if (index === groupCount) {
    groupIds[index] = group;
    groupStaffMax[index] = 0;
    groupPractitionerMax[index] = 0;
    groupCount++;
  }
  if (seconds > (groupStaffMax[index] as number)) groupStaffMax[index] = seconds;
  if (isPractitioner && seconds > (groupPractitionerMax[index] as number)) {
    groupPractitionerMax[index] = seconds;
  }
}

// Inlined prefix check: cheaper than String.prototype.startsWith on the hot path.
function isInMonth(date: string, serviceMonth: string): boolean {
  if (date.length !== 10) return false;
  for (let i = 6; i >= 0; i--) if (date.charCodeAt(i) !== serviceMonth.charCodeAt(i)) return false;
  return true;
}

// Days in the service month ('YYYY-MM', already validated by the caller), without allocating.
function readDaysInMonth(serviceMonth: string): number {
  const monthIndex = parseMonthIndex(serviceMonth);
  return getDaysInMonth(Math.floor(monthIndex / 12), (monthIndex % 12) + 1);
}

// The day part of a date already known to be in the month: "-DD" with 1 <= DD <= days in the
// month (only days 29–31 need the month's length).
function hasValidDay(date: string, serviceMonth: string): boolean {
  if (date.charCodeAt(7) !== 45) return false;
  const tens = date.charCodeAt(8) - 48;
  const ones = date.charCodeAt(9) - 48;
  if (tens < 0 || tens > 9 || ones < 0 || ones > 9) return false;
  const day = tens * 10 + ones;
  return day >= 1 && (day <= 28 || day <= readDaysInMonth(serviceMonth));
}

/**
 * The measured seconds of an entry, or -1 when its duration is invalid. `seconds` (a whole
 * number >= 0) is the measurement and wins; without it the typed minutes count their whole part
 * (20.5 → 1200 s), so a fractional entry is no longer dropped whole (issue 15).
 */
function readEntrySeconds(entry: TimeEntryInput): number {
  const seconds = entry.seconds;
  if (seconds != null) return Number.isInteger(seconds) && seconds >= 0 ? seconds : -1;
  const minutes = entry.minutes;
  return minutes > 0 && Number.isFinite(minutes) ? Math.floor(minutes) * 60 : -1;
}

function isSameEntry(a: TimeEntryInput, b: TimeEntryInput): boolean {
  return (
    Object.is(a.minutes, b.minutes) &&
    Object.is(a.seconds ?? null, b.seconds ?? null) &&
    a.performedOn === b.performedOn &&
    a.performerRole === b.performerRole &&
    a.performerInUS === b.performerInUS &&
    (a.countedForService ?? null) === (b.countedForService ?? null) &&
    (a.concurrentGroup ?? null) === (b.concurrentGroup ?? null) &&
    (a.partOfFaceToFaceVisit === true) === (b.partOfFaceToFaceVisit === true) &&
    (a.pendingReview === true) === (b.pendingReview === true)
  );
}

/** Per entry: a cheap fingerprint of its id (length and three characters), see `hasEarlierId`. */
const idPrints: number[] = [];

function fingerprintId(id: string): number {
  const n = id.length;
  if (n === 0) return 0;
  // Small integers (V8 keeps them unboxed): at most ~n * 31^3.
  return ((n * 31 + id.charCodeAt(0)) * 31 + id.charCodeAt(n >> 1)) * 31 + id.charCodeAt(n - 1);
}

// True when entry `i` repeats the id of an earlier entry. Fingerprints are compared first
// (small integers, cheap); strings only when two fingerprints match. Records entry i's print.
function hasEarlierId(entries: readonly TimeEntryInput[], i: number): boolean {
  const id = (entries[i] as TimeEntryInput).id;
  const print = fingerprintId(id);
  idPrints[i] = print;
  for (let j = 0; j < i; j++) {
    if (idPrints[j] === print && (entries[j] as TimeEntryInput).id === id) return true;
  }
  return false;
}

/**
 * Marks repeated entry ids in `duplicateState`: a repeat identical to the first copy is skipped
 * (counted once); when the copies of one id disagree, none of them counts, because the record
 * cannot say which is true and counting either would depend on input order.
 */
function markDuplicateIds(entries: readonly TimeEntryInput[]): void {
  const n = entries.length;
  let hasDuplicates = false;
  const seen = n > LINEAR_SCAN_LIMIT ? new Map<string, number>() : null;
  for (let i = 0; i < n; i++) {
    duplicateState[i] = 0;
    const id = (entries[i] as TimeEntryInput).id;
    let first = -1;
    if (seen === null) {
      for (let j = 0; j < i; j++) {
        if ((entries[j] as TimeEntryInput).id === id) {
          first = j;
          break;
        }
      }
    } else {
      first = seen.get(id) ?? -1;
      if (first < 0) seen.set(id, i);
    }
    firstIndexOf[i] = first < 0 ? i : first;
    if (first < 0) continue;
    hasDuplicates = true;
    duplicateState[i] = 1;
    if (!isSameEntry(entries[i] as TimeEntryInput, entries[first] as TimeEntryInput)) {
      duplicateState[first] = 2;
    }
  }
  if (hasDuplicates) {
    for (let i = 0; i < n; i++) {
      if (duplicateState[firstIndexOf[i] as number] === 2) duplicateState[i] = 2;
    }
  }
}

function resetTally(tally: MinuteTally): void {
  tally.staff = 0;
  tally.practitioner = 0;
  tally.staffSeconds = 0;
  tally.practitionerSeconds = 0;
  tally.invalidEntries = 0;
  tally.firstInvalidId = "";
  tally.duplicateEntries = 0;
  tally.firstDuplicateId = "";
  tally.hasConflictingDuplicate = false;
  tally.unknownRole = 0;
  tally.unknownRoleNames = "";
  tally.invalidDates = 0;
  tally.firstInvalidDateId = "";
  tally.nonClinical = 0;
  tally.outsideMonth = 0;
  tally.offshore = 0;
  tally.beforeConsent = 0;
  tally.beforeVisit = 0;
  tally.faceToFace = 0;
  tally.countedElsewhere = 0;
  tally.countedElsewhereCodes = "";
  tally.concurrentOverlap = 0;
  tally.pendingReview = 0;
}

// Adds a name to a sorted ", "-joined list once (few distinct values; off the hot path).
function addToList(list: string, value: string): string {
  const values = list === "" ? [] : list.split(", ");
  return values.includes(value) ? list : [...values, value].sort().join(", ");
}

// Records a skipped entry in a count + smallest-id pair, so messages do not depend on order.
function noteSmallestId(current: string, count: number, id: string): string {
  return count === 0 || id < current ? id : current;
}

function noteInvalidDate(tally: MinuteTally, id: string): void {
  tally.firstInvalidDateId = noteSmallestId(tally.firstInvalidDateId, tally.invalidDates, id);
  tally.invalidDates++;
}

function noteDuplicate(tally: MinuteTally, entry: TimeEntryInput, state: number): void {
  tally.firstDuplicateId = noteSmallestId(tally.firstDuplicateId, tally.duplicateEntries, entry.id);
  tally.duplicateEntries++;
  if (state === 2) tally.hasConflictingDuplicate = true;
}

/**
 * Totals the countable time of a month into `tally` (reset first). Time counts only when its
 * entry has a unique id (an identical repeat counts once), a valid duration, a known performer
 * role that is clinical staff or the billing practitioner, a real date in the service month, on
 * or after the consent date, furnished in the US, not part of a face-to-face visit and not
 * already counted for another service (§11, §1.3, §3). Each excluded second is attributed to the
 * first failing rule in that order, then (issue 15) dated before a required initiating visit in
 * the month (`visitCutoff`), then awaiting supervisor review. `consentCutoff` is the consent date
 * when it falls in or after the month, else null (see `MonthGate`). Entries of one concurrent group are the same time: the
 * group adds its longest entry once (§11.7). Seconds are summed per lane and floored to whole
 * minutes once, at the month (never per entry, never rounded up: §11.2, §11.3). Dates are
 * compared as ISO strings; no `Date` is created.
 */
export function tallyMinutes(
  entries: readonly TimeEntryInput[],
  serviceMonth: string,
  consentCutoff: string | null,
  tally: MinuteTally,
  visitCutoff: string | null = null,
): void {
  // Ids are almost always distinct: the fast pass checks that as it goes and gives up on the
  // first repeat; only then are duplicates marked and the month tallied again.
  if (!tallyEntries(entries, serviceMonth, consentCutoff, visitCutoff, tally, false)) {
    markDuplicateIds(entries);
    tallyEntries(entries, serviceMonth, consentCutoff, visitCutoff, tally, true);
  }
}

/**
 * One tallying pass. With `isMarked` false it returns false as soon as an id repeats (the
 * caller marks duplicates and calls again with `isMarked` true); otherwise it returns true.
 */
function tallyEntries(
  entries: readonly TimeEntryInput[],
  serviceMonth: string,
  consentCutoff: string | null,
  visitCutoff: string | null,
  tally: MinuteTally,
  isMarked: boolean,
): boolean {
  if (!isMarked && entries.length > LINEAR_SCAN_LIMIT) return false;
  resetTally(tally);
  groupCount = 0;
  // Locals rather than tally fields inside the loop: keeps the hot loop in registers.
  let staff = 0;
  let practitioner = 0;
  let nonClinical = 0;
  let outsideMonth = 0;
  let offshore = 0;
  let beforeConsent = 0;
  let beforeVisit = 0;
  let faceToFace = 0;
  let pendingReview = 0;
  let groupedRaw = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as TimeEntryInput;
    if (!isMarked) {
      if (hasEarlierId(entries, i)) return false;
    } else if (duplicateState[i] !== 0) {
      noteDuplicate(tally, entry, duplicateState[i] as number);
      continue;
    }
    const seconds = readEntrySeconds(entry);
    const role = entry.performerRole;
    const date = entry.performedOn;
    if (seconds < 0) {
      tally.firstInvalidId = noteSmallestId(tally.firstInvalidId, tally.invalidEntries, entry.id);
      tally.invalidEntries++;
    } else if (role !== "clinical_staff" && role !== "billing_practitioner") {
      if (role === "non_clinical") nonClinical += seconds;
      else {
        tally.unknownRole += seconds;
        tally.unknownRoleNames = addToList(tally.unknownRoleNames, `"${String(role)}"`);
      }
    } else if (!isInMonth(date, serviceMonth)) {
      if (isIsoDate(date)) outsideMonth += seconds;
      else noteInvalidDate(tally, entry.id);
    } else if (!hasValidDay(date, serviceMonth)) noteInvalidDate(tally, entry.id);
    else if (!entry.performerInUS) offshore += seconds;
    else if (consentCutoff !== null && date < consentCutoff) beforeConsent += seconds;
    else if (entry.partOfFaceToFaceVisit === true) faceToFace += seconds;
    else if (entry.countedForService != null && entry.countedForService.trim() !== "") {
      tally.countedElsewhere += seconds;
      const code = normalizeCode(entry.countedForService);
      tally.countedElsewhereCodes = addToList(tally.countedElsewhereCodes, code);
    } else if (visitCutoff !== null && date < visitCutoff) beforeVisit += seconds;
    else if (entry.pendingReview === true) pendingReview += seconds;
    else {
      const isPractitioner = role === "billing_practitioner";
      if (entry.concurrentGroup != null) {
        addToGroup(entry.concurrentGroup, seconds, isPractitioner);
        groupedRaw += seconds;
      } else {
        staff += seconds;
        if (isPractitioner) practitioner += seconds;
      }
    }
  }
  let groupedCounted = 0;
  for (let i = 0; i < groupCount; i++) {
    groupedCounted += groupStaffMax[i] as number;
    practitioner += groupPractitionerMax[i] as number;
  }
  tally.staffSeconds = staff + groupedCounted;
  tally.practitionerSeconds = practitioner;
  tally.staff = Math.floor(tally.staffSeconds / 60);
  tally.practitioner = Math.floor(practitioner / 60);
  tally.nonClinical = nonClinical;
  tally.outsideMonth = outsideMonth;
  tally.offshore = offshore;
  tally.beforeConsent = beforeConsent;
  tally.beforeVisit = beforeVisit;
  tally.faceToFace = faceToFace;
  tally.pendingReview = pendingReview;
  tally.concurrentOverlap = groupedRaw - groupedCounted;
  return true;
}

// "N minutes ... does/do": the duration and its verb agreement for the messages below.
function describe(seconds: number, singular: string, plural: string): string {
  return `${formatDuration(seconds)} ${agreeDuration(seconds, singular, plural)}`;
}

function countEntries(count: number): string {
  return count === 1 ? "1 entry" : `${count} entries`;
}

/** Appends one warning per exclusion reason, with the time and dates a biller can check. */
export function pushMinuteFindings(
  tally: MinuteTally,
  serviceMonth: string,
  consentDate: string | null,
  findings: Finding[],
  visitDate: string | null = null,
): void {
  if (tally.duplicateEntries > 0) {
    const what = tally.hasConflictingDuplicate
      ? "copies with different details; none of the disagreeing copies count until the record is corrected"
      : "identical copies; each entry counts once";
    const text = `${countEntries(tally.duplicateEntries)} repeat an entry id already listed (e.g. entry ${tally.firstDuplicateId}): ${what}.`;
    findings.push(createFinding("duplicate_entry_id", text));
  }
  if (tally.invalidEntries > 0) {
    const entries = `${countEntries(tally.invalidEntries)} ${tally.invalidEntries === 1 ? "has" : "have"}`;
    findings.push(
      createFinding(
        "invalid_minutes",
        `${entries} a duration that is not valid (seconds must be a whole number of at least 0, minutes a positive number) (e.g. entry ${tally.firstInvalidId}); ignored.`,
      ),
    );
  }
  if (tally.unknownRole > 0 || tally.unknownRoleNames !== "") {
    const text = `${describe(tally.unknownRole, "was", "were")} logged by an unknown performer role (${tally.unknownRoleNames}) and ${agreeDuration(tally.unknownRole, "does", "do")} not count; only clinical staff and the billing practitioner count.`;
    findings.push(createFinding("unknown_performer_role", text));
  }
  if (tally.invalidDates > 0) {
    const text = `${countEntries(tally.invalidDates)} ${tally.invalidDates === 1 ? "has" : "have"} a date that is not a real YYYY-MM-DD date (e.g. entry ${tally.firstInvalidDateId}); ignored until the date is corrected.`;
    findings.push(createFinding("invalid_entry_date", text));
  }
  if (tally.nonClinical > 0) {
    findings.push(
      createFinding(
        "non_clinical_minutes",
        `${formatDuration(tally.nonClinical)} by non-clinical staff ${agreeDuration(tally.nonClinical, "does", "do")} not count; only clinical staff and the billing practitioner count.`,
      ),
    );
  }
  if (tally.outsideMonth > 0) {
    findings.push(
      createFinding(
        "minutes_outside_month",
        `${formatDuration(tally.outsideMonth)} dated outside ${serviceMonth} ${agreeDuration(tally.outsideMonth, "does", "do")} not count; minutes cannot be pooled across months.`,
      ),
    );
  }
  if (tally.offshore > 0) {
    findings.push(
      createFinding(
        "offshore_minutes",
        `${describe(tally.offshore, "was", "were")} furnished from outside the US and ${agreeDuration(tally.offshore, "is", "are")} never billable (42 CFR 411.9).`,
      ),
    );
  }
  if (tally.beforeConsent > 0) {
    findings.push(
      createFinding(
        "minutes_before_consent",
        `Consent is dated ${consentDate ?? ""}; ${formatDuration(tally.beforeConsent)} logged before it ${agreeDuration(tally.beforeConsent, "does", "do")} not count.`,
      ),
    );
  }
  if (tally.faceToFace > 0) {
    findings.push(
      createFinding(
        "face_to_face_minutes",
        `${describe(tally.faceToFace, "was", "were")} part of a face-to-face visit; that time belongs to the visit, not CCM.`,
      ),
    );
  }
  if (tally.countedElsewhere > 0) {
    findings.push(
      createFinding(
        "minutes_counted_elsewhere",
        `${formatDuration(tally.countedElsewhere)} already ${agreeDuration(tally.countedElsewhere, "supports", "support")} ${tally.countedElsewhereCodes} and cannot count again.`,
      ),
    );
  }
  if (tally.beforeVisit > 0) {
    findings.push(
      createFinding(
        "minutes_before_initiating_visit",
        `The initiating visit was on ${visitDate ?? ""}; ${formatDuration(tally.beforeVisit)} logged before it ${agreeDuration(tally.beforeVisit, "does", "do")} not count (CCM starts at the initiating visit).`,
      ),
    );
  }
  if (tally.pendingReview > 0) {
    findings.push(
      createFinding(
        "minutes_pending_review",
        `${formatDuration(tally.pendingReview)} ${agreeDuration(tally.pendingReview, "awaits", "await")} supervisor review and ${agreeDuration(tally.pendingReview, "does", "do")} not count until approved.`,
      ),
    );
  }
  if (tally.concurrentOverlap > 0) {
    findings.push(
      createFinding(
        "concurrent_minutes",
        `${formatDuration(tally.concurrentOverlap)} overlapped other staff's time in the same activity and ${agreeDuration(tally.concurrentOverlap, "was", "were")} not counted twice.`,
      ),
    );
  }
}
