// A patient's coverage (issue 24): primary and secondary in force today, the history, and the
// add / end / correct dialogs. Posts to the page's action (intents coverage-add/-end/-correct).
import { useFetcher } from "@remix-run/react";
import { History, Plus } from "lucide-react";
import { useEffect, useState } from "react";
import { Badge, Button, Dialog, Notice, SelectField, TextField, TextareaField } from "@carefold/ui";
import type { PatientCoverage, PayerOption } from "../../lib/coverage.server";
import { formatDate } from "./labels";

type Item = PatientCoverage["history"][number];

const PLAN_LABEL: Record<string, string> = {
  medicare: "Traditional Medicare",
  medicare_advantage: "Medicare Advantage",
  medigap: "Medigap",
  medicaid: "Medicaid",
  qmb: "QMB",
  commercial: "Commercial",
};
const SOURCE_LABEL: Record<string, string> = {
  manual: "Entered on the chart",
  csv_import: "Panel import (CSV)",
  fhir_import: "Panel import (FHIR)",
  eligibility: "Eligibility response",
  migrated: "Carried forward",
};
/** Plan types a payer of this kind may carry. */
const plansFor = (payerPlanType: string | undefined) => (payerPlanType === "medicaid" ? ["medicaid", "qmb"] : payerPlanType ? [payerPlanType] : Object.keys(PLAN_LABEL));
const dates = (c: Pick<Item, "effectiveFrom" | "effectiveTo">) => `${formatDate(c.effectiveFrom)} – ${c.effectiveTo ? formatDate(c.effectiveTo) : "open-ended"}`;

type Reply = { ok: true; message: string } | { ok?: false; message: string | null; fieldErrors?: Record<string, string> };
type Mode = { kind: "add" } | { kind: "end"; item: Item } | { kind: "correct"; item: Item };

function CoverageRow({ label, item, onEnd, onCorrect }: { label: string; item: Item | null; onEnd: (i: Item) => void; onCorrect: (i: Item) => void }) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid={`coverage-${label.toLowerCase()}`}>
      <div className="min-w-0">
        <p className="text-2xs font-semibold tracking-wide text-ink-500 uppercase">{label}</p>
        {item ? (
          <>
            <p className="mt-0.5 flex flex-wrap items-center gap-2 font-medium text-ink-900">
              {item.payer.name}
              <Badge tone="brand" icon={null}>{PLAN_LABEL[item.planType] ?? item.planType}</Badge>
              {item.isAssumed ? <Badge tone="warning">Assumed — verify eligibility</Badge> : null}
            </p>
            <p className="mt-0.5 text-compact text-ink-600">
              Member <span className="font-mono">{item.memberIdMasked}</span>
              {item.groupNumber ? <> · group <span className="font-mono">{item.groupNumber}</span></> : null} · {dates(item)}
            </p>
            <p className="mt-0.5 text-xs text-ink-500">{SOURCE_LABEL[item.source] ?? item.source}</p>
          </>
        ) : (
          <p className="mt-0.5 text-compact text-ink-500">None in force today</p>
        )}
      </div>
      {item ? (
        <div className="flex gap-1.5">
          <Button variant="ghost" size="sm" onClick={() => onCorrect(item)} aria-label={`Correct ${label.toLowerCase()} coverage`}>Correct</Button>
          <Button variant="ghost" size="sm" onClick={() => onEnd(item)} aria-label={`End ${label.toLowerCase()} coverage`}>End</Button>
        </div>
      ) : null}
    </div>
  );
}

