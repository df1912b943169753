import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_REPORT_MONTHS, MINUTES_BUCKETS, ReportRangeSchema, bucketIndexOf, countBuckets, monthSpan, monthsOf, shiftMonth } from "./reports.schemas.js";

const month = fc.record({ y: fc.integer({ min: 2000, max: 2099 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => `${y}-${String(m).padStart(2, "0")}`);

describe("minutes buckets", () => {
  it("puts every patient in exactly one bucket, and the counts add up to the patients", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 600 }), { maxLength: 300 }), (minutes) => {
        const counts = countBuckets(minutes);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(minutes.length);
        for (const m of minutes) {
          const holding = MINUTES_BUCKETS.filter((b, i) => m >= b.from && (i === MINUTES_BUCKETS.length - 1 || m < MINUTES_BUCKETS[i + 1]!.from));
          expect(holding).toHaveLength(1);
          expect(MINUTES_BUCKETS[bucketIndexOf(m)]).toBe(holding[0]);
        }
      }),
    );
  });

  it("has the CCM thresholds as edges", () => {
    expect([0, 1, 19, 20, 39, 40, 59, 60, 500].map(bucketIndexOf)).toEqual([0, 1, 1, 2, 2, 3, 3, 4, 4]);
  });
});

describe("report range", () => {
  it("lists each month once, in order, and shifting is consistent with the span", () => {
    fc.assert(
      fc.property(month, fc.integer({ min: 0, max: 60 }), (from, k) => {
        const to = shiftMonth(from, k);
        const months = monthsOf(from, to);
        expect(months).toHaveLength(k + 1);
        expect(monthSpan(from, to)).toBe(k + 1);
        expect(months[0]).toBe(from);
        expect(months.at(-1)).toBe(to);
        expect([...months].sort()).toEqual(months);
        expect(ReportRangeSchema.safeParse({ from, to }).success).toBe(k + 1 <= MAX_REPORT_MONTHS);
      }),
    );
  });
});
