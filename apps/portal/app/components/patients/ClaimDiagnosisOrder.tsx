// The order of the diagnoses on the patient's CCM claims (issue 16 item 1): the billing
// practitioner puts the principal diagnosis first (e.g. G30.9 before its manifestation F02.80).
// The next close reads it (problem.claim_rank); a claim carries at most 12.
import { useFetcher } from "@remix-run/react";
import { Badge, Button, Notice } from "@carefold/ui";
import type { PatientChart } from "./types";

type Reply = { ok?: boolean; message?: string | null };
type Problem = PatientChart["problems"][number];

/** Active chronic problems in claim order: ranked first (1 = principal), then the rest by code. */
export function claimOrder(problems: readonly Problem[]): Problem[] {
  return problems
    .filter((p) => p.isChronic && !p.resolvedOn)
    .sort((a, b) => (a.claimRank ?? 99) - (b.claimRank ?? 99) || a.icd10Code.localeCompare(b.icd10Code));
}

export function ClaimDiagnosisOrder({ problems, canOrder, action }: { problems: readonly Problem[]; canOrder: boolean; action: string }) {
  const fetcher = useFetcher<Reply>();
  const ordered = claimOrder(problems).slice(0, 12);
  const codes = ordered.map((p) => p.icd10Code);
  // One button per diagnosis after the first: it moves that diagnosis one place up.
  const movedUp = (index: number) => [...codes.slice(0, index - 1), codes[index]!, codes[index - 1]!, ...codes.slice(index + 1)];
  if (ordered.length === 0) return <p className="text-compact text-ink-600">No active chronic diagnosis: a claim could not be built.</p>;
  return (
    <div className="space-y-3">
      {fetcher.data?.message ? <Notice tone="danger" live>{fetcher.data.message}</Notice> : null}
      {fetcher.data?.ok ? <Notice tone="success" live>Saved. The next close puts the diagnoses on the claim in this order.</Notice> : null}
      <ol aria-label="Diagnoses on CCM claims" className="divide-y divide-neutral-200 rounded-lg border border-neutral-200">
        {ordered.map((p, index) => (
          <li key={p.id} className="flex items-center gap-3 px-3.5 py-2.5">
            <span className="w-5 text-right text-compact tabular-nums text-ink-500">{index + 1}</span>
            <span className="min-w-0 flex-1 text-compact text-ink-800">
              <span className="font-mono text-ink-900">{p.icd10Code}</span> {p.description}
            </span>
            {index === 0 ? <Badge tone="brand">Principal</Badge> : null}
            {canOrder && index > 0 ? (
              <fetcher.Form method="post" action={action}>
                <input type="hidden" name="intent" value="diagnosis-order" />
                {movedUp(index).map((code) => (
                  <input key={code} type="hidden" name="codes" value={code} />
                ))}
                <Button type="submit" variant="secondary" size="sm" disabled={fetcher.state !== "idle"} aria-label={`Move ${p.icd10Code} up`}>
                  Move up
                </Button>
              </fetcher.Form>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
