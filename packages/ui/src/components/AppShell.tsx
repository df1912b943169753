import type { ReactNode } from "react";
import { cn } from "../cn.js";
import { SkipLink } from "./SkipLink.js";

export interface AppShellProps {
  sidebar: ReactNode;
  topBar: ReactNode;
  children: ReactNode;
  className?: string;
}

/** Skip link, sidebar on the left, top bar and the main landmark on the right. */
export function AppShell({ sidebar, topBar, children, className }: AppShellProps) {
  return (
    <div className={cn("flex min-h-screen bg-neutral-50", className)}>
      <SkipLink />
      {sidebar}
      <div className="flex min-w-0 flex-1 flex-col">
        {topBar}
        <main id="main" tabIndex={-1} className="flex min-h-0 flex-1 flex-col focus:outline-none">
          {children}
        </main>
      </div>
    </div>
  );
}
