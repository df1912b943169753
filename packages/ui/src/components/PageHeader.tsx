import type { ReactNode } from "react";
import { cn } from "../cn.js";

export interface PageHeaderProps {
  title: ReactNode;
  /** One or two sentences: what this page is for. */
  description?: ReactNode;
  /** Small text above the title (section or breadcrumb). */
  eyebrow?: ReactNode;
  /** Page-level actions, right-aligned. */
  actions?: ReactNode;
  /** Tighter spacing for the dense workspace. */
  compact?: boolean;
  className?: string;
}

export function PageHeader({
  title,
  description,
  eyebrow,
  actions,
  compact,
  className,
}: PageHeaderProps) {
  return (
    <div
      className={cn(
        "flex flex-wrap items-end justify-between gap-x-6 gap-y-3",
        compact ? "mb-4" : "mb-7",
        className,
      )}
    >
      <div className="min-w-0 max-w-3xl">
        {eyebrow != null ? (
          <p className="mb-1 text-xs font-semibold tracking-wide text-brand-700 uppercase">
            {eyebrow}
          </p>
        ) : null}
        <h1
          className={cn(
            "font-semibold tracking-tight text-ink-900",
            compact ? "text-xl" : "text-2xl",
          )}
        >
          {title}
        </h1>
        {description != null ? (
          <p className={cn("mt-1 text-ink-600", compact ? "text-compact" : "text-sm")}>
            {description}
          </p>
        ) : null}
      </div>
      {actions != null ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
    </div>
  );
}
