// The ccm-rules completeness check of a care plan, as a checklist (findings shown verbatim).
import { CircleCheck, OctagonX, TriangleAlert } from "lucide-react";
import { cn } from "@carefold/ui";
import type { Finding } from "./types";

const ITEMS: { label: string; codes: string[] }[] = [
  { label: "Problem list", codes: ["care_plan_problem_list_missing"] },
  {
    label: "Measurable goals",
    codes: ["care_plan_goals_missing", "care_plan_goal_not_measurable"],
  },
  {
    label: "Interventions, each with who is responsible",
    codes: ["care_plan_interventions_missing", "care_plan_intervention_owner_missing"],
  },
  { label: "Medication management", codes: ["care_plan_medication_management_missing"] },
  { label: "Symptom management", codes: ["care_plan_symptom_management_missing"] },
  { label: "Coordination with others", codes: ["care_plan_coordination_missing"] },
  { label: "Review date", codes: ["care_plan_review_date_missing", "care_plan_review_overdue"] },
  { label: "Copy given to the patient", codes: ["care_plan_not_shared"] },
];

export function CarePlanChecklist({ findings, dense }: { findings: Finding[]; dense?: boolean }) {
  const known = new Set(ITEMS.flatMap((i) => i.codes));
  const other = findings.filter((f) => !known.has(f.code));
  const blocking = findings.filter((f) => f.severity === "block").length;
  return (
    <div>
      <p
        className={cn(
          "mb-3 font-medium",
          dense ? "text-compact" : "text-sm",
          blocking ? "text-danger-700" : "text-success-700",
        )}
      >
        {blocking === 0
          ? "Complete: every required part is there."
          : `${blocking} required ${blocking === 1 ? "part is" : "parts are"} missing.`}
      </p>
      <ul className="space-y-2" aria-label="Care plan checklist">
        {ITEMS.map((item) => {
          const hits = findings.filter((f) => item.codes.includes(f.code));
          const worst = hits.some((f) => f.severity === "block")
            ? "block"
            : hits.length
              ? "warn"
              : "ok";
          const Icon =
            worst === "block" ? OctagonX : worst === "warn" ? TriangleAlert : CircleCheck;
          return (
            <li key={item.label} className="flex gap-2.5" data-status={worst}>
              <Icon
                aria-hidden="true"
                className={cn(
                  "mt-0.5 size-4 shrink-0",
                  worst === "block"
                    ? "text-danger-600"
                    : worst === "warn"
                      ? "text-warning-600"
                      : "text-success-600",
                )}
              />
              <div className="min-w-0">
                <p className={cn("font-medium text-ink-900", dense ? "text-compact" : "text-sm")}>
                  {item.label}
                  <span className="sr-only">
                    {worst === "block"
                      ? ": missing"
                      : worst === "warn"
                        ? ": needs attention"
                        : ": done"}
                  </span>
                </p>
                {hits.map((f) => (
                  <p
                    key={f.code}
                    className={cn(
                      "mt-0.5 text-xs",
                      f.severity === "block" ? "text-danger-700" : "text-warning-700",
                    )}
                  >
                    {f.message}
                  </p>
                ))}
              </div>
            </li>
          );
        })}
        {other.map((f) => (
          <li key={f.code} className="flex gap-2.5">
            <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-warning-600" />
            <p className="text-xs text-warning-700">{f.message}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
