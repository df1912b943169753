import { cn } from "../cn.js";

/** "—" for a number that doesn't exist yet; screen readers hear "No data yet". */
export function NoData({ className }: { className?: string }) {
  return (
    <span className={cn("text-ink-400", className)}>
      <span aria-hidden="true">—</span>
      <span className="sr-only">No data yet</span>
    </span>
  );
}
