import { TrendingUp } from "lucide-react";
import { Badge, ProgressBar } from "@carefold/ui";
import { RailPanel } from "../RailPanel";
import { forecastLabel, formatCents } from "./risk";

/** What `time.monthToDate` returns, as far as the workspace shows it. */
export interface MonthToDateView {
  serviceMonth: string;
  lane: string;
  countedMinutes: number;
  ticks: readonly number[];
  result: {
    lines: { code: string; units: number; amountCents: number }[];
    findings: { code: string; severity: string; message: string }[];
    next: { code: string; minutesNeeded: number } | null;
  };
  forecast: { level: string; daysLeft: number; minutesPerDayNeeded: number | null };
  /** Complex MDM attestations of the month (documented in the portal by the billing practitioner). */
  complexMdm?: { id: string; mdmLevel: string; decidedOn: string; practitioner: string; inForce: boolean; withdrawn: { reason: string } | null }[];
}

export const monthLabel = (serviceMonth: string) =>
  new Date(`${serviceMonth}-01T00:00:00Z`).toLocaleString("en-US", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });

const blocking = (mtd: MonthToDateView) =>
  mtd.result.findings.filter((f) => f.severity === "block");

/** The rail's month-to-date bar: minutes counted by the rules engine, lane ticks, next code. */
export function MonthToDatePanel({ mtd }: { mtd: MonthToDateView | null }) {
  if (!mtd) {
    return (
      <RailPanel title="This month" icon={TrendingUp}>
        <ProgressBar
          label="Minutes this month"
          value={0}
          ticks={[20, 40, 60]}
          unit="min"
          tone="muted"
        />
        <p className="mt-2 text-xs text-ink-500">Open a patient to see this month's minutes.</p>
      </RailPanel>
    );
  }
  const blocks = blocking(mtd);
  const ticks = [...mtd.ticks];
  const reached = mtd.countedMinutes >= (ticks[0] ?? 20);
  const tone = blocks.length
    ? "danger"
    : reached
      ? "success"
      : mtd.countedMinutes > 0
        ? "brand"
        : "muted";
  const next = mtd.result.next;
  const valueText = next
    ? `${mtd.countedMinutes} of ${mtd.countedMinutes + next.minutesNeeded} min`
    : `${mtd.countedMinutes} min`;
  return (
    <RailPanel title="This month" icon={TrendingUp}>
      <ProgressBar
        label={`Minutes in ${monthLabel(mtd.serviceMonth)}`}
        value={mtd.countedMinutes}
        ticks={ticks}
        unit="min"
        tone={tone}
        valueText={valueText}
      />
      <p className="mt-2 text-compact text-ink-700" data-testid="next-code">
        {next ? (
          <>
            <span className="tabular font-semibold">{next.minutesNeeded} min</span> to{" "}
            <span className="font-mono">{next.code}</span>
          </>
        ) : reached ? (
          "Every threshold of this lane is met."
        ) : (
          "No billable code yet."
        )}
      </p>
      {blocks.length ? (
        <ul className="mt-2 space-y-1.5" aria-label="Findings that block billing">
          {blocks.map((f) => (
            <li
              key={f.code}
              className="rounded-md bg-danger-50 px-2 py-1.5 text-xs text-danger-800"
            >
              <span className="font-semibold">Blocked: </span>
              {f.message}
            </li>
          ))}
        </ul>
      ) : null}
    </RailPanel>
  );
}

/** The middle column's summary of the month: billing lines, forecast, every finding verbatim. */
export function MonthSummary({ mtd }: { mtd: MonthToDateView }) {
  const forecast = forecastLabel(mtd.forecast.level);
  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-2 gap-2 @lg:grid-cols-4">
        {[
          ["Counted minutes", `${mtd.countedMinutes} min`],
          [
            "Lane",
            mtd.lane === "complex"
              ? "Complex CCM"
              : mtd.lane === "practitioner"
                ? "Practitioner"
                : "Clinical staff",
          ],
          ["Days left", String(mtd.forecast.daysLeft)],
          [
            "Needed per day",
            mtd.result.next && mtd.forecast.minutesPerDayNeeded != null
              ? `${mtd.forecast.minutesPerDayNeeded.toFixed(1)} min`
              : "—",
          ],
        ].map(([term, value]) => (
          <div key={term} className="rounded-lg border border-neutral-200 bg-white px-3 py-2">
            <dt className="text-2xs font-medium tracking-wide text-ink-500 uppercase">{term}</dt>
            <dd className="tabular mt-0.5 text-sm font-semibold text-ink-900">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="flex flex-wrap items-center gap-2 text-compact text-ink-700">
        <span>Month-end forecast:</span>
        <Badge tone={forecast.tone}>{forecast.label}</Badge>
        {mtd.result.next ? (
          <span>
            next code <span className="font-mono">{mtd.result.next.code}</span> in{" "}
            {mtd.result.next.minutesNeeded} min
          </span>
        ) : null}
      </div>
      <ComplexMdmLine mtd={mtd} />
      <section
        aria-labelledby="mtd-lines"
        className="rounded-lg border border-neutral-200 bg-white"
      >
        <h3
          id="mtd-lines"
          className="border-b border-neutral-200 px-3 py-2 text-xs font-semibold text-ink-700"
        >
          Billable so far
        </h3>
        {mtd.result.lines.length ? (
          <ul className="divide-y divide-neutral-100">
            {mtd.result.lines.map((line) => (
              <li key={line.code} className="flex justify-between gap-3 px-3 py-1.5 text-compact">
                <span>
                  <span className="font-mono">{line.code}</span> × {line.units}
                </span>
                <span className="tabular">{formatCents(line.amountCents)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="px-3 py-2 text-compact text-ink-500">Nothing billable yet this month.</p>
        )}
      </section>
      {mtd.result.findings.length ? (
        <section
          aria-labelledby="mtd-findings"
          className="rounded-lg border border-neutral-200 bg-white"
        >
          <h3
            id="mtd-findings"
            className="border-b border-neutral-200 px-3 py-2 text-xs font-semibold text-ink-700"
          >
            Findings from the billing rules
          </h3>
          <ul className="divide-y divide-neutral-100">
            {mtd.result.findings.map((f) => (
              <li
                key={f.code}
                className="flex items-start gap-2 px-3 py-1.5 text-compact text-ink-800"
              >
                <Badge
                  tone={
                    f.severity === "block" ? "danger" : f.severity === "warn" ? "warning" : "brand"
                  }
                >
                  {f.severity === "block"
                    ? "Blocks billing"
                    : f.severity === "warn"
                      ? "Warning"
                      : "Note"}
                </Badge>
                <span>{f.message}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

/**
 * Read-only: whether complex MDM is documented for the month. Coordinators cannot attest; the
 * billing practitioner does it in the portal, and the close bills 99487/99489 only then.
 */
function ComplexMdmLine({ mtd }: { mtd: MonthToDateView }) {
  const inForce = mtd.complexMdm?.find((a) => a.inForce) ?? null;
  return (
    <p className="flex flex-wrap items-center gap-2 text-compact text-ink-700" data-testid="mtd-complex-mdm">
      <span>Complex MDM:</span>
      {inForce ? (
        <>
          <Badge tone="success">Documented</Badge>
          <span>
            {inForce.mdmLevel === "high" ? "High" : "Moderate"} on {inForce.decidedOn} by {inForce.practitioner}
          </span>
        </>
      ) : (
        <>
          <Badge tone="neutral">Not documented</Badge>
          <span className="text-ink-500">the billing practitioner attests it in the portal</span>
        </>
      )}
    </p>
  );
}
