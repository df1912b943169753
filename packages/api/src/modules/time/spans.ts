/**
 * Interval arithmetic of measured work time (issue 14, decision 0020). A span is a half-open
 * interval [start, end) in epoch milliseconds. Every function returns spans sorted, merged and
 * non-empty, so a total never counts an instant twice. Seconds are floored once, at the end.
 */
export type Span = readonly [start: number, end: number];

/** Sorted, with touching or overlapping spans merged and empty ones dropped. */
export function normalizeSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

export const unionSpans = (...sets: (readonly Span[])[]): Span[] => normalizeSpans(sets.flat());

/** The parts of `from` not covered by `removed`. */
export function subtractSpans(from: readonly Span[], removed: readonly Span[]): Span[] {
  const cuts = normalizeSpans(removed);
  const result: Span[] = [];
  for (const [start, end] of normalizeSpans(from)) {
    let cursor = start;
    for (const [cs, ce] of cuts) {
      if (ce <= cursor || cs >= end) continue;
      if (cs > cursor) result.push([cursor, cs]);
      cursor = Math.max(cursor, ce);
      if (cursor >= end) break;
    }
    if (cursor < end) result.push([cursor, end]);
  }
  return result;
}

export function intersectSpans(a: readonly Span[], b: readonly Span[]): Span[] {
  return subtractSpans(a, subtractSpans(a, b));
}

export const totalMilliseconds = (spans: readonly Span[]): number => normalizeSpans(spans).reduce((sum, [s, e]) => sum + (e - s), 0);

/** Whole seconds of the spans, floored once (never rounded up). */
export const wholeSeconds = (spans: readonly Span[]): number => Math.floor(totalMilliseconds(spans) / 1000);

/** Whole minutes of a number of seconds: the only place seconds become minutes. */
export const wholeMinutes = (seconds: number): number => Math.floor(seconds / 60);

export const overlaps = (a: readonly Span[], b: readonly Span[]): boolean => intersectSpans(a, b).length > 0;
