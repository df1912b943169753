import { CircleCheck, CircleDashed, OctagonX, TriangleAlert, type LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "../cn.js";

/**
 * success = threshold reached / approved, warning = at risk, danger = blocked / failed,
 * muted = not started, brand = informational, neutral = plain label.
 */
export type Tone = "success" | "warning" | "danger" | "muted" | "brand" | "neutral";

const tones: Record<Tone, string> = {
  success: "bg-success-50 text-success-700 ring-success-200",
  warning: "bg-warning-50 text-warning-700 ring-warning-200",
  danger: "bg-danger-50 text-danger-700 ring-danger-200",
  muted: "bg-muted-50 text-muted-700 ring-muted-200",
  brand: "bg-brand-50 text-brand-700 ring-brand-200",
  neutral: "bg-white text-ink-700 ring-neutral-300",
};

/** Shape as well as colour, so the meaning survives colour-blindness and greyscale. */
const defaultIcons: Partial<Record<Tone, LucideIcon>> = {
  success: CircleCheck,
  warning: TriangleAlert,
  danger: OctagonX,
  muted: CircleDashed,
};

export interface BadgeProps {
  tone?: Tone;
  /** The text is required: colour never carries meaning alone. */
  children: ReactNode;
  /** Override the tone's icon, or pass null for none. */
  icon?: LucideIcon | null;
  className?: string;
}

export function Badge({ tone = "neutral", children, icon, className }: BadgeProps) {
  const Icon = icon === undefined ? defaultIcons[tone] : icon;
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        tones[tone],
        className,
      )}
    >
      {Icon ? <Icon aria-hidden="true" className="size-3.5 shrink-0" /> : null}
      {children}
    </span>
  );
}
