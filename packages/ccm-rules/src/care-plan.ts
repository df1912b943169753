import { isIsoDate } from "./dates.js";
import { createFinding } from "./findings.js";
import type { Finding } from "./types.js";

/** The parts of a comprehensive care plan the checks read (§7). */
export interface CarePlanRecord {
  /** Problems addressed (ICD-10-CM codes or text). */
  problems: readonly string[];
  goals: readonly { description: string; measure?: string | null; targetDate?: string | null }[];
  interventions: readonly { description: string; responsibleParty?: string | null }[];
  medicationManagement: string | null;
  symptomManagement: string | null;
  /** Coordination with outside practitioners, providers and community resources. */
  coordination: readonly { with: string; purpose?: string | null }[];
  /** When the plan is next due for periodic review, 'YYYY-MM-DD'. */
  reviewDueOn: string | null;
  /** When a copy was given to the patient and/or caregiver, 'YYYY-MM-DD'. */
  sharedWithPatientOn: string | null;
}

function isBlank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim() === "";
}

function checkGoalsAndInterventions(plan: CarePlanRecord, findings: Finding[]): void {
  const unmeasured = plan.goals.filter((goal) => isBlank(goal.measure));
  if (plan.goals.length === unmeasured.length) {
    const text =
      plan.goals.length === 0
        ? "The care plan has no treatment goals; add at least one measurable goal."
        : 'No care-plan goal is measurable; add a measure (e.g. "A1c below 8 % by June").';
    findings.push(createFinding("care_plan_goals_missing", text));
  } else if (unmeasured.length > 0) {
    const names = unmeasured.map((goal) => `"${goal.description}"`).join(", ");
    findings.push(
      createFinding(
        "care_plan_goal_not_measurable",
        `Goal ${names} has no measure; goals should be measurable.`,
      ),
    );
  }
  if (plan.interventions.length === 0) {
    findings.push(
      createFinding(
        "care_plan_interventions_missing",
        "The care plan lists no planned interventions.",
      ),
    );
  }
  const unowned = plan.interventions.filter((item) => isBlank(item.responsibleParty));
  if (unowned.length > 0) {
    const names = unowned.map((item) => `"${item.description}"`).join(", ");
    findings.push(
      createFinding(
        "care_plan_intervention_owner_missing",
        `Intervention ${names} has no responsible party; each planned intervention names who does it.`,
      ),
    );
  }
}

/**
 * Checks a care plan for the elements CMS lists for CCM (§7 [S95][S96]): problem list,
 * measurable goals, interventions each with a responsible party, medication management, symptom
 * management, coordination with outside providers/resources, a periodic review date, and a copy
 * shared with the patient or caregiver (§7 [S5][S97]). With `asOf` ('YYYY-MM-DD') a review date
 * before it is reported as overdue. Missing elements block billing; an overdue review or an
 * unmeasured goal (when another goal is measurable) warns. Returns findings; empty means complete.
 */
export function checkCarePlan(plan: CarePlanRecord | null, asOf?: string): Finding[] {
  if (plan === null) {
    return [
      createFinding(
        "care_plan_missing",
        "No care plan is on file; a care plan must exist for every month billed.",
      ),
    ];
  }
  const findings: Finding[] = [];
  if (plan.problems.filter((p) => !isBlank(p)).length === 0) {
    findings.push(
      createFinding("care_plan_problem_list_missing", "The care plan has no problem list."),
    );
  }
  checkGoalsAndInterventions(plan, findings);
  if (isBlank(plan.medicationManagement)) {
    findings.push(
      createFinding(
        "care_plan_medication_management_missing",
        "The care plan has no medication management section.",
      ),
    );
  }
  if (isBlank(plan.symptomManagement)) {
    findings.push(
      createFinding(
        "care_plan_symptom_management_missing",
        "The care plan has no symptom management section.",
      ),
    );
  }
  if (plan.coordination.length === 0) {
    findings.push(
      createFinding(
        "care_plan_coordination_missing",
        "The care plan does not say how care is coordinated with outside practitioners, providers or community resources.",
      ),
    );
  }
  if (plan.reviewDueOn === null || !isIsoDate(plan.reviewDueOn)) {
    findings.push(
      createFinding("care_plan_review_date_missing", "The care plan has no periodic review date."),
    );
  } else if (asOf !== undefined && plan.reviewDueOn < asOf) {
    findings.push(
      createFinding(
        "care_plan_review_overdue",
        `The care plan review was due ${plan.reviewDueOn}; it is overdue as of ${asOf}.`,
      ),
    );
  }
  if (plan.sharedWithPatientOn === null || !isIsoDate(plan.sharedWithPatientOn)) {
    findings.push(
      createFinding(
        "care_plan_not_shared",
        "No copy of the care plan is recorded as given to the patient or caregiver.",
      ),
    );
  }
  return findings;
}
