// Complex medical decision making per service month: the billing practitioner's attestation
// (issue 15). The close bills 99487/99489 only for a month with an attestation in force.
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { ComplexMdmAttestationView as MdmAttestation } from "@carefold/api";
import { Badge, Button, Notice, SelectField, TextField, TextareaField } from "@carefold/ui";
import { formatDate } from "./labels";

export interface MdmMonth {
  serviceMonth: string;
  label: string;
  attestations: MdmAttestation[];
}

const LEVEL = { moderate: "Moderate", high: "High" } as const;

type Reply = { ok?: boolean; message?: string | null; fieldErrors?: Record<string, string> };

function WithdrawForm({ attestation, action }: { attestation: MdmAttestation; action: string }) {
  const fetcher = useFetcher<Reply>();
  return (
    <fetcher.Form method="post" action={action} className="mt-2 flex flex-wrap items-end gap-2">
      <input type="hidden" name="intent" value="withdraw-mdm" />
      <input type="hidden" name="attestationId" value={attestation.id} />
      <TextField label="Reason for withdrawing" name="reason" size="sm" required maxLength={500} className="min-w-56" />
      <Button type="submit" variant="secondary" size="sm" disabled={fetcher.state !== "idle"}>
        Withdraw
      </Button>
      {fetcher.data?.message ? <p className="w-full text-xs text-danger-700">{fetcher.data.message}</p> : null}
    </fetcher.Form>
  );
}

export function ComplexMdmCard({ months, canAttest, action, today }: { months: MdmMonth[]; canAttest: boolean; action: string; today: string }) {
  const fetcher = useFetcher<Reply>();
  const form = useRef<HTMLFormElement>(null);
  const errors = fetcher.data?.fieldErrors ?? {};
  // A saved attestation clears the form (the month it documented leaves the month list).
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) form.current?.reset();
  }, [fetcher.state, fetcher.data]);
  const open = months.filter((m) => !m.attestations.some((a) => a.inForce));
  return (
    <div className="space-y-4">
      <ul className="space-y-2" data-testid="mdm-attestations">
        {months.map((month) => {
          const shown = month.attestations;
          return (
            <li key={month.serviceMonth} className="rounded-lg border border-neutral-200 px-3.5 py-3">
              <p className="text-sm font-medium text-ink-900">{month.label}</p>
              {shown.length === 0 ? (
                <p className="mt-0.5 text-xs text-ink-600">Not documented: the month bills non-complex CCM codes.</p>
              ) : (
                <ul className="mt-1.5 space-y-2">
                  {shown.map((a) => (
                    <li key={a.id} data-testid="mdm-attestation">
                      <div className="flex flex-wrap items-center gap-2">
                        <span className="text-compact text-ink-800">
                          {LEVEL[a.mdmLevel]} MDM on {formatDate(a.decidedOn)} · {a.practitioner}
                        </span>
                        {a.inForce ? <Badge tone="success">In force</Badge> : a.withdrawn ? <Badge tone="neutral">Withdrawn</Badge> : <Badge tone="warning">Not the billing practitioner</Badge>}
                      </div>
                      {a.note ? <p className="mt-0.5 text-xs text-ink-600">{a.note}</p> : null}
                      {a.withdrawn ? <p className="mt-0.5 text-xs text-ink-600">Withdrawn: {a.withdrawn.reason}</p> : null}
                      {canAttest && a.inForce ? <WithdrawForm attestation={a} action={action} /> : null}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>

      {canAttest && open.length > 0 ? (
        <fetcher.Form ref={form} method="post" action={action} className="space-y-3 border-t border-neutral-200 pt-4" aria-label="Attest complex medical decision making">
          <input type="hidden" name="intent" value="attest-mdm" />
          {fetcher.data?.message ? <Notice tone="danger" live>{fetcher.data.message}</Notice> : null}
          {fetcher.data?.ok ? <Notice tone="success" live>Complex MDM documented. The next close bills the complex codes when the minutes reach 60.</Notice> : null}
          <div className="grid gap-3 sm:grid-cols-2">
            <SelectField label="Service month" name="serviceMonth" defaultValue={open[0]!.serviceMonth} error={errors.serviceMonth}>
              {open.map((m) => (
                <option key={m.serviceMonth} value={m.serviceMonth}>{m.label}</option>
              ))}
            </SelectField>
            <SelectField label="Level of medical decision making" name="mdmLevel" defaultValue="moderate" error={errors.mdmLevel}>
              <option value="moderate">Moderate</option>
              <option value="high">High</option>
            </SelectField>
          </div>
          <TextField label="Date of the decision" name="decidedOn" type="date" max={today} required error={errors.decidedOn} hint="Inside the service month, not in the future." />
          <TextareaField label="Note (optional)" name="note" rows={2} maxLength={1000} error={errors.note} />
          <Button type="submit" disabled={fetcher.state !== "idle"}>Attest complex MDM</Button>
        </fetcher.Form>
      ) : null}
      {!canAttest ? <p className="text-xs text-ink-600">Only the patient's billing practitioner documents complex MDM.</p> : null}
    </div>
  );
}
