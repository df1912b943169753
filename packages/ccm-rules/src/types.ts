/**
 * Public input and result types of the CCM engine. The shapes marked "contract" are fixed by
 * `docs/ccm-rules/README.md`; fields added here beyond the contract are optional so callers
 * written against the contract keep compiling. At runtime an optional field may also be `null`
 * (as a database row maps it); the engine treats `null` like an absent field.
 */

/** Contract. Who furnished the minutes of a time entry. */
export type PerformerRole = "clinical_staff" | "billing_practitioner" | "non_clinical";

/** Contract. One logged block of care-management time. */
export interface TimeEntryInput {
  id: string;
  /**
   * The typed minutes (a claim). Used only when `seconds` is absent: then the whole part counts
   * (20.5 → 20 minutes). Zero, negative or non-finite minutes are ignored with an
   * `invalid_minutes` warning.
   */
  minutes: number;
  /**
   * Optional, beyond the contract's original fields (issue 14): the measured duration in whole
   * seconds (>= 0). When present it is what counts, whatever `minutes` says; anything but a
   * whole number >= 0 ignores the entry with an `invalid_minutes` warning.
   */
  seconds?: number;
  /** 'YYYY-MM-DD', clinic-local date. */
  performedOn: string;
  performerRole: PerformerRole;
  /** Time furnished from outside the US is never billable (42 CFR 411.9). */
  performerInUS: boolean;
  /** Code of another billed service these minutes already support. */
  countedForService?: string;
  /** Entries sharing a group are the same minutes by several staff: counted once (the longest). */
  concurrentGroup?: string;
  /** Inside an E/M visit: not countable. */
  partOfFaceToFaceVisit?: boolean;
  /**
   * Optional, not in the contract (issue 15): the entry awaits supervisor review (over 60
   * minutes, back-dated, new staff…). It does not count until approved; the time it would add
   * is reported as `minutes_pending_review`.
   */
  pendingReview?: boolean;
}

/** Contract. A service billed for the same patient-month by this or another practitioner. */
export interface OtherService {
  code: string;
  samePractitioner: boolean;
}

/**
 * Contract (consent). `revokedOn` takes effect at the end of its calendar month. A `revokedOn`
 * dated before `obtainedOn` belongs to an earlier consent that this one supersedes (the patient
 * revoked, then consented again), so it is ignored.
 */
export interface MonthConsent {
  obtainedOn: string;
  revokedOn?: string;
}

/** Contract. Everything the engine needs to decide one patient-month. */
export interface PatientMonthInput {
  /** 'YYYY-MM'. */
  serviceMonth: string;
  /** Conditions expected to last >= 12 months, attested. */
  qualifyingChronicConditions: number;
  consent: MonthConsent | null;
  /**
   * `completedOn` (the visit's date) also bounds the month when the visit is `required`: CCM
   * starts at the initiating visit, so minutes dated before it do not count
   * (`minutes_before_initiating_visit`). When not required it is history and changes nothing.
   */
  initiatingVisit: { required: boolean; completedOn?: string };
  /**
   * `substantiallyRevised` (optional, not in the contract) is only read when the option
   * `requireSubstantialRevisionForComplex` is on.
   */
  carePlan: { exists: boolean; substantiallyRevised?: boolean };
  /** Moderate/high MDM documented by the billing practitioner this month. */
  complexMdm: boolean;
  setting: "office" | "fqhc" | "rhc";
  otherServices: OtherService[];
  ccmBilledByAnotherPractitioner?: boolean;
  /** A G0506 request this month. */
  g0506?: { withInitiatingVisit: boolean; previouslyBilled: boolean };
  entries: TimeEntryInput[];
  /**
   * Optional, not in the contract: whether the patient or caregiver was reached interactively
   * this month. `undefined` means unknown and raises nothing; `false` raises
   * `no_interactive_contact` per the `interactiveContact` option.
   */
  hadInteractiveContact?: boolean;
}

/** Contract. Amount is national non-facility (or the tenant fee schedule), units included. */
export interface BillingLine {
  code: string;
  units: number;
  amountCents: number;
}

/** Contract. `code` is one of `FINDING_CODES`. */
export interface Finding {
  code: string;
  severity: "block" | "warn";
  message: string;
}

/** Contract. How many more countable minutes reach the next code in the lane in use. */
export interface NextThreshold {
  code: string;
  minutesNeeded: number;
}

/** Contract. The lane of time-based CCM codes used this month. */
export type CcmLane = "staff" | "complex" | "practitioner";

/** Contract. */
export interface PatientMonthResult {
  /** Null when no time-based code is billable. */
  lane: CcmLane | null;
  /** Base code first, then add-ons; a valid G0506 request comes last. */
  lines: BillingLine[];
  /**
   * `staff`: countable minutes toward the staff lanes (clinical staff plus the billing
   * practitioner acting as staff, concurrent groups counted once). `practitioner`: the
   * billing practitioner's own countable minutes (99491/99437).
   */
  countedMinutes: { staff: number; practitioner: number };
  /**
   * The same totals in seconds, before flooring: `countedMinutes` is floor(seconds / 60) per
   * lane, taken once for the month.
   */
  countedSeconds: { staff: number; practitioner: number };
  findings: Finding[];
  next: NextThreshold | null;
}
