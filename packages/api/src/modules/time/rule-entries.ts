import type { TimeEntryInput } from "@carefold/ccm-rules";
import { countMonthSeconds, longestPerContact, type PerformerRole } from "./month-seconds.js";
import { wholeMinutes } from "./spans.js";

/** A counted entry as the loaders read it: measured seconds, not minutes. */
export interface SecondsEntry {
  id: string;
  performedOn: string;
  performerRole: PerformerRole;
  performerInUS: boolean;
  durationSeconds: number;
  contactId?: string | null;
}

/** An entry for @carefold/ccm-rules, with its measured seconds beside whole minutes. */
export type RuleEntry = TimeEntryInput & { seconds: number };

/**
 * Entries for the rules engine whose whole minutes add up, per role and location, to
 * floor(total seconds / 60) — the month floors once, no entry rounds (decision 0020). Each entry
 * gets the minutes its seconds complete in date order (cumulative floor), so three 30-second calls
 * make 1 minute, not 0 or 3. The rules engine ignores an entry of 0 minutes, so such an entry is
 * folded into the next (or last) entry of its group: `seconds` moves with it, and the group's
 * seconds still add up to what was measured, for a rules engine that counts seconds itself. A
 * shared contact counts once (its longest entry).
 */
export function toRuleEntries(entries: readonly SecondsEntry[]): RuleEntry[] {
  const counted = new Set(countedIds(entries));
  const ordered = entries.filter((e) => counted.has(e.id)).sort((a, b) => a.performedOn.localeCompare(b.performedOn) || a.id.localeCompare(b.id));
  const groups = new Map<string, SecondsEntry[]>();
  for (const e of ordered) {
    const key = `${e.performerRole}|${e.performerInUS}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.values()].flatMap(foldGroup).sort((a, b) => a.performedOn.localeCompare(b.performedOn) || a.id.localeCompare(b.id));
}

function foldGroup(group: readonly SecondsEntry[]): RuleEntry[] {
  const result: RuleEntry[] = [];
  let total = 0;
  let carry = 0;
  for (const e of group) {
    const minutes = wholeMinutes(total + e.durationSeconds) - wholeMinutes(total);
    total += e.durationSeconds;
    carry += e.durationSeconds;
    if (minutes === 0) continue;
    result.push({ id: e.id, minutes, seconds: carry, performedOn: e.performedOn, performerRole: e.performerRole, performerInUS: e.performerInUS });
    carry = 0;
  }
  const last = result[result.length - 1];
  if (last) last.seconds += carry;
  return result;
}

/**
 * Ids of the entries that count: one per shared contact among the US-based entries (like the
 * database's rollup, which ranks only counted entries), and one among the others (which the rules
 * engine reports but never counts).
 */
function countedIds(entries: readonly SecondsEntry[]): string[] {
  const measured = entries.filter((e) => e.durationSeconds > 0);
  return longestPerContact(measured, (e) => (e.contactId ? `${e.contactId}:${e.performerInUS}` : null)).map((e) => e.id);
}

export { countMonthSeconds };
