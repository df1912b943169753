import type { ReactNode } from "react";
import { cn } from "../cn.js";
import type { Tone } from "./Badge.js";

const dots: Record<Tone, string> = {
  success: "bg-success-500 ring-success-100",
  warning: "bg-warning-500 ring-warning-100",
  danger: "bg-danger-500 ring-danger-100",
  muted: "bg-muted-500 ring-muted-100",
  brand: "bg-brand-500 ring-brand-100",
  neutral: "bg-neutral-400 ring-neutral-100",
};

export interface TimelineItem {
  id: string;
  /** What happened ("Moved to Enrolled"). */
  title: ReactNode;
  /** When, e.g. a RelativeTime. */
  time?: ReactNode;
  /** Who, why, notes. */
  description?: ReactNode;
  tone?: Tone;
}

/** Events in order, as an ordered list with a line and dots (the dot's meaning is in the title). */
export function Timeline({
  items,
  dense,
  className,
}: {
  items: TimelineItem[];
  dense?: boolean;
  className?: string;
}) {
  return (
    <ol className={cn("relative", className)}>
      {items.map((item, index) => (
        <li
          key={item.id}
          className={cn(
            "relative flex gap-3",
            index < items.length - 1 && (dense ? "pb-3" : "pb-4"),
          )}
        >
          {index < items.length - 1 ? (
            <span
              aria-hidden="true"
              className="absolute top-4 bottom-0 left-[0.3125rem] w-px bg-neutral-200"
            />
          ) : null}
          <span
            aria-hidden="true"
            className={cn(
              "relative mt-1.5 size-2.5 shrink-0 rounded-full ring-4",
              dots[item.tone ?? "neutral"],
            )}
          />
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-baseline justify-between gap-x-3">
              <p className={cn("font-medium text-ink-900", dense ? "text-compact" : "text-sm")}>
                {item.title}
              </p>
              {item.time != null ? (
                <p className="text-xs whitespace-nowrap text-ink-500">{item.time}</p>
              ) : null}
            </div>
            {item.description != null ? (
              <div className={cn("mt-0.5 text-ink-600", dense ? "text-xs" : "text-compact")}>
                {item.description}
              </div>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
