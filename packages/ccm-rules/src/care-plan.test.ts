import { describe, expect, it } from "vitest";
import { checkCarePlan, type CarePlanRecord } from "./care-plan.js";

const complete: CarePlanRecord = {
  problems: ["E11.9", "I10"],
  goals: [{ description: "Glycemic control", measure: "A1c < 8 %", targetDate: "2026-09-30" }],
  interventions: [
    { description: "Weekly glucose log review", responsibleParty: "RN care manager" },
  ],
  medicationManagement: "Reconcile monthly; metformin adherence check",
  symptomManagement: "Hypoglycemia action plan",
  coordination: [{ with: "Endocrinology", purpose: "Insulin titration" }],
  reviewDueOn: "2026-06-30",
  sharedWithPatientOn: "2026-03-03",
};

describe("checkCarePlan", () => {
  it("accepts a complete plan", () => {
    expect(checkCarePlan(complete, "2026-03-15")).toEqual([]);
  });

  it("reports a missing plan", () => {
    expect(checkCarePlan(null).map((f) => f.code)).toEqual(["care_plan_missing"]);
  });

  it("reports every missing element", () => {
    const findings = checkCarePlan({
      problems: [" "],
      goals: [],
      interventions: [],
      medicationManagement: null,
      symptomManagement: "",
      coordination: [],
      reviewDueOn: null,
      sharedWithPatientOn: "soon",
    });
    expect(findings.map((f) => f.code)).toEqual([
      "care_plan_problem_list_missing",
      "care_plan_goals_missing",
      "care_plan_interventions_missing",
      "care_plan_medication_management_missing",
      "care_plan_symptom_management_missing",
      "care_plan_coordination_missing",
      "care_plan_review_date_missing",
      "care_plan_not_shared",
    ]);
    expect(findings[1]?.message).toBe(
      "The care plan has no treatment goals; add at least one measurable goal.",
    );
  });

  it("distinguishes no measurable goal from one unmeasured goal", () => {
    const none = checkCarePlan({
      ...complete,
      goals: [{ description: "Feel better", measure: null }],
    });
    expect(none.map((f) => f.code)).toEqual(["care_plan_goals_missing"]);
    const some = checkCarePlan({
      ...complete,
      goals: [...complete.goals, { description: "Walk more" }],
    });
    expect(some).toEqual([
      {
        code: "care_plan_goal_not_measurable",
        severity: "warn",
        message: 'Goal "Walk more" has no measure; goals should be measurable.',
      },
    ]);
  });

  it("needs a responsible party for each intervention and flags an overdue review", () => {
    const findings = checkCarePlan(
      {
        ...complete,
        interventions: [
          ...complete.interventions,
          { description: "Diet referral", responsibleParty: "" },
        ],
      },
      "2026-07-01",
    );
    expect(findings.map((f) => f.message)).toEqual([
      'Intervention "Diet referral" has no responsible party; each planned intervention names who does it.',
      "The care plan review was due 2026-06-30; it is overdue as of 2026-07-01.",
    ]);
    expect(findings.map((f) => f.severity)).toEqual(["block", "warn"]);
  });
});
