import { z } from "zod";

/** Longest range a report covers (two years of service months). */
export const MAX_REPORT_MONTHS = 24;

const Month = (what: string) => z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, `Give the ${what} month as YYYY-MM (for example 2026-10).`);

/** Months from `from` to `to` inclusive (both 'YYYY-MM'); 0 when `to` is before `from`. */
export function monthSpan(from: string, to: string): number {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  return Math.max(0, index(to) - index(from) + 1);
}

/** Every month of a range, oldest first. */
export function monthsOf(from: string, to: string): string[] {
  return Array.from({ length: monthSpan(from, to) }, (_, i) => shiftMonth(from, i));
}

/** 'YYYY-MM' shifted by `by` months. */
export function shiftMonth(month: string, by: number): string {
  const n = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + by;
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, "0")}`;
}

const RangeShape = {
  from: Month("first"),
  to: Month("last"),
  /** The month of the minutes distribution (defaults to the newest closed month in the range). */
  month: Month("distribution").optional(),
};

type RangeInput = { from: string; to: string; month?: string };

function checkRange(value: RangeInput, ctx: z.RefinementCtx) {
  if (value.to < value.from) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["to"], message: `The last month (${value.to}) is before the first (${value.from}). Choose a last month on or after the first.` });
    return;
  }
  const span = monthSpan(value.from, value.to);
  if (span > MAX_REPORT_MONTHS) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["to"], message: `A report covers at most ${MAX_REPORT_MONTHS} months; ${value.from} to ${value.to} is ${span}. Choose a shorter range.` });
  }
  if (value.month && (value.month < value.from || value.month > value.to)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["month"], message: `The distribution month (${value.month}) must be within ${value.from} to ${value.to}.` });
  }
}

/** A report's month range: from/to 'YYYY-MM', at most 24 months, the distribution month inside. */
export const ReportRangeSchema = z.object(RangeShape).superRefine(checkRange);
export type ReportRange = z.infer<typeof ReportRangeSchema>;

export const REPORT_SECTIONS = ["revenue", "billable-rate", "minutes", "enrollment", "productivity", "collections"] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

export const ReportCsvSchema = z.object({ ...RangeShape, section: z.enum(REPORT_SECTIONS) }).superRefine(checkRange);

/**
 * Buckets of counted staff minutes in a patient-month: 0, 1–19, 20–39, 40–59, 60+ (the CCM
 * thresholds). `from` is the lowest minute count in the bucket; the SQL uses the same bounds.
 */
export const MINUTES_BUCKETS = [
  { key: "0", label: "0 min", from: 0 },
  { key: "1-19", label: "1–19 min", from: 1 },
  { key: "20-39", label: "20–39 min", from: 20 },
  { key: "40-59", label: "40–59 min", from: 40 },
  { key: "60+", label: "60+ min", from: 60 },
] as const;

/** Index of the bucket a minute count falls in (negative counts as 0). */
export function bucketIndexOf(minutes: number): number {
  let index = 0;
  for (const [i, b] of MINUTES_BUCKETS.entries()) if (minutes >= b.from) index = i;
  return index;
}

/** Patients per bucket for a list of per-patient minute counts. */
export function countBuckets(minutes: readonly number[]): number[] {
  const counts = MINUTES_BUCKETS.map(() => 0);
  for (const m of minutes) counts[bucketIndexOf(m)]! += 1;
  return counts;
}
