import { describe, expect, it } from "vitest";
import { daysBetween } from "./dates";

describe("days between two dates", () => {
  it.each([
    ["2026-11-29", "2026-12-07", 8],
    ["2026-12-07", "2026-12-07", 0],
    // Across the spring daylight-saving change: still whole days.
    ["2026-03-07", "2026-03-09", 2],
    ["2026-12-31", "2027-01-01", 1],
  ])("%s → %s is %i", (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });
});