export function CoverageCard({ coverage, payers, action }: { coverage: PatientCoverage; payers: PayerOption[]; action: string }) {
  const fetcher = useFetcher<Reply>({ key: "coverage" });
  const [mode, setMode] = useState<(Mode & { key: number }) | null>(null);
  const [payerId, setPayerId] = useState("");
  const [flash, setFlash] = useState<string | null>(null);
  const reply = fetcher.data;
  useEffect(() => {
    if (fetcher.state === "idle" && reply?.ok) {
      setMode(null);
      setFlash(reply.message);
    }
  }, [fetcher.state, reply]);
  const open = (m: Mode) => {
    setFlash(null);
    setPayerId(m.kind === "correct" ? m.item.payer.id : (payers[0]?.id ?? ""));
    setMode({ ...m, key: Date.now() });
  };
  const errors = reply && !reply.ok ? (reply.fieldErrors ?? {}) : {};
  const message = reply && !reply.ok ? reply.message : null;
  const payerPlan = payers.find((p) => p.id === payerId)?.planType;
  const editing = mode?.kind === "correct" ? mode.item : null;
  const superseded = coverage.history.filter((h) => h.supersededAt !== null || !h.isInForce);

  return (
    <div>
      {flash ? <Notice tone="success" className="mb-3" live>{flash}</Notice> : null}
      <div className="divide-y divide-neutral-100">
        <CoverageRow label="Primary" item={coverage.primary} onEnd={(item) => open({ kind: "end", item })} onCorrect={(item) => open({ kind: "correct", item })} />
        <CoverageRow label="Secondary" item={coverage.secondary} onEnd={(item) => open({ kind: "end", item })} onCorrect={(item) => open({ kind: "correct", item })} />
      </div>
      {coverage.upcoming.length > 0 ? (
        <p className="mt-1 text-compact text-ink-600">
          Starting later: {coverage.upcoming.map((u) => `${u.payer.name} (${u.rank}, from ${formatDate(u.effectiveFrom)})`).join("; ")}
        </p>
      ) : null}
      <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
        {superseded.length > 0 ? (
          <details className="min-w-0 flex-1 text-compact">
            <summary className="inline-flex cursor-pointer items-center gap-1.5 font-medium text-ink-700">
              <History aria-hidden="true" className="size-4" /> History ({coverage.history.length})
            </summary>
            <ul className="mt-2 space-y-1.5" aria-label="Coverage history">
              {coverage.history.map((h) => (
                <li key={h.id} className={h.supersededAt ? "text-ink-500" : "text-ink-800"}>
                  <span className="capitalize">{h.rank}</span> · {h.payer.name} · {PLAN_LABEL[h.planType] ?? h.planType} · <span className="font-mono">{h.memberIdMasked}</span> · {dates(h)}
                  {h.supersededAt ? <> — replaced {formatDate(h.supersededAt.slice(0, 10))}{h.supersedeReason ? ` (${h.supersedeReason})` : ""}</> : null}
                </li>
              ))}
            </ul>
          </details>
        ) : (
          <span />
        )}
        <Button variant="secondary" size="sm" icon={Plus} onClick={() => open({ kind: "add" })} disabled={payers.length === 0}>
          Add coverage
        </Button>
      </div>
      {payers.length === 0 ? <p className="mt-2 text-xs text-ink-500">The clinic's payer directory is empty: a clinic admin adds payers on the Payers page.</p> : null}

      <Dialog
        open={mode !== null}
        onClose={() => setMode(null)}
        size={mode?.kind === "end" ? "sm" : "md"}
        title={mode?.kind === "end" ? `End ${mode.item.payer.name} coverage` : mode?.kind === "correct" ? "Correct coverage" : "Add coverage"}
        description={mode?.kind === "end" ? "The coverage stays in the history with its end date." : mode?.kind === "correct" ? "The correction replaces this coverage; the earlier version stays in the history with your reason." : "One primary and one secondary coverage may be in force on any day."}
        footer={
          <>
            <Button variant="secondary" onClick={() => setMode(null)}>Cancel</Button>
            <Button type="submit" form="coverage-form" disabled={fetcher.state !== "idle"}>
              {fetcher.state !== "idle" ? "Saving…" : mode?.kind === "end" ? "End coverage" : mode?.kind === "correct" ? "Save correction" : "Add coverage"}
            </Button>
          </>
        }
      >
        {mode ? (
          <fetcher.Form method="post" action={action} noValidate className="space-y-4" id="coverage-form" key={mode.key}>
            <input type="hidden" name="intent" value={`coverage-${mode.kind}`} />
            {mode.kind !== "add" ? <input type="hidden" name="coverageId" value={mode.item.id} /> : null}
            {message ? <Notice tone="danger" live>{message}</Notice> : null}
            {mode.kind === "end" ? (
              <TextField label="Last day covered" name="effectiveTo" type="date" required autoFocus error={errors.effectiveTo} />
            ) : (
              <>
                <div className="grid gap-4 sm:grid-cols-2">
                  <SelectField label="Payer" name="payerId" value={payerId} onChange={(e) => setPayerId(e.currentTarget.value)} error={errors.payerId}>
                    {payers.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
                  </SelectField>
                  <SelectField label="Rank" name="rank" defaultValue={editing?.rank ?? "primary"} error={errors.rank}>
                    <option value="primary">Primary</option>
                    <option value="secondary">Secondary</option>
                  </SelectField>
                </div>
                <div className="grid gap-4 sm:grid-cols-2">
                  <SelectField label="Plan type" name="planType" key={payerPlan} defaultValue={editing && plansFor(payerPlan).includes(editing.planType) ? editing.planType : plansFor(payerPlan)[0]} error={errors.planType}>
                    {plansFor(payerPlan).map((p) => <option key={p} value={p}>{PLAN_LABEL[p]}</option>)}
                  </SelectField>
                  <TextField
                    label="Member id"
                    name="memberId"
                    required={!editing}
                    placeholder={editing ? `Blank keeps ${editing.memberIdMasked}` : payerPlan === "medicare" ? "The MBI, e.g. 1EG4-TE5-MK73" : "As on the member card"}
                    error={errors.memberId}
                    className="[&_input]:font-mono"
                  />
                </div>
                <div className="grid gap-4 sm:grid-cols-3">
                  <TextField label="Group number" name="groupNumber" defaultValue={editing?.groupNumber ?? ""} placeholder="Optional" error={errors.groupNumber} />
                  <TextField label="Effective from" name="effectiveFrom" type="date" required defaultValue={editing?.effectiveFrom ?? ""} error={errors.effectiveFrom} />
                  <TextField label="Effective to" name="effectiveTo" type="date" defaultValue={editing?.effectiveTo ?? ""} error={errors.effectiveTo} />
                </div>
                {mode.kind === "correct" ? <TextareaField label="Reason for the correction" name="reason" required rows={2} error={errors.reason} /> : null}
              </>
            )}
          </fetcher.Form>
        ) : null}
      </Dialog>
    </div>
  );
}
