/**
 * The golden month (issue 15, "Done means"): every patient-month of a seeded November 2026, each a
 * row of facts and the worksheet row the close must write for it, hand-checked against
 * docs/ccm-rules/README.md. `golden-month.int.test.ts` records the facts through the real services
 * and compares whole rows; `docs/golden-month.md` says how to read and re-check a row.
 *
 * Rates (2026, national non-facility, per unit; ccm-rules §2.2 and packages/ccm-rules rate table):
 *   non-QP: 99490 $66.13 · 99439 $50.44 · 99487 $144.29 · 99489 $78.16 · 99437 $63.13 · 99491 none
 *   QP:     99490 $66.46 · 99439 $50.69 · 99487 $145.01 · 99489 $78.55 · 99437 $63.44 · 99491 none
 * The clinic "priced" entered 99491 for 2026 at $84.50 in its fee schedule. Every clinic closes
 * with `unpricedCodes: "avoid"`: an unpriced code compares at $0 and a chosen unpriced line blocks
 * the month (rate_missing) — but a lane with an unpriced code is worth nothing as a whole, so a
 * fully priced lane bills instead when there is one (practitioner_lane_unpriced says so). Coinsurance is 20 % of the row, rounded half up to the cent.
 * Minutes: each lane sums the month's countable seconds and floors once (19:59 is 19 minutes).
 *
 * Defaults of every row unless its facts say otherwise: conditions E11.9 + I10 (2 qualifying);
 * verbal consent and enrolment on 2026-09-10; an E/M visit by the billing practitioner with CCM
 * discussed on the consent date; a complete care plan saved the day after consent, signed, and a
 * copy given in person the day after that; entries by the clinical-staff nurse, as calls with the
 * patient, logged the same day (so only entries over 60 minutes or marked `loggedOn` are flagged
 * for review, and only `left_pending` ones still wait at the close).
 *
 * The initiating visit (decision 0039, docs/ccm-rules/initiating-visit.md): CCM starts on the
 * consent (enrolment) date. The default visit is on that date, so it is owed (nothing before the
 * start) and held at the start: no November minutes precede it. A visit by the billing
 * practitioner in the year before the start means none is owed.
 */

export type ClinicKey = "office" | "qp" | "fqhc" | "priced";
export type Who = "nurse" | "nurse2" | "offshore" | "scheduler" | "doctor";
export type Activity = "patient_call" | "documentation" | "care_plan_review";

export interface EntryFact {
  /** Who logged it (default nurse): nurse/nurse2 clinical staff in the US, offshore clinical staff outside it, scheduler non-clinical, doctor the billing practitioner. */
  who?: Who;
  /** Clinic-local date; "MM-DD" means 2026-MM-DD. */
  on: string;
  /** Measured duration "m:ss". */
  lasted: string;
  /** How it was recorded (default `entry`: createTimeEntry with measured seconds). */
  via?: "entry" | "manual" | "timer";
  activity?: Activity;
  /** Entries of one row with the same key share one contact (two staff on one call). */
  contact?: string;
  /**
   * A supervisor's decision on an entry flagged for review (over 60 minutes, or back-dated beyond
   * the clinic's 7-day window), or `left_pending`: nobody reviews it before the close (the seed
   * refuses a `left_pending` entry the service did not flag).
   */
  review?: "approved" | "rejected" | "left_pending";
  /** Logged on this clinic-local date instead of the evening it was worked ("MM-DD"): more than 7 days later is back-dated. */
  loggedOn?: string;
  /** Corrected afterwards to this many minutes (correctTimeEntry). */
  correctTo?: number;
  /** Timer only: an idle stretch "m:ss"–"m:ss" after the start that the performer said was not patient time. */
  idle?: [string, string];
}

