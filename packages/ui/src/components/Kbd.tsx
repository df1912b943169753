import type { ReactNode } from "react";
import { cn } from "../cn.js";

/** A keyboard key, as in "press <Kbd>?</Kbd>". */
export function Kbd({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <kbd
      className={cn(
        "inline-flex h-5.5 min-w-5.5 items-center justify-center rounded-md border border-neutral-300 border-b-2 bg-white px-1.5 font-mono text-2xs font-semibold text-ink-700",
        className,
      )}
    >
      {children}
    </kbd>
  );
}
