import { Link } from "@remix-run/react";
import { ArrowRight, CircleCheck } from "lucide-react";
import { Badge, EmptyState, type Tone } from "@carefold/ui";

export interface MonthEndFixList {
  clinic: string;
  serviceMonth: string;
  patients: { patientId: string; name: string; status: string; staffMinutes: number; fixes: { code: string; action: string; message: string }[] }[];
}

const STATUS: Record<string, { label: string; tone: Tone }> = {
  blocked: { label: "Blocked", tone: "danger" },
  billable: { label: "Bills less", tone: "warning" },
  below_threshold: { label: "Below threshold", tone: "muted" },
};

/** Where each fix is made in the workspace; MDM is the billing practitioner's (portal). */
function actionFor(action: string, patientId: string): { label: string; to: string | null } {
  switch (action) {
    case "record_visit":
      return { label: "Record the visit", to: `/patients/${patientId}#visits` };
    case "record_consent":
      return { label: "Record consent", to: `/patients/${patientId}` };
    case "care_plan":
      return { label: "Complete the care plan", to: `/patients/${patientId}/care-plan` };
    case "share_care_plan":
      return { label: "Record the copy given", to: `/patients/${patientId}/care-plan` };
    case "review_time":
      return { label: "Review the time", to: "/time-review" };
    case "add_coverage":
      // The chart's coverage section (issue 24, h24cov) is where coverage is added or corrected.
      return { label: "Add the patient's coverage", to: `/patients/${patientId}#coverage` };
    default:
      return { label: "The billing practitioner documents MDM in the portal", to: null };
  }
}

/**
 * The worklist's "fix before month end" filter: a clinic's patients whose month will block (or
 * bill less), from the close's own evaluation, each with the link that clears it (issue 15).
 */
export function MonthEndFixes({ list, monthLabel }: { list: MonthEndFixList; monthLabel: string }) {
  if (list.patients.length === 0) {
    return (
      <EmptyState icon={CircleCheck} size="sm" headingLevel={2} title={`Nothing to fix for ${monthLabel}`}>
        Every enrolled patient of {list.clinic} has what the close needs so far.
      </EmptyState>
    );
  }
  return (
    <ul aria-label="Fix before month end" className="divide-y divide-neutral-100">
      {list.patients.map((p) => {
        const status = STATUS[p.status] ?? { label: p.status, tone: "neutral" as Tone };
        return (
          <li key={p.patientId} className="space-y-1.5 px-3 py-2.5" data-testid="month-end-fix">
            <div className="flex items-center justify-between gap-2">
              <Link to={`/?fix=1&patient=${p.patientId}`} className="truncate text-compact font-medium text-ink-900 hover:underline">
                {p.name}
              </Link>
              <Badge tone={status.tone} icon={null}>
                {status.label} · <span className="tabular">{p.staffMinutes}</span> min
              </Badge>
            </div>
            {p.fixes.map((f) => {
              const a = actionFor(f.action, p.patientId);
              return (
                <div key={f.code} className="space-y-1">
                  <p className="text-2xs text-ink-600">{f.message}</p>
                  {a.to ? (
                    <Link to={a.to} className="inline-flex items-center gap-1 text-2xs font-semibold text-brand-700 hover:underline" aria-label={`${a.label} for ${p.name}`}>
                      {a.label}
                      <ArrowRight aria-hidden="true" className="size-3" />
                    </Link>
                  ) : (
                    <p className="text-2xs text-ink-500">{a.label}</p>
                  )}
                </div>
              );
            })}
          </li>
        );
      })}
    </ul>
  );
}
