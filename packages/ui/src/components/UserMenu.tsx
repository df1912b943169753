import { ChevronDown } from "lucide-react";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { cn } from "../cn.js";
import { Avatar } from "./Avatar.js";

export interface UserMenuProps {
  /** The signed-in person's name, shown on the button. */
  name: string;
  email?: string;
  /** Role line under the name ("Clinic admin"). */
  detail?: string;
  /** Menu contents: links and buttons (use `menuItemClasses()`), `MenuSeparator`. */
  children: ReactNode;
  /** Tighter button for the dense workspace top bar. */
  dense?: boolean;
  className?: string;
}

/** Initials for an avatar: "Dr. Priya Patel" → "PP", "Casey Coordinator, RN" → "CC". */
export function initialsOf(name: string): string {
  const words = name
    .replace(/,.*$/, "")
    .split(/\s+/)
    .filter((w) => w && !/^(dr|mr|mrs|ms|mx)\.?$/i.test(w));
  const first = words[0]?.[0] ?? "";
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? "") : "";
  return (first + last).toUpperCase() || "?";
}

/** Classes for a link or button inside the user menu. */
export function menuItemClasses(tone: "default" | "danger" = "default") {
  return cn(
    "flex w-full items-center gap-2.5 rounded-md px-2.5 py-2 text-left text-sm font-medium transition-colors",
    "[&>svg]:size-4 [&>svg]:shrink-0",
    tone === "danger"
      ? "text-danger-700 hover:bg-danger-50 [&>svg]:text-danger-600"
      : "text-ink-700 hover:bg-neutral-100 hover:text-ink-900 [&>svg]:text-ink-500",
  );
}

export function MenuSeparator() {
  return <div role="separator" className="-mx-1.5 my-1.5 h-px bg-neutral-200" />;
}

/**
 * The top bar's account button: a disclosure that opens a small panel of links. It closes on
 * Escape (focus returns to the button), on a click outside and after choosing an item.
 */
export function UserMenu({ name, email, detail, children, dense, className }: UserMenuProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    function onPointerDown(event: PointerEvent) {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    }
    function onKeyDown(event: KeyboardEvent) {
      if (event.key === "Escape") {
        setOpen(false);
        buttonRef.current?.focus();
      }
    }
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, [open]);

  return (
    <div ref={rootRef} className={cn("relative", className)}>
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        onClick={() => setOpen((value) => !value)}
        className={cn(
          "flex items-center gap-2.5 rounded-lg py-1 pr-2 pl-1 text-left transition-colors hover:bg-neutral-100",
          open && "bg-neutral-100",
        )}
      >
        <Avatar initials={initialsOf(name)} size={dense ? "sm" : "md"} />
        <span className="hidden min-w-0 leading-tight sm:block">
          <span className="block max-w-48 truncate text-compact font-semibold text-ink-900">
            {name}
          </span>
          {detail ? (
            <span className="block max-w-48 truncate text-xs text-ink-500">{detail}</span>
          ) : null}
        </span>
        <ChevronDown
          aria-hidden="true"
          className={cn("size-4 text-ink-500 transition-transform", open && "rotate-180")}
        />
        <span className="sr-only">Account menu</span>
      </button>
      <div
        id={`${id}-menu`}
        hidden={!open}
        onClick={(event) => {
          if ((event.target as HTMLElement).closest("a, button")) setOpen(false);
        }}
        className="absolute top-full right-0 z-30 mt-2 w-72 rounded-xl border border-neutral-200 bg-white p-1.5 shadow-lg"
      >
        <div className="flex items-center gap-3 px-2.5 pt-2 pb-3">
          <Avatar initials={initialsOf(name)} />
          <div className="min-w-0 leading-tight">
            <p className="truncate text-sm font-semibold text-ink-900">{name}</p>
            {email ? <p className="mt-0.5 truncate text-xs text-ink-500">{email}</p> : null}
          </div>
        </div>
        <MenuSeparator />
        {children}
      </div>
    </div>
  );
}