export interface Facts {
  dx?: string[];
  /** Consent date (also the enrolment date); "MM-DD" means 2026-MM-DD. */
  consent?: string;
  revokedOn?: string;
  /** A new consent (and enrolment) after the revocation. */
  reconsentOn?: string;
  /**
   * The one face-to-face visit on record; null: none. Held by the billing practitioner unless
   * `by: "other"` (a second practitioner of the clinic); CCM discussed unless `ccmDiscussed: false`.
   * Every clinic keeps the default initiating-visit setting (CCM must have been discussed).
   */
  visit?: { kind: "em_visit" | "awv" | "other"; on: string; by?: "other"; ccmDiscussed?: boolean } | null;
  /** shared (default) · not_shared (no copy given) · none · v2_after_month (a second, unshared version saved 2026-12-01) */
  plan?: "shared" | "not_shared" | "none" | "v2_after_month";
  /** Complex MDM attested by the billing practitioner for November (decided 2026-11-20), or attested and then withdrawn. */
  mdm?: "attested" | "withdrawn";
  /** Services billed for the patient-month elsewhere: the portal form, or the CSV import (code typed as given). */
  other?: { code: string; samePractitioner: boolean; via?: "form" | "csv" }[];
  entries?: EntryFact[];
  /**
   * Coverage (issue 24; default: traditional Medicare primary from 2020-01-01, member id = MBI):
   * ma_contracted — Maple MA primary, whose contract pays 99490 $70.00 in 2026 (nothing else);
   * ma_assumed — Sunrise MA primary, no contract (Medicare's amount, assumed); medigap / qmb —
   * traditional Medicare plus a Medigap / QMB (state Medicaid) secondary; lapsed — traditional
   * Medicare that ended 2026-10-31, before the date of service 2026-11-30.
   */
  coverage?: "ma_contracted" | "ma_assumed" | "medigap" | "qmb" | "lapsed";
}

/** A worksheet row as compared: lines are [code, units, cents of the line]. */
export interface ExpectedRow {
  status: "billable" | "blocked" | "below_threshold";
  lines: [string, number, number][];
  amount: number;
  coinsurance: number;
  staff: number;
  practitioner: number;
  logged: number;
  /** Finding codes, any order. */
  findings: string[];
  /** Of the coinsurance: the patient's share and the secondary's (issue 24). */
  patientShare: number;
  secondaryShare: number;
  /** How the lines were priced: medicare · contracted · assumed_medicare; null when nothing bills. */
  basis: "medicare" | "contracted" | "assumed_medicare" | null;
}

export interface GoldenRow {
  clinic: ClinicKey;
  label: string;
  facts: Facts;
  /** null: the patient has no row in this month's worksheet. */
  expected: ExpectedRow | null;
  /** The hand check: minutes, lane, amounts, coinsurance. */
  check: string;
}

const billable = (lines: [string, number, number][], coinsurance: number, staff: number, logged: number, findings: string[] = [], practitioner = 0): ExpectedRow => ({
  status: "billable",
  lines,
  amount: lines.reduce((sum, [, , cents]) => sum + cents, 0),
  coinsurance,
  staff,
  practitioner,
  logged,
  findings,
  // Traditional Medicare without a secondary: the patient owes the whole coinsurance.
  patientShare: coinsurance,
  secondaryShare: 0,
  basis: "medicare",
});
const blocked = (findings: string[], staff: number, logged: number, practitioner = 0): ExpectedRow => ({ status: "blocked", lines: [], amount: 0, coinsurance: 0, staff, practitioner, logged, findings, patientShare: 0, secondaryShare: 0, basis: null });
const below = (staff: number, logged: number, findings: string[] = ["below_threshold"]): ExpectedRow => ({ status: "below_threshold", lines: [], amount: 0, coinsurance: 0, staff, practitioner: 0, logged, findings, patientShare: 0, secondaryShare: 0, basis: null });

// The lines used most, hand-priced once (2026 non-QP).
const L99490: [string, number, number][] = [["99490", 1, 6613]]; // 1 × $66.13
const L99490_99439: [string, number, number][] = [["99490", 1, 6613], ["99439", 1, 5044]]; // $66.13 + $50.44 = $116.57
const L99490_99439x2: [string, number, number][] = [["99490", 1, 6613], ["99439", 2, 10088]]; // $66.13 + 2 × $50.44 = $167.01
// Coinsurance: 20 % × $66.13 = $13.226 → $13.23 · × $116.57 = $23.314 → $23.31 · × $167.01 = $33.402 → $33.40
const C99490 = 1323;
const C99490_99439 = 2331;
const C99490_99439x2 = 3340;

const call = (on: string, lasted: string, more: Partial<EntryFact> = {}): EntryFact => ({ on, lasted, ...more });

