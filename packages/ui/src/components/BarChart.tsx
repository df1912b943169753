import type { ReactNode } from "react";
import { cn } from "../cn.js";
import type { Tone } from "./Badge.js";

const fills: Record<Tone, string> = {
  success: "bg-success-600",
  warning: "bg-warning-500",
  danger: "bg-danger-500",
  muted: "bg-muted-500",
  brand: "bg-brand-600",
  neutral: "bg-neutral-400",
};

export interface BarChartBar {
  /** The category, shown as text next to its bar. */
  label: string;
  value: number;
  /** Meaning colour of the bar (the label and number always carry it in words too). */
  tone?: Tone;
  /** Small text under the label ("of 60 patients"). */
  hint?: ReactNode;
  /** Makes the label a link (e.g. to the filtered list). */
  href?: string;
}

export interface BarChartProps {
  /** Names the chart (figure caption). */
  title: ReactNode;
  /** What the bars count, for the value axis ("patients"). */
  unit: string;
  bars: BarChartBar[];
  /** Scale of the value axis; defaults to the largest value. */
  max?: number;
  /** Renders a label link; apps pass their router's link. */
  renderLink?: (props: { href: string; className: string; children: ReactNode }) => ReactNode;
  showCaption?: boolean;
  className?: string;
}

/** A value axis with round steps (1, 2 or 5 × 10ⁿ) and about four intervals, for counts. */
export function niceScale(largest: number): { top: number; ticks: number[] } {
  const raw = Math.max(largest, 1) / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const n = raw / power;
  const step = Math.max(1, (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * power);
  const top = Math.ceil(Math.max(largest, 1) / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= top; t += step) ticks.push(t);
  return { top, ticks };
}

/**
 * Horizontal bars drawn with plain elements: every bar has its label and number as text, so the
 * chart reads the same to a screen reader (as a list) and in greyscale. Pair it with a table of
 * the same numbers for people who want them exactly.
 */
export function BarChart({
  title,
  unit,
  bars,
  max,
  renderLink,
  showCaption = true,
  className,
}: BarChartProps) {
  const { top, ticks } = niceScale(Math.max(max ?? 0, ...bars.map((b) => b.value), 1));
  return (
    <figure className={cn("w-full", className)}>
      <figcaption className={cn(showCaption ? "mb-3 text-compact text-ink-600" : "sr-only")}>
        {title}
      </figcaption>
      <ul className="space-y-2.5">
        {bars.map((bar) => {
          const pct = (bar.value / top) * 100;
          const labelClass = "text-compact font-medium text-ink-800";
          return (
            <li
              key={bar.label}
              className="grid grid-cols-[10rem_minmax(0,1fr)_3.5rem] items-center gap-3"
            >
              <div className="min-w-0 leading-tight">
                {bar.href && renderLink ? (
                  renderLink({
                    href: bar.href,
                    className: cn(labelClass, "underline-offset-2 hover:underline"),
                    children: bar.label,
                  })
                ) : (
                  <span className={labelClass}>{bar.label}</span>
                )}
                {bar.hint != null ? (
                  <span className="block text-2xs text-ink-500">{bar.hint}</span>
                ) : null}
              </div>
              <div aria-hidden="true" className="relative h-5 rounded bg-neutral-100">
                <div
                  className={cn("h-full rounded", fills[bar.tone ?? "brand"])}
                  style={{ width: `${bar.value > 0 ? Math.max(pct, 1) : 0}%` }}
                />
              </div>
              <span className="tabular text-right text-compact font-semibold text-ink-900">
                {bar.value}
                <span className="sr-only"> {unit}</span>
              </span>
            </li>
          );
        })}
      </ul>
      <div
        aria-hidden="true"
        className="mt-2 grid grid-cols-[10rem_minmax(0,1fr)_3.5rem] gap-3 text-2xs text-ink-500"
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
