import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clinicMonthPace, isBelowPace, paceMinutes } from "./pace.js";

describe("even pace to the base threshold", () => {
  it.each([
    // day, days in month, expected minutes by now
    [1, 30, 0],
    [2, 30, 0],
    [4, 30, 2],
    [16, 30, 10],
    [20, 30, 12],
    [30, 30, 19],
    [29, 29, 19],
    [15, 29, 9],
    [31, 31, 19],
    [15, 28, 10],
  ])("day %i of %i → %i minutes", (day, days, expected) => {
    expect(paceMinutes(day, days)).toBe(expected);
  });

  it("never falls, never reaches the threshold before month end, and refuses impossible days", () => {
    fc.assert(
      fc.property(fc.integer({ min: 28, max: 31 }), fc.integer({ min: 1, max: 31 }), (days, day) => {
        fc.pre(day < days);
        expect(paceMinutes(day + 1, days)).toBeGreaterThanOrEqual(paceMinutes(day, days));
        expect(paceMinutes(day, days)).toBeLessThan(20);
      }),
    );
    expect(() => paceMinutes(0, 30)).toThrow(RangeError);
    expect(() => paceMinutes(31, 30)).toThrow(RangeError);
  });

  it("a patient at or past the threshold is never at risk", () => {
    fc.assert(fc.property(fc.integer({ min: 20, max: 600 }), fc.integer({ min: 0, max: 19 }), (minutes, pace) => !isBelowPace(minutes, pace)));
    expect(isBelowPace(11, 12)).toBe(true);
    expect(isBelowPace(12, 12)).toBe(false);
  });

  it("uses the clinic's calendar: 05:30 UTC on Dec 1 is still Nov 30 in Honolulu", () => {
    const now = new Date("2026-12-01T05:30:00Z");
    expect(clinicMonthPace("Pacific/Honolulu", now)).toMatchObject({ serviceMonth: "2026-11", day: 30, daysInMonth: 30, pace: 19 });
    expect(clinicMonthPace("America/New_York", now)).toMatchObject({ serviceMonth: "2026-12", day: 1, pace: 0 });
  });
});
