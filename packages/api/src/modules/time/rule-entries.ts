import type { TimeEntryInput } from "@carefold/ccm-rules";
import { countMonthSeconds, type PerformerRole } from "./month-seconds.js";

/** A counted entry as the loaders read it: measured seconds, not minutes. */
export interface SecondsEntry {
  id: string;
  performedOn: string;
  performerRole: PerformerRole;
  performerInUS: boolean;
  durationSeconds: number;
  contactId?: string | null;
  /** Awaiting supervisor review: does not count until approved (issue 15). */
  pendingReview?: boolean;
}

/** An entry for @carefold/ccm-rules, with its measured seconds. */
export type RuleEntry = TimeEntryInput & { seconds: number };

/**
 * Entries for the rules engine, one per time entry, each with its measured seconds: the engine
 * sums seconds and floors once per month (decisions 0020 and 0025), applies the consent date and
 * US rule to each entry on its own date, and counts a shared contact once (its longest entry) as
 * a concurrent group. `minutes` is only the entry's whole measured minutes, for display; the
 * engine ignores it when `seconds` is present.
 */
export function toRuleEntries(entries: readonly SecondsEntry[]): RuleEntry[] {
  return entries.map((e) => ({
    id: e.id,
    minutes: Math.floor(e.durationSeconds / 60),
    seconds: e.durationSeconds,
    performedOn: e.performedOn,
    performerRole: e.performerRole,
    performerInUS: e.performerInUS,
    ...(e.contactId ? { concurrentGroup: e.contactId } : {}),
    ...(e.pendingReview ? { pendingReview: true } : {}),
  }));
}

export { countMonthSeconds };
