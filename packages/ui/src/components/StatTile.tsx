import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "../cn.js";
import { NoData } from "./NoData.js";

export interface StatTileProps {
  label: ReactNode;
  /** The number, already formatted; "—" (shown muted, read as "No data yet") when there is nothing to count. */
  value: ReactNode;
  /** What the number means or how it compares. */
  hint?: ReactNode;
  icon?: LucideIcon;
  className?: string;
}

export function StatTile({ label, value, hint, icon: Icon, className }: StatTileProps) {
  return (
    <div className={cn("rounded-xl border border-neutral-200 bg-white p-5 shadow-xs", className)}>
      <div className="flex items-center justify-between gap-3">
        <p className="text-compact font-medium text-ink-600">{label}</p>
        {Icon ? (
          <span className="flex size-8 items-center justify-center rounded-lg bg-neutral-100 text-ink-500">
            <Icon aria-hidden="true" className="size-4" />
          </span>
        ) : null}
      </div>
      <p className="tabular mt-2 text-3xl font-semibold tracking-tight text-ink-900">
        {value === "—" ? <NoData /> : value}
      </p>
      {hint != null ? <p className="mt-1 text-xs text-ink-500">{hint}</p> : null}
    </div>
  );
}
