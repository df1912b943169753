import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "../cn.js";

export interface EmptyStateProps {
  icon?: LucideIcon;
  /** What is missing, and the next action ("No patients yet — import your panel"). */
  title: ReactNode;
  /** How to take that action, or who will. */
  children?: ReactNode;
  /** Buttons or links for the next action. */
  action?: ReactNode;
  /** Smaller padding and type, for side panels. */
  size?: "sm" | "md";
  /** Heading level of the title; defaults to h2. */
  headingLevel?: 2 | 3;
  className?: string;
}

export function EmptyState({
  icon: Icon,
  title,
  children,
  action,
  size = "md",
  headingLevel = 2,
  className,
}: EmptyStateProps) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const small = size === "sm";
  return (
    <div
      className={cn(
        "flex flex-col items-center text-center",
        small ? "px-4 py-6" : "px-6 py-12",
        className,
      )}
    >
      {Icon ? (
        <div
          className={cn(
            "mb-3 flex items-center justify-center rounded-full bg-brand-50 text-brand-600 ring-8 ring-brand-50/50",
            small ? "size-9" : "size-12",
          )}
        >
          <Icon aria-hidden="true" className={small ? "size-4.5" : "size-6"} />
        </div>
      ) : null}
      <Heading className={cn("font-semibold text-ink-900", small ? "text-compact" : "text-base")}>
        {title}
      </Heading>
      {children != null ? (
        <div className={cn("mt-1 max-w-md text-ink-600", small ? "text-xs" : "text-sm")}>
          {children}
        </div>
      ) : null}
      {action != null ? (
        <div className={cn("flex flex-wrap justify-center gap-2", small ? "mt-3" : "mt-5")}>
          {action}
        </div>
      ) : null}
    </div>
  );
}
