import { useId, type ReactNode } from "react";
import { cn } from "../cn.js";

export type ProgressTone = "brand" | "success" | "warning" | "danger" | "muted";

const fills: Record<ProgressTone, string> = {
  brand: "bg-brand-600",
  success: "bg-success-600",
  warning: "bg-warning-500",
  danger: "bg-danger-600",
  muted: "bg-muted-500",
};

export interface ProgressBarProps {
  /** Visible label; also names the progressbar for assistive technology. */
  label: ReactNode;
  value: number;
  /** Defaults to the last tick, or 100 without ticks. */
  max?: number;
  /** Threshold marks, e.g. [20, 40, 60] minutes for CCM. */
  ticks?: number[];
  /** Unit for the tick labels and the default value text ("min"). */
  unit?: string;
  /** Text read by screen readers and shown at the right, e.g. "12 of 20 min". */
  valueText?: string;
  /** Colour of the fill: success once a threshold is reached, warning when at risk. */
  tone?: ProgressTone;
  /** Hide the label row (when a surrounding heading already names the bar). */
  hideLabel?: boolean;
  className?: string;
}

export function ProgressBar({
  label,
  value,
  max,
  ticks = [],
  unit = "",
  valueText,
  tone = "brand",
  hideLabel,
  className,
}: ProgressBarProps) {
  const id = useId();
  const labelId = `${id}-label`;
  const top = max ?? (ticks.length > 0 ? Math.max(...ticks) : 100);
  const clamped = Math.min(Math.max(value, 0), top);
  const pct = top > 0 ? (clamped / top) * 100 : 0;
  const suffix = unit ? ` ${unit}` : "";
  const nextTick = ticks.find((t) => t > value);
  const text =
    valueText ?? (nextTick != null ? `${value} of ${nextTick}${suffix}` : `${value}${suffix}`);

  return (
    <div className={cn("w-full", className)}>
      <div
        className={cn("mb-1.5 flex items-baseline justify-between gap-3", hideLabel && "sr-only")}
      >
        <span id={labelId} className="text-compact font-medium text-ink-700">
          {label}
        </span>
        <span className="tabular text-compact text-ink-600" aria-hidden="true">
          {text}
        </span>
      </div>
      <div
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={top}
        aria-valuenow={clamped}
        aria-valuetext={text}
        className="relative h-2.5 w-full overflow-hidden rounded-full bg-neutral-200"
      >
        <div
          className={cn("h-full rounded-full transition-[width] duration-300", fills[tone])}
          style={{ width: `${pct}%` }}
        />
        {ticks
          .filter((t) => t > 0 && t < top)
          .map((t) => (
            <span
              key={t}
              aria-hidden="true"
              className={cn(
                "absolute inset-y-0 w-0.5 -translate-x-1/2",
                t <= value ? "bg-white/90" : "bg-neutral-400",
              )}
              style={{ left: `${(t / top) * 100}%` }}
            />
          ))}
      </div>
      {ticks.length > 0 ? (
        <div className="relative mt-1 h-4" aria-hidden="true">
          {ticks.map((t) => {
            const left = top > 0 ? (t / top) * 100 : 0;
            const atEnd = left >= 100;
            return (
              <span
                key={t}
                className={cn(
                  "tabular absolute top-0 text-2xs whitespace-nowrap",
                  t <= value ? "font-semibold text-ink-800" : "text-ink-500",
                  atEnd ? "-translate-x-full" : "-translate-x-1/2",
                )}
                style={{ left: `${left}%` }}
              >
                {t}
                {atEnd ? suffix : ""}
              </span>
            );
          })}
        </div>
      ) : null}
    </div>
  );
}
