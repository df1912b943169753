import { cn } from "@carefold/ui";

/**
 * A compact minutes bar for dense rows: threshold ticks, the value as text beside it (read by
 * screen readers through aria-valuetext), green once the first threshold is reached.
 */
export function MiniProgress({
  value,
  ticks,
  label,
  valueText,
}: {
  value: number;
  ticks: readonly number[];
  label: string;
  valueText: string;
}) {
  const top = Math.max(...ticks);
  const pct = Math.min(100, (Math.max(0, value) / top) * 100);
  const reached = value >= (ticks[0] ?? top);
  return (
    <div className="flex min-w-0 items-center gap-2">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={top}
        aria-valuenow={Math.min(value, top)}
        aria-valuetext={valueText}
        className="relative h-1.5 w-24 shrink-0 overflow-hidden rounded-full bg-neutral-200"
      >
        <div
          className={cn("h-full rounded-full", reached ? "bg-success-600" : "bg-brand-600")}
          style={{ width: `${pct}%` }}
        />
        {ticks
          .filter((t) => t < top)
          .map((t) => (
            <span
              key={t}
              aria-hidden="true"
              className={cn(
                "absolute inset-y-0 w-px",
                t <= value ? "bg-white/90" : "bg-neutral-400",
              )}
              style={{ left: `${(t / top) * 100}%` }}
            />
          ))}
      </div>
      <span className="tabular text-2xs whitespace-nowrap text-ink-600" aria-hidden="true">
        {valueText}
      </span>
    </div>
  );
}
