import { CircleCheck, Info, OctagonX, TriangleAlert, type LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "../cn.js";

export type NoticeTone = "info" | "success" | "warning" | "danger";

const styles: Record<NoticeTone, [string, string, LucideIcon]> = {
  info: ["border-brand-200 bg-brand-50 text-brand-900", "text-brand-600", Info],
  success: ["border-success-200 bg-success-50 text-success-800", "text-success-600", CircleCheck],
  warning: ["border-warning-200 bg-warning-50 text-warning-800", "text-warning-600", TriangleAlert],
  danger: ["border-danger-200 bg-danger-50 text-danger-800", "text-danger-600", OctagonX],
};

export interface NoticeProps {
  tone?: NoticeTone;
  title?: ReactNode;
  children?: ReactNode;
  /** Announce the notice when it appears (form results). */
  live?: boolean;
  className?: string;
}

/** An inline message: what happened and what to do. */
export function Notice({ tone = "info", title, children, live, className }: NoticeProps) {
  const [box, iconColour, Icon] = styles[tone];
  return (
    <div
      role={live ? (tone === "danger" ? "alert" : "status") : undefined}
      className={cn("flex gap-3 rounded-lg border px-4 py-3 text-compact", box, className)}
    >
      <Icon aria-hidden="true" className={cn("mt-0.5 size-4 shrink-0", iconColour)} />
      <div className="min-w-0">
        {title != null ? <p className="font-semibold">{title}</p> : null}
        {children != null ? <div className={cn(title != null && "mt-0.5")}>{children}</div> : null}
      </div>
    </div>
  );
}
