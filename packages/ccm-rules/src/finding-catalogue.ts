/**
 * The closed set of finding codes. Codes are stable API (stored with month-close results and
 * shown in audit packets): add new codes, never rename or reuse one.
 *
 * `scope: "month"` with severity `block` means nothing in the month may be billed;
 * `scope: "request"` blocks one requested line only (a G0506 request, a hand-built claim line).
 * Each row: code, default severity, scope, what it means.
 */
const CATALOGUE = [
  ["invalid_service_month", "block", "month", "serviceMonth is not YYYY-MM"],
  [
    "too_few_conditions",
    "block",
    "month",
    "fewer qualifying chronic conditions than the program needs",
  ],
  ["consent_missing", "block", "month", "no documented consent"],
  ["consent_date_invalid", "block", "month", "consent date is not a YYYY-MM-DD date"],
  ["consent_after_month", "block", "month", "consent obtained after the service month"],
  ["consent_revoked", "block", "month", "consent revoked before the service month"],
  [
    "consent_revoked_this_month",
    "warn",
    "month",
    "revoked this month: this month bills, the next does not",
  ],
  ["consent_reconfirm_due", "warn", "month", "consent older than the tenant's reconfirm period"],
  ["consent_declined", "block", "month", "the patient declined"],
  ["consent_method_missing", "block", "month", "consent method (verbal/written) not recorded"],
  ["consent_obtained_by_missing", "block", "month", "who obtained consent is not recorded"],
  ["consent_date_in_future", "warn", "month", "consent dated after the check date"],
  [
    "consent_disclosure_availability_missing",
    "block",
    "month",
    "availability / how to access not disclosed",
  ],
  ["consent_disclosure_cost_sharing_missing", "block", "month", "cost sharing not disclosed"],
  [
    "consent_disclosure_stop_any_time_missing",
    "block",
    "month",
    "right to stop (end of month) not disclosed",
  ],
  [
    "consent_disclosure_one_practitioner_missing",
    "block",
    "month",
    "one practitioner per month not disclosed",
  ],
  ["initiating_visit_missing", "block", "month", "required initiating visit not done by month end"],
  ["care_plan_missing", "block", "month", "no care plan"],
  ["care_plan_problem_list_missing", "block", "month", "care plan has no problem list"],
  ["care_plan_goals_missing", "block", "month", "care plan has no measurable goal"],
  ["care_plan_goal_not_measurable", "warn", "month", "a goal has no measure"],
  ["care_plan_interventions_missing", "block", "month", "care plan has no planned interventions"],
  [
    "care_plan_intervention_owner_missing",
    "block",
    "month",
    "an intervention has no responsible party",
  ],
  ["care_plan_medication_management_missing", "block", "month", "no medication management"],
  ["care_plan_symptom_management_missing", "block", "month", "no symptom management"],
  [
    "care_plan_coordination_missing",
    "block",
    "month",
    "no coordination with outside providers/resources",
  ],
  ["care_plan_review_date_missing", "block", "month", "no periodic review date"],
  ["care_plan_review_overdue", "warn", "month", "review date has passed"],
  ["care_plan_not_shared", "block", "month", "copy not given to patient/caregiver"],
  ["ccm_billed_elsewhere", "block", "month", "another practitioner bills CCM this month"],
  [
    "ccm_already_billed",
    "block",
    "month",
    "the same practitioner already bills a CCM code this month elsewhere",
  ],
  ["apcm_same_practitioner", "block", "month", "same practitioner bills APCM this month"],
  ["pcm_same_practitioner", "block", "month", "same practitioner bills PCM this month"],
  ["ccm_same_practitioner", "block", "month", "same practitioner bills CCM this month (PCM check)"],
  [
    "home_health_hospice_esrd_same_month",
    "block",
    "month",
    "G0181/G0182/90951–90970 this month (option)",
  ],
  ["tcm_same_month", "block", "month", "TCM this month and the tenant disallows CCM with TCM"],
  ["g0511_retired", "block", "month", "G0511 used for a month on/after the cutoff"],
  ["g0511_with_individual_codes", "block", "month", "G0511 and individual codes in one month"],
  [
    "fqhc_rhc_individual_codes_not_yet",
    "block",
    "month",
    "RHC/FQHC month before individual codes were payable",
  ],
  [
    "no_interactive_contact",
    "warn",
    "month",
    "patient not reached this month (severity per option)",
  ],
  [
    "apcm_bundled_service",
    "block",
    "month",
    "a service APCM bundles is billed by the same practitioner",
  ],
  ["apcm_billed_elsewhere", "block", "month", "another practitioner bills APCM this month"],
  ["apcm_with_tcm", "block", "month", "TCM by the same practitioner with APCM (option)"],
  ["g0506_previously_billed", "block", "request", "G0506 is once per beneficiary"],
  ["g0506_without_initiating_visit", "block", "request", "G0506 only with the initiating visit"],
  ["addon_without_base", "block", "request", "an add-on code without its own base code"],
  ["mixed_lanes", "block", "request", "codes of two lanes in one month"],
  ["duplicate_line", "block", "request", "the same code on two lines"],
  [
    "invalid_minutes",
    "warn",
    "month",
    "entry duration invalid (seconds not a whole number >= 0, or minutes not > 0); ignored",
  ],
  ["duplicate_entry_id", "warn", "month", "an entry id appears more than once; counted once"],
  ["unknown_performer_role", "warn", "month", "performer role not in the contract; not counted"],
  ["invalid_entry_date", "warn", "month", "entry date is not a real YYYY-MM-DD date; ignored"],
  ["non_clinical_minutes", "warn", "month", "non-clinical staff minutes never count"],
  ["minutes_outside_month", "warn", "month", "minutes dated outside the service month"],
  ["offshore_minutes", "warn", "month", "minutes furnished outside the US"],
  ["minutes_before_consent", "warn", "month", "minutes before the consent date"],
  [
    "minutes_before_initiating_visit",
    "warn",
    "month",
    "minutes before a required initiating visit in the month",
  ],
  ["minutes_pending_review", "warn", "month", "minutes awaiting supervisor review"],
  ["face_to_face_minutes", "warn", "month", "minutes inside a face-to-face visit"],
  ["minutes_counted_elsewhere", "warn", "month", "minutes already support another service"],
  ["concurrent_minutes", "warn", "month", "same minutes by several staff counted once"],
  ["below_threshold", "warn", "month", "not enough countable minutes for a base code yet"],
  ["complex_fallback_to_staff", "warn", "month", "complex MDM but under 60 minutes: staff lane"],
  [
    "complex_needs_substantial_revision",
    "warn",
    "month",
    "complex needs a substantially revised plan (option)",
  ],
  ["complex_pays_less", "warn", "month", "documented complex CCM pays less than non-complex would"],
  ["minutes_above_cap", "warn", "month", "minutes beyond an add-on cap are not billable"],
  ["99437_above_2", "warn", "month", "more than 2 units of 99437 (payer MUE risk)"],
  ["rate_unknown", "warn", "month", "no confirmed amount: line priced at 0"],
  [
    "practitioner_lane_unpriced",
    "warn",
    "month",
    "practitioner lane passed over: a code of it has no amount this year (option unpricedCodes: avoid)",
  ],
  [
    "rate_missing",
    "block",
    "month",
    "no amount for a billed code this year (option unpricedCodes: avoid)",
  ],
] as const;

export interface FindingDefinition {
  severity: "block" | "warn";
  scope: "month" | "request";
  about: string;
}

export type FindingCode = (typeof CATALOGUE)[number][0];

export const FINDING_CODES: readonly FindingCode[] = Object.freeze(CATALOGUE.map((row) => row[0]));

export const FINDING_DEFINITIONS: Readonly<Record<FindingCode, FindingDefinition>> = Object.freeze(
  Object.fromEntries(
    CATALOGUE.map(([code, severity, scope, about]) => [
      code,
      Object.freeze({ severity, scope, about }),
    ]),
  ) as Record<FindingCode, FindingDefinition>,
);
