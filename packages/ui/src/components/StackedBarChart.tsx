import type { ReactNode } from "react";
import { cn } from "../cn.js";
import type { Tone } from "./Badge.js";
import { niceScale } from "./BarChart.js";

const fills: Record<Tone, string> = {
  success: "bg-success-600",
  warning: "bg-warning-500",
  danger: "bg-danger-500",
  muted: "bg-muted-500",
  brand: "bg-brand-500",
  neutral: "bg-neutral-300",
};

export interface StackedBarSegment {
  /** Key of the series (matches `series[].key`). */
  key: string;
  value: number;
}

export interface StackedBarRow {
  label: string;
  /** Small text under the label. */
  hint?: ReactNode;
  segments: StackedBarSegment[];
  /** Text at the end of the row (defaults to the total). */
  total?: ReactNode;
}

export interface StackedBarChartProps {
  title: ReactNode;
  /** What the bars count ("patients"). */
  unit: string;
  /** The parts of each bar, in drawing order, with their colour and legend text. */
  series: { key: string; label: string; tone: Tone }[];
  rows: StackedBarRow[];
  showCaption?: boolean;
  className?: string;
}

/**
 * Horizontal bars split into parts (e.g. a caseload into billable / worked / not yet worked), drawn
 * with plain elements like `BarChart`: a legend names the colours, and each row says its parts in
 * words for screen readers, so colour never carries the meaning alone.
 */
export function StackedBarChart({
  title,
  unit,
  series,
  rows,
  showCaption = true,
  className,
}: StackedBarChartProps) {
  const totals = rows.map((r) => r.segments.reduce((sum, s) => sum + s.value, 0));
  const { top, ticks } = niceScale(Math.max(1, ...totals));
  const labelOf = (key: string) => series.find((s) => s.key === key)?.label ?? key;
  return (
    <figure className={cn("w-full", className)}>
      <figcaption className={cn(showCaption ? "mb-2 text-compact text-ink-600" : "sr-only")}>
        {title}
      </figcaption>
      <ul aria-hidden="true" className="mb-3 flex flex-wrap gap-x-4 gap-y-1 text-2xs text-ink-600">
        {series.map((s) => (
          <li key={s.key} className="flex items-center gap-1.5">
            <span className={cn("size-2.5 rounded-sm", fills[s.tone])} />
            {s.label}
          </li>
        ))}
      </ul>
      <ul className="space-y-2.5">
        {rows.map((row, index) => (
          <li
            key={row.label}
            className="grid grid-cols-[10rem_minmax(0,1fr)_4.5rem] items-center gap-3"
          >
            <div className="min-w-0 leading-tight">
              <span className="block truncate text-compact font-medium text-ink-800">
                {row.label}
              </span>
              {row.hint != null ? (
                <span className="block text-2xs text-ink-500">{row.hint}</span>
              ) : null}
            </div>
            <div className="relative flex h-5 overflow-hidden rounded bg-neutral-100">
              {row.segments.map((segment) =>
                segment.value > 0 ? (
                  <div
                    key={segment.key}
                    aria-hidden="true"
                    title={`${labelOf(segment.key)}: ${segment.value}`}
                    className={cn(
                      "h-full border-r border-white last:border-r-0",
                      fills[series.find((s) => s.key === segment.key)?.tone ?? "neutral"],
                    )}
                    style={{ width: `${(segment.value / top) * 100}%` }}
                  />
                ) : null,
              )}
              <span className="sr-only">
                {row.segments.map((s) => `${labelOf(s.key)}: ${s.value}`).join(", ")}
              </span>
            </div>
            <span className="tabular text-right text-compact font-semibold text-ink-900">
              {row.total ?? totals[index]}
              <span className="sr-only"> {unit}</span>
            </span>
          </li>
        ))}
      </ul>
      <div
        aria-hidden="true"
        className="mt-2 grid grid-cols-[10rem_minmax(0,1fr)_4.5rem] gap-3 text-2xs text-ink-500"
      >
        <span />
        <div className="relative h-4 border-t border-neutral-300">
          {ticks.map((t, i) => (
            <span
              key={t}
              className={cn(
                "tabular absolute top-0.5",
                i === 0 ? "" : i === ticks.length - 1 ? "-translate-x-full" : "-translate-x-1/2",
              )}
              style={{ left: `${(t / top) * 100}%` }}
            >
              {t}
            </span>
          ))}
        </div>
        <span className="text-right">{unit}</span>
      </div>
    </figure>
  );
}
