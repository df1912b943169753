import type { ReactNode } from "react";
import { cn } from "../cn.js";
import { Badge, type Tone } from "./Badge.js";
import { Card } from "./Card.js";

/** One program as the API's programChoice.forPatient returns it (the fields the card shows). */
export interface ProgramChoiceOptionView {
  program: string;
  name: string;
  status: string;
  pays: "yes" | "no" | "unknown";
  verify: boolean;
  ruleSource: string;
  ruleOrigin: "default" | "clinic";
  qualifies: boolean | null;
  lines: { code: string; units: number; amountCents: number; basis: string }[];
  reimbursementCents: number | null;
  patientShareCents: number | null;
  vendorFeeCents: number | null;
  netCents: number | null;
  reasons: string[];
  rank: number;
}

export interface ProgramChoiceView {
  serviceMonth: string;
  payer: { name: string; planType: string } | null;
  recommended: string | null;
  options: ProgramChoiceOptionView[];
  /** false: the clinic has no vendor contract for the month, so no fee is subtracted. */
  hasVendorContract?: boolean;
}

export interface ProgramChoiceCardProps {
  choice: ProgramChoiceView;
  /** Link to the clinic's payer rules (the portal's editor), shown under the list. */
  footer?: ReactNode;
  headingLevel?: 2 | 3;
  className?: string;
}

const STATUS: Record<string, { label: string; tone: Tone }> = {
  recommended: { label: "Recommended", tone: "success" },
  available: { label: "Available", tone: "brand" },
  not_billable_yet: { label: "Not billable yet", tone: "neutral" },
  payer_unknown: { label: "Payer rule unknown", tone: "warning" },
  not_qualified: { label: "Does not qualify", tone: "muted" },
  payer_does_not_pay: { label: "Payer does not pay", tone: "danger" },
  not_evaluated: { label: "Not evaluated", tone: "muted" },
  no_coverage: { label: "No coverage", tone: "warning" },
};

/** Words for a coverage's plan type (patient_coverage.plan_type). */
export const PLAN_TYPE_LABELS: Record<string, string> = {
  medicare: "Traditional Medicare",
  medicare_advantage: "Medicare Advantage",
  medigap: "Medigap",
  medicaid: "Medicaid",
  qmb: "QMB",
  commercial: "Commercial",
};

const BASIS: Record<string, string> = {
  medicare: "Medicare rate",
  contracted: "contracted rate",
  assumed_medicare: "Medicare rate, assumed",
  unpriced: "no confirmed rate",
};

/** "$66.13", "−$8.87". */
export function formatUsd(cents: number): string {
  const sign = cents < 0 ? "−" : "";
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100).toLocaleString("en-US")}.${String(abs % 100).padStart(2, "0")}`;
}

const paysText = (o: ProgramChoiceOptionView) =>
  o.pays === "yes" ? (o.verify ? "Yes, verify plan rules" : "Yes") : o.pays === "no" ? "No" : "Unknown";
const qualifiesText = (q: boolean | null) => (q === null ? "Not evaluated" : q ? "Yes" : "No");

/**
 * The patient-month's program choice: each program with whether the payer pays it, whether the
 * patient qualifies, and the expected net to the clinic (reimbursement at the payer's rates less
 * the vendor's fee). The bar under each priced program compares nets across programs on one
 * scale (the largest reimbursement); every number is also written out, so the bars are optional.
 */
export function ProgramChoiceCard({ choice, footer, headingLevel = 2, className }: ProgramChoiceCardProps) {
  const scale = Math.max(1, ...choice.options.map((o) => Math.max(o.reimbursementCents ?? 0, Math.abs(o.netCents ?? 0))));
  const payer = choice.payer
    ? `${choice.payer.name} · ${PLAN_TYPE_LABELS[choice.payer.planType] ?? choice.payer.planType}`
    : "No primary coverage in force";
  return (
    <Card
      title="Program choice"
      description={`${choice.serviceMonth} · ${payer}`}
      headingLevel={headingLevel}
      className={className}
      flush
    >
      <ol aria-label="Programs, best first" className="divide-y divide-neutral-200">
        {choice.options.map((o) => {
          const status = STATUS[o.status] ?? { label: o.status, tone: "neutral" as Tone };
          const net = o.netCents;
          return (
            <li key={o.program} className="px-5 py-3.5" data-program={o.program}>
              <div className="flex items-start justify-between gap-3">
                <div className="min-w-0">
                  <p className="text-compact font-semibold text-ink-900">
                    {o.program.toUpperCase()} <span className="font-normal text-ink-500">· {o.name}</span>
                  </p>
                  <p className="mt-0.5 text-2xs text-ink-600">
                    Pays: <span className="font-medium text-ink-800">{paysText(o)}</span>
                    {o.ruleOrigin === "clinic" ? " (clinic's rule)" : ""} · Qualifies:{" "}
                    <span className="font-medium text-ink-800">{qualifiesText(o.qualifies)}</span>
                  </p>
                </div>
                <Badge tone={status.tone}>{status.label}</Badge>
              </div>
              {net !== null && o.reimbursementCents !== null ? (
                <div className="mt-2">
                  <div aria-hidden="true" className="relative h-2.5 rounded bg-neutral-100">
                    <div
                      className="absolute inset-y-0 left-0 rounded bg-neutral-300"
                      style={{ width: `${(o.reimbursementCents / scale) * 100}%` }}
                    />
                    <div
                      className={cn("absolute inset-y-0 left-0 rounded", net >= 0 ? (o.status === "recommended" ? "bg-success-600" : "bg-brand-600") : "bg-danger-500")}
                      style={{ width: `${(Math.abs(net) / scale) * 100}%` }}
                    />
                  </div>
                  <p className="tabular mt-1 text-2xs text-ink-600">
                    {o.pays === "yes" ? "Net" : "Net if it pays"}{" "}
                    <span className="text-compact font-semibold text-ink-900">{formatUsd(net)}</span> ={" "}
                    {formatUsd(o.reimbursementCents)} expected −{" "}
                    {choice.hasVendorContract === false ? "no vendor contract" : `${formatUsd(o.vendorFeeCents ?? 0)} vendor fee`}
                    {o.patientShareCents !== null ? ` · patient share ${formatUsd(o.patientShareCents)}` : ""}
                  </p>
                  <p className="mt-0.5 text-2xs text-ink-500">
                    {o.lines.map((l) => `${l.code}${l.units > 1 ? ` ×${l.units}` : ""} (${BASIS[l.basis] ?? l.basis})`).join(", ")}
                  </p>
                </div>
              ) : null}
              <details className="mt-1.5 text-2xs text-ink-600">
                <summary className="cursor-pointer text-ink-700 select-none">Why, and the source</summary>
                {o.reasons.length > 0 ? (
                  <ul className="mt-1 list-disc space-y-0.5 pl-4">
                    {o.reasons.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                ) : null}
                <p className="mt-1 text-ink-500">Source: {o.ruleSource}</p>
              </details>
            </li>
          );
        })}
      </ol>
      {footer != null ? <div className="border-t border-neutral-200 px-5 py-3 text-2xs text-ink-600">{footer}</div> : null}
    </Card>
  );
}
