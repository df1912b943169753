import { describe, expect, it } from "vitest";
import {
  compareDateToMonth,
  formatMonthDay,
  formatMonthIndex,
  getDaysInMonth,
  isIsoDate,
  parseMonthIndex,
} from "./dates.js";

describe("dates", () => {
  it("parses YYYY-MM and rejects anything else", () => {
    expect(parseMonthIndex("2026-03")).toBe(2026 * 12 + 2);
    for (const bad of [
      "2026-00",
      "2026-13",
      "2026-3",
      "2026/03",
      "2026-0a",
      "x026-03",
      "2026-03-01",
    ]) {
      expect(parseMonthIndex(bad)).toBe(-1);
    }
  });

  it("validates real calendar dates", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2000-02-29")).toBe(true);
    expect(isIsoDate("1900-02-29")).toBe(false);
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(isIsoDate("2026-04-31")).toBe(false);
    expect(isIsoDate("2026-04-00")).toBe(false);
    expect(isIsoDate("2026-04-1x")).toBe(false);
    expect(isIsoDate("2026-04/01")).toBe(false);
    expect(isIsoDate("2026-13-01")).toBe(false);
  });

  it("knows month lengths", () => {
    expect([1, 2, 4, 6, 9, 11, 12].map((m) => getDaysInMonth(2026, m))).toEqual([
      31, 28, 30, 30, 30, 30, 31,
    ]);
  });

  it("compares a date with a month", () => {
    expect(compareDateToMonth("2026-02-28", "2026-03")).toBeLessThan(0);
    expect(compareDateToMonth("2026-03-31", "2026-03")).toBe(0);
    expect(compareDateToMonth("2026-04-01", "2026-03")).toBeGreaterThan(0);
  });

  it("formats month days", () => {
    expect(formatMonthIndex(parseMonthIndex("2024-02"))).toBe("2024-02");
    expect(formatMonthDay(parseMonthIndex("2024-02"), "last")).toBe("2024-02-29");
    expect(formatMonthDay(parseMonthIndex("2026-11"), "first")).toBe("2026-11-01");
    expect(formatMonthDay(parseMonthIndex("2026-11"), "last")).toBe("2026-11-30");
  });
});
