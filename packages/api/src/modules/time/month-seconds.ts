import { wholeMinutes } from "./spans.js";

export type PerformerRole = "clinical_staff" | "billing_practitioner" | "non_clinical";

/** What the month total needs of one entry (mirrors patient_month_refresh in the database). */
export interface CountableEntry {
  id: string;
  performerRole: PerformerRole;
  performerInUs: boolean;
  durationSeconds: number;
  reviewStatus: "approved" | "pending" | "rejected";
  isSuperseded: boolean;
  contactId?: string | null;
}

export interface MonthSeconds {
  seconds: Record<PerformerRole, number>;
  /** floor(seconds / 60) per role: the minutes shown and billed. */
  minutes: Record<PerformerRole, number>;
}

/**
 * Counted seconds of a patient-month per role: US-based, not rejected, not superseded; the
 * entries of one shared contact count once (the longest, like the database's rollup). Minutes are
 * floored once from the month's seconds, never per entry.
 */
export function countMonthSeconds(entries: readonly CountableEntry[]): MonthSeconds {
  const counted = entries.filter((e) => !e.isSuperseded && e.reviewStatus !== "rejected" && e.performerInUs);
  const seconds: Record<PerformerRole, number> = { clinical_staff: 0, billing_practitioner: 0, non_clinical: 0 };
  // Within a contact the entries that count toward billing come first: a nurse's minutes on a call
  // shared with non-clinical staff count, as the rules count them (migration 20261208200100).
  for (const e of longestPerContact(counted, (x) => x.contactId ?? null, (x) => x.performerRole !== "non_clinical")) seconds[e.performerRole] += e.durationSeconds;
  return {
    seconds,
    minutes: { clinical_staff: wholeMinutes(seconds.clinical_staff), billing_practitioner: wholeMinutes(seconds.billing_practitioner), non_clinical: wholeMinutes(seconds.non_clinical) },
  };
}

/**
 * One entry per shared contact — a preferred entry over any other, then the longest (ties: the
 * smaller id), as the database's rollup ranks them — and every entry without a contact.
 */
export function longestPerContact<E extends { id: string; durationSeconds: number }>(entries: readonly E[], contactOf: (e: E) => string | null, isPreferred: (e: E) => boolean = () => true): E[] {
  const held = new Map<string, E>();
  const beats = (e: E, current: E) =>
    isPreferred(e) !== isPreferred(current) ? isPreferred(e) : e.durationSeconds > current.durationSeconds || (e.durationSeconds === current.durationSeconds && e.id < current.id);
  for (const e of entries) {
    const contact = contactOf(e);
    const key = contact === null ? `entry:${e.id}` : `contact:${contact}`;
    const current = held.get(key);
    if (!current || beats(e, current)) held.set(key, e);
  }
  return [...held.values()];
}
