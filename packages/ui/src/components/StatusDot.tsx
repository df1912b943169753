import type { ReactNode } from "react";
import { cn } from "../cn.js";
import type { Tone } from "./Badge.js";

const dots: Record<Tone, string> = {
  success: "bg-success-500",
  warning: "bg-warning-500",
  danger: "bg-danger-500",
  muted: "bg-muted-500",
  brand: "bg-brand-500",
  neutral: "bg-neutral-400",
};

/** A small dot followed by its meaning in words. */
export function StatusDot({
  tone,
  children,
  className,
}: {
  tone: Tone;
  children: ReactNode;
  className?: string;
}) {
  return (
    <span className={cn("inline-flex items-center gap-1.5", className)}>
      <span aria-hidden="true" className={cn("size-2 shrink-0 rounded-full", dots[tone])} />
      {children}
    </span>
  );
}
