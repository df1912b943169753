import type { ReactNode } from "react";
import { cn } from "../cn.js";

export interface DescriptionItem {
  term: ReactNode;
  /** The value; null or "" shows a muted "Not recorded". */
  detail: ReactNode;
  /** Span both columns (long values). */
  wide?: boolean;
}

/** Label / value pairs in a two-column grid (demographics, settings). */
export function DescriptionList({
  items,
  columns = 2,
  dense,
  className,
}: {
  items: DescriptionItem[];
  columns?: 1 | 2 | 3;
  dense?: boolean;
  className?: string;
}) {
  return (
    <dl
      className={cn(
        "grid gap-x-6",
        dense ? "gap-y-2.5" : "gap-y-4",
        columns === 1 ? "grid-cols-1" : columns === 2 ? "sm:grid-cols-2" : "sm:grid-cols-3",
        className,
      )}
    >
      {items.map((item, index) => (
        <div
          key={index}
          className={cn(
            "min-w-0",
            item.wide && (columns === 3 ? "sm:col-span-3" : "sm:col-span-2"),
          )}
        >
          <dt className={cn("font-medium text-ink-500", dense ? "text-2xs" : "text-xs")}>
            {item.term}
          </dt>
          <dd className={cn("mt-0.5 text-ink-900", dense ? "text-compact" : "text-sm")}>
            {item.detail == null || item.detail === "" ? (
              <span className="text-ink-500">Not recorded</span>
            ) : (
              item.detail
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
