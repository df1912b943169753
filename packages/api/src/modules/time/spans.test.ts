import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { intersectSpans, normalizeSpans, subtractSpans, totalMilliseconds, unionSpans, wholeMinutes, wholeSeconds, type Span } from "./spans.js";

const span = fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 2_000 })).map(([s, len]): Span => [s, s + len]);
const spans = fc.array(span, { maxLength: 12 });
/** Whether instant t (ms) lies in the set. */
const covers = (set: readonly Span[], t: number) => set.some(([s, e]) => s <= t && t < e);

describe("span arithmetic", () => {
  it.each<[string, Span[], Span[]]>([
    ["merges overlapping and touching spans", [[0, 10], [5, 15], [15, 20]], [[0, 20]]],
    ["drops empty spans", [[5, 5], [1, 2]], [[1, 2]]],
    ["sorts", [[30, 40], [0, 10]], [[0, 10], [30, 40]]],
  ])("%s", (_, input, expected) => expect(normalizeSpans(input)).toEqual(expected));

  it("subtracts a span from the middle, the edges and the whole", () => {
    expect(subtractSpans([[0, 100]], [[20, 30]])).toEqual([[0, 20], [30, 100]]);
    expect(subtractSpans([[0, 100]], [[-5, 10], [90, 200]])).toEqual([[10, 90]]);
    expect(subtractSpans([[0, 100]], [[0, 100]])).toEqual([]);
  });

  it("floors seconds and minutes once: 59.999 s is 59 s, 119 s is 1 minute", () => {
    expect(wholeSeconds([[0, 59_999]])).toBe(59);
    expect(wholeMinutes(119)).toBe(1);
    expect(wholeMinutes(1_170)).toBe(19);
    // Three 30-second pieces are 90 seconds: 1 minute, not 0 (per piece) and not 3 (rounded up).
    expect(wholeMinutes(wholeSeconds([[0, 30_000], [60_000, 90_000], [120_000, 150_000]]))).toBe(1);
  });

  it("union, difference and intersection agree with instant-by-instant membership", () => {
    fc.assert(
      fc.property(spans, spans, fc.array(fc.integer({ min: -10, max: 12_100 }), { minLength: 20, maxLength: 20 }), (a, b, instants) => {
        const u = unionSpans(a, b);
        const d = subtractSpans(a, b);
        const i = intersectSpans(a, b);
        for (const t of instants) {
          expect(covers(u, t)).toBe(covers(a, t) || covers(b, t));
          expect(covers(d, t)).toBe(covers(a, t) && !covers(b, t));
          expect(covers(i, t)).toBe(covers(a, t) && covers(b, t));
        }
        // Results are normalized: sorted, disjoint, non-empty.
        for (const set of [u, d, i]) expect(normalizeSpans(set)).toEqual(set);
        // Inclusion–exclusion: nothing is counted twice.
        expect(totalMilliseconds(u)).toBe(totalMilliseconds(a) + totalMilliseconds(b) - totalMilliseconds(i));
      }),
      { numRuns: 500 },
    );
  });
});
