// Status badges for patients (same file in both apps). Colour always comes with words.
import { Badge } from "@carefold/ui";
import { carePlanStatusOf, eligibilityOf, programStatusOf } from "./labels";

export function ProgramStatusBadge({ status }: { status: string | null | undefined }) {
  const s = programStatusOf(status);
  return (
    <Badge tone={s.tone} icon={s.icon}>
      {s.label}
    </Badge>
  );
}

export function EligibilityBadge({ eligibility }: { eligibility: string | null | undefined }) {
  const e = eligibilityOf(eligibility);
  return <Badge tone={e.tone}>{e.label}</Badge>;
}

export function CarePlanStatusBadge({ status }: { status: string | null | undefined }) {
  const s = carePlanStatusOf(status);
  if (!s) return <Badge tone="muted">No care plan</Badge>;
  return <Badge tone={s.tone}>{s.label}</Badge>;
}
