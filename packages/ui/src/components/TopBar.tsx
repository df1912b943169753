import { Building2 } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "../cn.js";
import { ShellMenuButton } from "./AppShell.js";

export interface TopBarProps {
  /** The clinic the user is working in; always shown. */
  clinicName: string;
  /** Small label above the name ("Clinic", "Viewing"). */
  clinicLabel?: string;
  /** Replaces the static clinic name with a control that shows and changes it. */
  clinicSwitcher?: ReactNode;
  /** Page-independent actions (search, help) before the user menu. */
  actions?: ReactNode;
  userMenu?: ReactNode;
  dense?: boolean;
  className?: string;
}

export function TopBar({
  clinicName,
  clinicLabel = "Clinic",
  clinicSwitcher,
  actions,
  userMenu,
  dense,
  className,
}: TopBarProps) {
  return (
    <header
      className={cn(
        "sticky top-0 z-20 flex shrink-0 items-center justify-between gap-4 border-b border-neutral-200 bg-white/95 backdrop-blur",
        dense ? "h-14 px-3 sm:px-5" : "h-16 px-3 sm:px-8",
        className,
      )}
    >
      <div className="flex min-w-0 items-center gap-3">
        <ShellMenuButton />
        {clinicSwitcher ?? (
          <div className="flex min-w-0 items-center gap-3" data-testid="current-clinic">
            <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-brand-50 text-brand-600 ring-1 ring-brand-100 ring-inset">
              <Building2 aria-hidden="true" className="size-4.5" />
            </span>
            <div className="min-w-0 leading-tight">
              <p className="text-2xs font-semibold tracking-wide text-ink-500 uppercase">
                {clinicLabel}
              </p>
              <p className="truncate text-sm font-semibold text-ink-900">{clinicName}</p>
            </div>
          </div>
        )}
      </div>
      <div className="flex shrink-0 items-center gap-2">
        {actions}
        {userMenu != null ? (
          <>
            {actions != null ? (
              <span aria-hidden="true" className="mx-1 h-6 w-px bg-neutral-200" />
            ) : null}
            {userMenu}
          </>
        ) : null}
      </div>
    </header>
  );
}
