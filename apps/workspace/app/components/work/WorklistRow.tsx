import { Link } from "@remix-run/react";
import type { KeyboardEvent } from "react";
import { Badge, cn } from "@carefold/ui";
import { MiniProgress } from "./MiniProgress";
import { riskOf } from "./risk";

export interface WorklistRowData {
  patientId: string;
  clinic: string;
  name: string;
  minutes: number;
  nextThreshold: number | null;
  minutesNeeded: number;
  daysLeft: number;
  minutesPerDayNeeded: number;
  lastContactOn: string | null;
  isMine: boolean;
  programStatus: string;
  panel: "mine" | "unassigned" | "other";
  patientLocalTime: string;
  isCallableNow: boolean;
}

const DAY = 86_400_000;

/** "Mine" lists the coordinator's own panel and the unassigned patients anyone may pick up. */
const PANEL_LABEL: Record<WorklistRowData["panel"], string> = {
  mine: "My panel",
  unassigned: "Unassigned",
  other: "Another coordinator's panel",
};

export function lastContactText(lastContactOn: string | null, today: string): string {
  if (!lastContactOn) return "No contact this month";
  const days = Math.round((Date.parse(today) - Date.parse(lastContactOn)) / DAY);
  if (days <= 0) return "Contact today";
  if (days === 1) return "Contact yesterday";
  return `Contact ${days} days ago`;
}

export function CallableBadge({ callable, localTime }: { callable: boolean; localTime: string }) {
  return (
    <span className="flex items-center gap-1.5 text-2xs text-ink-600">
      <span className="tabular" title="The patient's local time">
        {localTime}
      </span>
      {callable ? (
        <Badge tone="success" className="px-1.5 py-0 text-2xs">
          Callable now
        </Badge>
      ) : (
        <Badge tone="muted" className="px-1.5 py-0 text-2xs">
          Not now
        </Badge>
      )}
    </span>
  );
}

/** One patient in the worklist: a link that selects the patient (Enter on it opens the chart). */
export function WorklistRow({
  row,
  href,
  isSelected,
  today,
  onOpen,
}: {
  row: WorklistRowData;
  href: string;
  isSelected: boolean;
  today: string;
  onOpen: (patientId: string) => void;
}) {
  const risk = riskOf(row);
  const target = row.nextThreshold ?? 60;
  const onKeyDown = (event: KeyboardEvent<HTMLAnchorElement>) => {
    if (event.key === "Enter" && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      onOpen(row.patientId);
    }
  };
  return (
    <li>
      <Link
        id={`worklist-${row.patientId}`}
        to={href}
        replace
        preventScrollReset
        aria-current={isSelected ? "true" : undefined}
        onKeyDown={onKeyDown}
        data-patient-id={row.patientId}
        className={cn(
          "block border-b border-l-2 border-neutral-100 px-3 py-2 outline-offset-[-2px] transition-colors",
          isSelected
            ? "border-l-brand-600 bg-brand-50"
            : "border-l-transparent hover:bg-neutral-50",
        )}
      >
        <span className="flex items-center justify-between gap-2">
          <span className="truncate text-compact font-semibold text-ink-900">{row.name}</span>
          <Badge tone={risk.tone} className="shrink-0 px-1.5 py-0 text-2xs">
            {risk.label}
          </Badge>
        </span>
        <span className="mt-0.5 flex items-center justify-between gap-2">
          <span className="truncate text-2xs text-ink-600">{row.clinic}</span>
          <CallableBadge callable={row.isCallableNow} localTime={row.patientLocalTime} />
        </span>
        <span className="mt-1.5 flex items-center justify-between gap-2">
          <MiniProgress
            value={row.minutes}
            ticks={[20, 40, 60]}
            label={`Minutes for ${row.name}`}
            valueText={row.nextThreshold ? `${row.minutes}/${target} min` : `${row.minutes} min`}
          />
          <span className="tabular text-2xs whitespace-nowrap text-ink-600">
            {row.minutesNeeded > 0 ? `${row.minutesPerDayNeeded.toFixed(1)} min/day` : "Met"}
          </span>
        </span>
        <span className="mt-1 flex items-center justify-between gap-2 text-2xs text-ink-500">
          <span title={row.lastContactOn ?? undefined}>
            {lastContactText(row.lastContactOn, today)}
          </span>
          <span>{PANEL_LABEL[row.panel]}</span>
        </span>
      </Link>
    </li>
  );
}