export const GOLDEN_ROWS: GoldenRow[] = [
  // ── Thresholds, seconds summed once per month ─────────────────────────────────────────────
  { clinic: "office", label: "Staff20", facts: { entries: [call("11-05", "20:00")] }, expected: billable(L99490, C99490, 20, 20),
    check: "1,200 s = 20 min ≥ 20 → 99490 $66.13; coinsurance $13.23" },
  { clinic: "office", label: "Staff19m59", facts: { entries: [call("11-05", "19:59")] }, expected: below(19, 19),
    check: "1,199 s = 19 min 59 s → 19 min < 20 (no rounding up) → nothing" },
  { clinic: "office", label: "Timer19m50Plus10s", facts: { entries: [call("11-06", "19:50", { via: "timer" }), call("11-13", "0:10", { via: "timer" })] }, expected: billable(L99490, C99490, 20, 20),
    check: "two timers: 1,190 s + 10 s = 1,200 s = 20 min → 99490 $66.13" },
  { clinic: "office", label: "ThreeOf13m40", facts: { entries: [call("11-03", "13:40"), call("11-10", "13:40"), call("11-17", "13:40")] }, expected: billable(L99490_99439, C99490_99439, 41, 41),
    check: "3 × 820 s = 2,460 s = 41 min → 99490 + 99439 = $116.57 (flooring each entry would give 39 min: 99490 only)" },
  { clinic: "office", label: "Fractional20m30", facts: { entries: [call("11-05", "20:30")] }, expected: billable(L99490, C99490, 20, 20),
    check: "1,230 s = 20.5 min counts its whole 20 minutes (issue 15: a fractional entry is not dropped) → 99490" },
  { clinic: "office", label: "Staff40", facts: { entries: [call("11-04", "20:00"), call("11-18", "20:00")] }, expected: billable(L99490_99439, C99490_99439, 40, 40),
    check: "40 min = 20 + one full 20 → 99490 + 99439 = $116.57; coinsurance $23.31" },
  { clinic: "office", label: "Staff60", facts: { entries: [call("11-04", "30:00"), call("11-18", "30:00")] }, expected: billable(L99490_99439x2, C99490_99439x2, 60, 60),
    check: "60 min = 20 + 2 × 20 → 99490 + 99439 × 2 = $167.01; coinsurance $33.40" },
  { clinic: "office", label: "Staff85Cap", facts: { entries: [call("11-04", "45:00"), call("11-18", "40:00")] }, expected: billable(L99490_99439x2, C99490_99439x2, 85, 85, ["minutes_above_cap"]),
    check: "85 min: 99439 capped at 2 (CMS) → $167.01; 85 − 60 = 25 min above the cap (≥ 80, so a third unit was reachable) → minutes_above_cap" },

  // ── Complex CCM: only documented complex MDM opens the complex lane ───────────────────────
  { clinic: "office", label: "Complex70Attested", facts: { mdm: "attested", entries: [call("11-04", "35:00"), call("11-18", "35:00")] },
    expected: billable([["99487", 1, 14429]], 2886, 70, 70, ["complex_pays_less"]),
    check: "attested, 70 min ≥ 60 → 99487 $144.29; add-on needs 90; non-complex would pay $167.01 > $144.29 → complex_pays_less (the code follows the documentation); 20 % = $28.858 → $28.86" },
  { clinic: "office", label: "Complex70Plain", facts: { entries: [call("11-04", "35:00"), call("11-18", "35:00")] }, expected: billable(L99490_99439x2, C99490_99439x2, 70, 70),
    check: "same 70 min without an attestation → staff lane 99490 + 99439 × 2 = $167.01 (the 60–89-minute rule)" },
  { clinic: "office", label: "Complex89Attested", facts: { mdm: "attested", entries: [call("11-04", "45:00"), call("11-18", "44:00")] },
    expected: billable([["99487", 1, 14429]], 2886, 89, 89, ["complex_pays_less"]),
    check: "attested, 89 min: 99489 needs a further full 30 (90) → 99487 alone $144.29; staff lane would be $167.01 → complex_pays_less" },
  { clinic: "office", label: "Complex90Attested", facts: { mdm: "attested", entries: [call("11-04", "45:00"), call("11-18", "45:00")] },
    expected: billable([["99487", 1, 14429], ["99489", 1, 7816]], 4449, 90, 90),
    check: "attested, 90 min → 99487 + 99489 = $144.29 + $78.16 = $222.45; 20 % = $44.49" },
  { clinic: "office", label: "Complex150Attested", facts: { mdm: "attested", entries: [call("11-03", "50:00"), call("11-12", "50:00"), call("11-24", "50:00")] },
    expected: billable([["99487", 1, 14429], ["99489", 3, 23448]], 7575, 150, 150),
    check: "attested, 150 min → 99487 + 99489 × ⌊(150 − 60) / 30⌋ = 3 → $144.29 + 3 × $78.16 = $378.77 (issue 15's example); 20 % = $75.754 → $75.75" },
  { clinic: "office", label: "Complex150Plain", facts: { entries: [call("11-03", "50:00"), call("11-12", "50:00"), call("11-24", "50:00")] },
    expected: billable(L99490_99439x2, C99490_99439x2, 150, 150, ["minutes_above_cap"]),
    check: "150 min without an attestation → 99490 + 99439 × 2 = $167.01 (issue 15's example); 90 min above the 99439 cap" },
  { clinic: "office", label: "Complex45Attested", facts: { mdm: "attested", entries: [call("11-04", "25:00"), call("11-18", "20:00")] },
    expected: billable(L99490_99439, C99490_99439, 45, 45, ["complex_fallback_to_staff"]),
    check: "attested but 45 min < 60 → falls back to the staff lane: 99490 + 99439 = $116.57, complex_fallback_to_staff" },
  { clinic: "office", label: "ComplexWithdrawn", facts: { mdm: "withdrawn", entries: [call("11-04", "45:00"), call("11-18", "45:00")] },
    expected: billable(L99490_99439x2, C99490_99439x2, 90, 90, ["minutes_above_cap"]),
    check: "attestation withdrawn before the close → not in force → staff lane $167.01; 90 − 60 = 30 min above the cap" },

  // ── The billing practitioner's own time (2026: 99491 has no national amount) ──────────────
  { clinic: "office", label: "Doctor30", facts: { entries: [call("11-05", "30:00", { who: "doctor" })] }, expected: billable(L99490, C99490, 30, 30, ["practitioner_lane_unpriced"], 30),
    check: "practitioner 30 min: 99491 unpriced in 2026 → the practitioner lane is worth nothing as a whole → staff lane 99490 $66.13 (practitioner minutes count as staff minutes); practitioner_lane_unpriced says a 99491 rate could pay more" },
  { clinic: "office", label: "Doctor29", facts: { entries: [call("11-05", "29:00", { who: "doctor" })] }, expected: billable(L99490, C99490, 29, 29, [], 29),
    check: "practitioner 29 min < 30 for 99491; counted as staff time → 99490 (spec scenario 17)" },
  { clinic: "office", label: "Doctor95", facts: { entries: [call("11-05", "50:00", { who: "doctor" }), call("11-19", "45:00", { who: "doctor" })] },
    expected: billable(L99490_99439x2, C99490_99439x2, 95, 95, ["minutes_above_cap", "practitioner_lane_unpriced"], 95),
    check: "practitioner 95 min: 99491 unpriced → practitioner lane worth nothing (its add-ons never bill without it) → staff lane 99490 + 99439 × 2 = $167.01; 35 min above the cap; practitioner_lane_unpriced" },
  { clinic: "office", label: "Doctor150", facts: { entries: [call("11-03", "50:00", { who: "doctor" }), call("11-12", "50:00", { who: "doctor" }), call("11-24", "50:00", { who: "doctor" })] },
    expected: billable(L99490_99439x2, C99490_99439x2, 150, 150, ["minutes_above_cap", "practitioner_lane_unpriced"], 150),
    check: "practitioner 150 min: 4 × 99437 ($252.52) would outweigh the staff lane, but only with 99491, which has no 2026 amount → the practitioner lane is worth nothing as a whole → the priced staff lane bills 99490 + 99439 × 2 = $167.01 (never a $0 line, never a blocked month when a priced lane exists); 90 min above the cap; practitioner_lane_unpriced asks for the rate (the priced clinic bills the same facts at $337.02)" },
  { clinic: "office", label: "DoctorPlusNurse", facts: { entries: [call("11-05", "25:00", { who: "doctor" }), call("11-12", "15:00")] },
    expected: billable(L99490_99439, C99490_99439, 40, 40, [], 25),
    check: "practitioner 25 + staff 15 distinct minutes = 40 staff-lane min → 99490 + 99439 (spec scenario 20); practitioner 25 < 30" },

  // ── Two staff on one contact; US and non-clinical time ────────────────────────────────────
  { clinic: "office", label: "TwoStaffOneCall", facts: { entries: [call("11-05", "25:00", { contact: "a" }), call("11-05", "25:00", { who: "nurse2", contact: "a" })] },
    expected: billable(L99490, C99490, 25, 50, ["concurrent_minutes"]),
    check: "two nurses on one 25-min call (one contact) count once: 25 min → 99490, not 50 (99490 + 99439); logged shows both (50)" },
  { clinic: "office", label: "CaseConference", facts: { entries: [call("11-06", "10:00", { contact: "c" }), call("11-06", "10:00", { who: "nurse2", contact: "c" }), call("11-09", "12:00")] },
    expected: billable(L99490, C99490, 22, 32, ["concurrent_minutes"]),
    check: "spec scenario 23: a 10-min conference of two nurses counts 10, plus 12 min of calls = 22 → 99490; logged 10 + 10 + 12 = 32" },
  { clinic: "office", label: "Offshore30", facts: { entries: [call("11-05", "30:00", { who: "offshore" })] }, expected: below(0, 0, ["offshore_minutes", "below_threshold"]),
    check: "30 min furnished outside the US never count (42 CFR 411.9) → 0 min; logged counts US time only → 0" },
  { clinic: "office", label: "OffshorePlusUs", facts: { entries: [call("11-05", "15:00", { who: "offshore" }), call("11-12", "20:00")] },
    expected: billable(L99490, C99490, 20, 20, ["offshore_minutes"]),
    check: "15 offshore min do not count; 20 US min → 99490" },
  { clinic: "office", label: "NonClinical30", facts: { entries: [call("11-05", "30:00", { who: "scheduler" })] }, expected: below(0, 30, ["non_clinical_minutes", "below_threshold"]),
    check: "30 min by a non-clinical scheduler never count → 0 min; logged 30" },
  { clinic: "office", label: "NonClinicalPlusNurse", facts: { entries: [call("11-05", "15:00", { who: "scheduler" }), call("11-12", "10:00")] },
    expected: below(10, 25, ["non_clinical_minutes", "below_threshold"]),
    check: "spec scenario 24: 15 scheduler + 10 nurse → 10 counted < 20 → nothing; logged 25" },

  // ── Consent ───────────────────────────────────────────────────────────────────────────────
  { clinic: "office", label: "ConsentMidMonth", facts: { consent: "11-15", visit: { kind: "em_visit", on: "10-20" }, entries: [call("11-10", "8:00"), call("11-20", "17:00")] },
    expected: below(17, 25, ["minutes_before_consent", "below_threshold"]),
    check: "spec scenario 26: consent on the 15th; the 8 min of the 10th are before it → 17 counted < 20 → nothing" },
  { clinic: "office", label: "ConsentMidMonthBills", facts: { consent: "11-10", visit: { kind: "em_visit", on: "10-20" }, entries: [call("11-05", "5:00"), call("11-18", "22:00")] },
    expected: billable(L99490, C99490, 22, 27, ["minutes_before_consent"]),
    check: "consent on the 10th: 5 min before it do not count, 22 after it do → 99490" },
  { clinic: "office", label: "RevokedThisMonth", facts: { revokedOn: "11-15", entries: [call("11-05", "25:00")] },
    expected: billable(L99490, C99490, 25, 25, ["consent_revoked_this_month"]),
    check: "spec scenario 42: revoked on the 15th, effective at month end → November bills 99490 (a warning says December will not)" },
  { clinic: "office", label: "RevokedInOctober", facts: { revokedOn: "10-20", entries: [call("11-05", "25:00")] }, expected: null,
    check: "revoked 2026-10-20, effective 2026-10-31: the enrolment ended before November → no worksheet row" },
  { clinic: "office", label: "Reconsented", facts: { consent: "06-01", revokedOn: "07-15", reconsentOn: "10-05", entries: [call("11-05", "25:00")] },
    expected: billable(L99490, C99490, 25, 25),
    check: "issue 15: a consent obtained (10-05) after an older revocation (07-15) is in force → 99490; the claim's consent date is 2026-10-05" },

  // ── Care plan, conditions, initiating visit ───────────────────────────────────────────────
  { clinic: "office", label: "NoCarePlan", facts: { plan: "none", entries: [call("11-05", "25:00")] }, expected: blocked(["care_plan_missing"], 25, 25),
    check: "no care plan → blocked; minutes still counted (25)" },
  { clinic: "office", label: "PlanNotShared", facts: { plan: "not_shared", entries: [call("11-05", "25:00")] }, expected: blocked(["care_plan_not_shared"], 25, 25),
    check: "care plan signed but no copy given to the patient → blocked (issue 15: the workspace said Billable for this)" },
  { clinic: "office", label: "PlanV2AfterMonth", facts: { plan: "v2_after_month", entries: [call("11-05", "25:00")] }, expected: billable(L99490, C99490, 25, 25),
    check: "the version in force at month end is v1 (shared); v2 saved 2026-12-01 without a copy given does not change November → 99490" },
  { clinic: "office", label: "TwoCodesOneCondition", facts: { dx: ["E11.9", "E11.65"], entries: [call("11-05", "25:00")] }, expected: blocked(["too_few_conditions"], 25, 25),
    check: "two diabetes codes are one chronic condition → 1 < 2 → blocked" },
  { clinic: "office", label: "NoVisit", facts: { visit: null, entries: [call("11-05", "25:00")] }, expected: blocked(["initiating_visit_missing"], 25, 25),
    check: "never seen by the billing practitioner: no initiating visit → blocked" },
  { clinic: "office", label: "VisitAfterFirstMinutes", facts: { consent: "11-01", visit: { kind: "em_visit", on: "11-10" }, entries: [call("11-04", "10:00"), call("11-10", "5:00"), call("11-12", "20:00")] },
    expected: billable(L99490, C99490, 25, 35, ["minutes_before_initiating_visit"]),
    check: "new patient (consent 11-01, never seen before): the visit is owed; held 11-10 by the billing practitioner with CCM discussed → CCM starts then: the 10 min of 11-04 do not count, the 5 min on the visit's day and the 20 of 11-12 do → 25 min → 99490 $66.13; logged 10 + 5 + 20 = 35" },
  { clinic: "office", label: "VisitAfterMinutesBelow", facts: { consent: "11-01", visit: { kind: "em_visit", on: "11-10" }, entries: [call("11-04", "12:00"), call("11-12", "18:00")] },
    expected: below(18, 30, ["minutes_before_initiating_visit", "below_threshold"]),
    check: "visit owed and held 11-10: the 12 min of 11-04 precede it → 18 counted < 20 → nothing (counting them would make 30 → 99490); logged 30" },
  { clinic: "office", label: "VisitByOtherPractitioner", facts: { consent: "11-01", visit: { kind: "em_visit", on: "11-05", by: "other" }, entries: [call("11-12", "25:00")] },
    expected: blocked(["initiating_visit_missing"], 25, 25),
    check: "visit owed (new patient, consent 11-01); the only visit (11-05) was held by another practitioner of the clinic, not the billing practitioner → no initiating visit by month end → blocked; 25 min still shown (no visit of the billing practitioner bounds them)" },
  { clinic: "office", label: "VisitCcmNotDiscussed", facts: { consent: "11-01", visit: { kind: "em_visit", on: "11-05", ccmDiscussed: false }, entries: [call("11-12", "25:00")] },
    expected: blocked(["initiating_visit_missing"], 25, 25),
    check: "visit owed; the billing practitioner's E/M of 11-05 did not discuss CCM, and the clinic keeps the default setting (CCM must be discussed) → not the initiating visit → blocked; 25 min shown" },
  { clinic: "office", label: "LongStandingSeenBefore", facts: { consent: "2024-01-05", visit: { kind: "em_visit", on: "2023-06-01", ccmDiscussed: false }, entries: [call("11-05", "25:00")] },
    expected: billable(L99490, C99490, 25, 25),
    check: "CCM started 2024-01-05; the billing practitioner saw the patient 2023-06-01, within the year before (on or after 2023-01-05) → no initiating visit owed, ever (CCM not discussed then does not matter; no visit since is needed) → 25 min → 99490 $66.13, no findings" },
  { clinic: "office", label: "VisitNotInitiating", facts: { visit: { kind: "other", on: "09-10" }, entries: [call("11-05", "25:00")] }, expected: blocked(["initiating_visit_missing"], 25, 25),
    check: "an encounter of kind other is not an E/M, AWV or IPPE → blocked" },

  // ── Other services the same month ─────────────────────────────────────────────────────────
  { clinic: "office", label: "PcmSamePractitioner", facts: { other: [{ code: "99424", samePractitioner: true }], entries: [call("11-05", "25:00")] },
    expected: blocked(["pcm_same_practitioner"], 25, 25), check: "PCM 99424 by the same practitioner → no CCM (spec scenario 31)" },
  { clinic: "office", label: "PcmOtherPractitioner", facts: { other: [{ code: "99424", samePractitioner: false }], entries: [call("11-05", "25:00")] },
    expected: billable(L99490, C99490, 25, 25), check: "PCM by another practitioner → CCM allowed → 99490 (spec scenario 32)" },
  { clinic: "office", label: "ApcmLowerCaseCsv", facts: { other: [{ code: "g0557", samePractitioner: true, via: "csv" }], entries: [call("11-05", "25:00")] },
    expected: blocked(["apcm_same_practitioner"], 25, 25), check: "issue 15: APCM typed g0557 in the import is APCM → blocked" },
  { clinic: "office", label: "CcmAlreadyBilled", facts: { other: [{ code: "99490", samePractitioner: true }], entries: [call("11-05", "25:00")] },
    expected: blocked(["ccm_already_billed"], 25, 25), check: "issue 15: 99490 already billed elsewhere by the same practitioner → ours would be a second claim → blocked" },
  { clinic: "office", label: "CcmBilledElsewhere", facts: { other: [{ code: "99490", samePractitioner: false }], entries: [call("11-05", "40:00")] },
    expected: blocked(["ccm_billed_elsewhere"], 40, 40), check: "another practitioner billed CCM this month → ours is not payable (spec scenario 33)" },
  { clinic: "office", label: "TcmSameMonth", facts: { other: [{ code: "99495", samePractitioner: true }], entries: [call("11-05", "25:00")] },
    expected: billable(L99490, C99490, 25, 25), check: "TCM 99495 the same month is allowed (spec scenario 34) → 99490" },
  { clinic: "office", label: "RpmSameMonth", facts: { other: [{ code: "99457", samePractitioner: true }], entries: [call("11-05", "22:00")] },
    expected: billable(L99490, C99490, 22, 22), check: "RPM 99457 the same month is allowed (spec scenario 35) → 99490" },

  // ── Review, corrections, timers, activities ───────────────────────────────────────────────
  { clinic: "office", label: "LongEntryApproved", facts: { entries: [call("11-05", "75:00", { review: "approved" })] },
    expected: billable(L99490_99439x2, C99490_99439x2, 75, 75),
    check: "a 75-min entry waits for review (over 60); the supervisor approves it → 75 min → $167.01 (75 < 80: no minutes above the cap)" },
  { clinic: "office", label: "PendingLongOnly", facts: { entries: [call("11-05", "65:00", { review: "left_pending" })] },
    expected: below(0, 65, ["minutes_pending_review", "below_threshold"]),
    check: "a 65-min entry is flagged (over 60) and still awaits review at the close → it does not count: 0 min < 20 → nothing; logged 65 (pending time is logged); warning: 65 minutes await review (approved, they would bill 99490 + 99439 × 2)" },
  { clinic: "office", label: "PendingRestBills", facts: { entries: [call("11-04", "25:00"), call("11-12", "20:00", { loggedOn: "11-27", review: "left_pending" })] },
    expected: billable(L99490, C99490, 25, 45, ["minutes_pending_review"]),
    check: "the 20 min of 11-12 were logged 11-27 (15 days later > the 7-day window → back-dated) and await review → not counted; the other 25 min bill 99490 $66.13 (with the 20 approved it would be 45 → 99490 + 99439 $116.57); logged 25 + 20 = 45" },
  { clinic: "office", label: "LongEntryRejected", facts: { entries: [call("11-05", "65:00", { review: "rejected" }), call("11-12", "12:00")] },
    expected: below(12, 12), check: "the 65-min entry is rejected → only 12 min count, and log (rejected time is not logged) → nothing" },
  { clinic: "office", label: "Corrected", facts: { entries: [call("11-05", "45:00", { correctTo: 35 })] }, expected: billable(L99490, C99490, 35, 35),
    check: "45 min corrected to 35 → 35 counted (20 + 15: no 99439) → 99490" },
  { clinic: "office", label: "TimerIdleRemoved", facts: { entries: [call("11-05", "26:00", { via: "timer", idle: ["5:00", "12:00"] })] }, expected: below(19, 19),
    check: "a 26-min timer with 7 idle minutes removed measures 19 min < 20 → nothing" },
  { clinic: "office", label: "ManualEntries", facts: { entries: [call("11-05", "12:00", { via: "manual" }), call("11-19", "9:00", { via: "manual" })] },
    expected: billable(L99490, C99490, 21, 21), check: "two manual entries 12 + 9 = 21 min → 99490" },
  { clinic: "office", label: "DocumentationOnly", facts: { entries: [call("11-05", "25:00", { activity: "documentation" })] },
    expected: billable(L99490, C99490, 25, 25, ["no_interactive_contact"]), check: "25 min of documentation → 99490, with a warning that the patient was never reached" },
  { clinic: "office", label: "NoTime", facts: {}, expected: below(0, 0), check: "enrolled, nothing logged → 0 min, nothing billable" },
  { clinic: "office", label: "OctoberOnly", facts: { entries: [call("10-14", "40:00")] }, expected: below(0, 0),
    check: "40 min dated in October belong to October; November counts 0 (no pooling across months)" },

  // ── FQHC (setting fqhc): individual codes since 2025, G0511 retired from 2025-10-01 ────────
  { clinic: "fqhc", label: "FqhcStaff25", facts: { entries: [call("11-05", "25:00")] }, expected: billable(L99490, C99490, 25, 25),
    check: "an FQHC bills the individual codes in 2026 → 99490 $66.13" },
  { clinic: "fqhc", label: "FqhcG0511", facts: { other: [{ code: "G0511", samePractitioner: true }], entries: [call("11-05", "25:00")] },
    expected: blocked(["g0511_retired"], 25, 25), check: "G0511 recorded for November 2026 (date of service 2026-11-30 ≥ 2025-10-01) → g0511_retired, blocked (spec scenario 43)" },

  // ── A qualifying APM participant (QP conversion factor) ───────────────────────────────────
  { clinic: "qp", label: "QpStaff60", facts: { entries: [call("11-04", "30:00"), call("11-18", "30:00")] },
    expected: billable([["99490", 1, 6646], ["99439", 2, 10138]], 3357, 60, 60),
    check: "spec scenario 45: QP 99490 $66.46 + 2 × $50.69 = $167.84; 20 % = $33.568 → $33.57" },
  { clinic: "qp", label: "QpComplex90", facts: { mdm: "attested", entries: [call("11-04", "45:00"), call("11-18", "45:00")] },
    expected: billable([["99487", 1, 14501], ["99489", 1, 7855]], 4471, 90, 90),
    check: "QP 99487 $145.01 + 99489 $78.55 = $223.56; 20 % = $44.712 → $44.71" },

  // ── A clinic that entered its 2026 rate for 99491 ($84.50) ────────────────────────────────
  { clinic: "priced", label: "PricedDoctor30", facts: { entries: [call("11-05", "30:00", { who: "doctor" })] },
    expected: billable([["99491", 1, 8450]], 1690, 30, 30, [], 30),
    check: "practitioner 30 min: 99491 $84.50 > 99490 $66.13 → 99491; 20 % = $16.90" },
  { clinic: "priced", label: "PricedDoctor60", facts: { entries: [call("11-04", "30:00", { who: "doctor" }), call("11-18", "30:00", { who: "doctor" })] },
    expected: billable(L99490_99439x2, C99490_99439x2, 60, 60, [], 60),
    check: "practitioner 60 min: 99491 + 99437 = $84.50 + $63.13 = $147.63 < staff lane $167.01 → 99490 + 99439 × 2" },
  { clinic: "priced", label: "PricedDoctor95", facts: { entries: [call("11-05", "50:00", { who: "doctor" }), call("11-19", "45:00", { who: "doctor" })] },
    expected: billable([["99491", 1, 8450], ["99437", 2, 12626]], 4215, 95, 95, [], 95),
    check: "practitioner 95 min: $84.50 + 2 × $63.13 = $210.76 > $167.01 → 99491 + 99437 × 2; 20 % = $42.152 → $42.15" },
  { clinic: "priced", label: "PricedDoctor150", facts: { entries: [call("11-03", "50:00", { who: "doctor" }), call("11-12", "50:00", { who: "doctor" }), call("11-24", "50:00", { who: "doctor" })] },
    expected: billable([["99491", 1, 8450], ["99437", 4, 25252]], 6740, 150, 150, ["99437_above_2"], 150),
    check: "practitioner 150 min (the office's blocked Doctor150, priced): $84.50 + 4 × $63.13 = $337.02; 4 units > 2 → 99437_above_2; 20 % = $67.404 → $67.40" },
  // ── Payers (issue 24, decisions 0050–0051): date of service 2026-11-30 ───────────────────────
  { clinic: "office", label: "MaContracted25", facts: { coverage: "ma_contracted", entries: [call("11-05", "25:00")] },
    expected: { ...billable([["99490", 1, 7000]], 1400, 25, 25, ["patient_share_assumed"]), basis: "contracted" },
    check: "Maple MA's contract: 99490 $70.00 (not Medicare's $66.13); 20 % = $14.00, shown as the patient's share but assumed (MA plans set their own cost sharing)" },
  { clinic: "office", label: "MaAssumed25", facts: { coverage: "ma_assumed", entries: [call("11-05", "25:00")] },
    expected: { ...billable(L99490, C99490, 25, 25, ["payer_rate_assumed", "patient_share_assumed"]), basis: "assumed_medicare" },
    check: "Sunrise MA has no contract: Medicare's $66.13, marked assumed (payer_rate_assumed); 20 % = $13.23, assumed" },
  { clinic: "office", label: "Medigap25", facts: { coverage: "medigap", entries: [call("11-05", "25:00")] },
    expected: { ...billable(L99490, C99490, 25, 25), patientShare: 0, secondaryShare: C99490 },
    check: "traditional Medicare $66.13; the Medigap secondary pays the $13.23 coinsurance, the patient $0" },
  { clinic: "office", label: "Qmb25", facts: { coverage: "qmb", entries: [call("11-05", "25:00")] },
    expected: { ...billable(L99490, C99490, 25, 25), patientShare: 0, secondaryShare: C99490 },
    check: "traditional Medicare $66.13; a QMB is never billed the $13.23 (SSA §1902(n)(3)(B)): Medicaid's share" },
  { clinic: "office", label: "Lapsed25", facts: { coverage: "lapsed", entries: [call("11-05", "25:00")] },
    expected: blocked(["no_coverage_in_force"], 25, 25),
    check: "Medicare ended 2026-10-31; nothing in force on 2026-11-30 → blocked (add the patient's coverage for 2026-11-30)" },
];
