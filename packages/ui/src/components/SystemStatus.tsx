import { cn } from "../cn.js";
import type { Tone } from "./Badge.js";
import { StatusDot } from "./StatusDot.js";

export type DatabaseState = "ok" | "unreachable" | "unknown";
export type WorkerState = "ok" | "stale" | "unknown";

export interface SystemStatusProps {
  database: DatabaseState;
  worker: WorkerState;
  surface?: "light" | "dark";
  /** Smaller type for a narrow sidebar. */
  dense?: boolean;
  className?: string;
}

const databaseText: Record<DatabaseState, [Tone, string]> = {
  ok: ["success", "Connected"],
  unreachable: ["danger", "Unreachable"],
  unknown: ["muted", "Not checked"],
};

const workerText: Record<WorkerState, [Tone, string]> = {
  ok: ["success", "Running"],
  stale: ["warning", "Not reporting"],
  unknown: ["muted", "Not checked"],
};

/** Compact status of the database and background worker, for a sidebar footer. */
export function SystemStatus({
  database,
  worker,
  surface = "light",
  dense,
  className,
}: SystemStatusProps) {
  const dark = surface === "dark";
  const rows: [string, [Tone, string]][] = [
    ["Database", databaseText[database]],
    ["Background jobs", workerText[worker]],
  ];
  return (
    <section
      aria-label="System status"
      data-testid="system-status"
      className={cn(
        "rounded-lg py-2.5",
        dense ? "px-2.5 text-2xs" : "px-3 text-xs",
        dark ? "bg-white/5" : "bg-neutral-50",
        className,
      )}
    >
      <p
        className={cn(
          "mb-1.5 text-2xs font-semibold tracking-wider uppercase",
          dark ? "text-ink-400" : "text-ink-500",
        )}
      >
        System status
      </p>
      <dl className="space-y-1">
        {rows.map(([name, [tone, text]]) => (
          <div key={name} className="flex items-center justify-between gap-2">
            <dt className={cn("whitespace-nowrap", dark ? "text-neutral-300" : "text-ink-600")}>
              {name}
            </dt>
            <dd
              className={cn("font-medium whitespace-nowrap", dark ? "text-white" : "text-ink-800")}
            >
              <StatusDot tone={tone}>{text}</StatusDot>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
