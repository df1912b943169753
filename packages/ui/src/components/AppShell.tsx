import { Menu } from "lucide-react";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { cn } from "../cn.js";
import { SkipLink } from "./SkipLink.js";

export interface AppShellProps {
  sidebar: ReactNode;
  topBar: ReactNode;
  children: ReactNode;
  className?: string;
}

const NAVIGATION_ID = "app-navigation";

/** Whether the navigation drawer is open (narrow screens) and how to open it. */
const ShellNavigation = createContext<{ open: boolean; setOpen: (open: boolean) => void } | null>(
  null,
);

/**
 * Skip link, sidebar on the left, top bar and the main landmark on the right. Below the `lg`
 * breakpoint (1024 px) the sidebar would leave a phone ~130 px of page, so it becomes a drawer:
 * the top bar's menu button opens it over the page; a link, the backdrop or Escape closes it.
 */
export function AppShell({ sidebar, topBar, children, className }: AppShellProps) {
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [open]);

  return (
    <ShellNavigation.Provider value={{ open, setOpen }}>
      <div className={cn("flex min-h-screen bg-neutral-50", className)}>
        <SkipLink />
        {/* Choosing a link in the drawer navigates, so the drawer has done its job. */}
        <div
          id={NAVIGATION_ID}
          className={cn(
            open ? "fixed inset-y-0 left-0 z-40 flex shadow-xl" : "hidden",
            "lg:static lg:z-auto lg:flex lg:shadow-none",
          )}
          onClick={(event) => {
            if ((event.target as HTMLElement).closest("a")) setOpen(false);
          }}
        >
          {sidebar}
        </div>
        {open ? (
          <button
            type="button"
            aria-label="Close navigation"
            className="fixed inset-0 z-30 bg-ink-950/40 lg:hidden"
            onClick={() => setOpen(false)}
          />
        ) : null}
        <div className="flex min-w-0 flex-1 flex-col">
          {topBar}
          <main id="main" tabIndex={-1} className="flex min-h-0 flex-1 flex-col focus:outline-none">
            {children}
          </main>
        </div>
      </div>
    </ShellNavigation.Provider>
  );
}

/** The top bar's "Menu" button on narrow screens; renders nothing outside an AppShell. */
export function ShellMenuButton() {
  const navigation = useContext(ShellNavigation);
  if (!navigation) return null;
  return (
    <button
      type="button"
      aria-label="Open navigation"
      aria-controls={NAVIGATION_ID}
      aria-expanded={navigation.open}
      onClick={() => navigation.setOpen(true)}
      className="-ml-1 flex size-9 shrink-0 items-center justify-center rounded-md text-ink-700 hover:bg-neutral-100 lg:hidden"
    >
      <Menu aria-hidden="true" className="size-5" />
    </button>
  );
}
