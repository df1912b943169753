import { describe, expect, it } from "vitest";
import { evaluatePatientMonth } from "./evaluate.js";
import { isMonthBlocked } from "./findings.js";
import { forecastMonthEnd, type ForecastInput } from "./forecast.js";
import { staffMonth } from "./testing/fixtures.js";

const base: ForecastInput = {
  serviceMonth: "2026-03",
  now: new Date("2026-03-10T15:00:00Z"), // 11:00 EDT, March 10
  timeZone: "America/New_York",
  countedMinutes: 12,
  next: { code: "99490", minutesNeeded: 8 },
  isBaseMet: false,
};

describe("forecastMonthEnd", () => {
  it("is on track when the month-to-date pace reaches the threshold", () => {
    expect(forecastMonthEnd(base)).toEqual({
      level: "on_track",
      riskScore: 18,
      isOnTrack: true,
      targetCode: "99490",
      minutesNeeded: 8,
      daysLeft: 22,
      minutesPerDayNeeded: 1,
      paceMinutesPerDay: 1.2,
      projectedMinutes: 38,
    });
  });

  it("is at risk with no minutes yet", () => {
    const forecast = forecastMonthEnd({
      ...base,
      countedMinutes: 0,
      next: { code: "99490", minutesNeeded: 20 },
    });
    expect(forecast).toMatchObject({
      level: "at_risk",
      riskScore: 51,
      isOnTrack: false,
      projectedMinutes: 0,
    });
  });

  it("is critical near month end, using the recent daily pace", () => {
    const forecast = forecastMonthEnd({
      ...base,
      now: new Date("2026-03-29T16:00:00Z"),
      countedMinutes: 5,
      next: { code: "99490", minutesNeeded: 15 },
      recentDailyMinutes: [0, 0, 1],
    });
    expect(forecast).toMatchObject({
      level: "critical",
      daysLeft: 3,
      minutesPerDayNeeded: 5,
      riskScore: 91,
    });
    expect(forecast.paceMinutesPerDay).toBe(0.3);
  });

  it("is critical when too many minutes a day are needed", () => {
    const forecast = forecastMonthEnd(
      { ...base, countedMinutes: 0, next: { code: "99490", minutesNeeded: 20 } },
      { criticalMinutesPerDay: 0.5 },
    );
    expect(forecast.level).toBe("critical");
    expect(forecast.riskScore).toBe(99);
  });

  it("ranks add-on targets below base targets, using recent minutes", () => {
    const forecast = forecastMonthEnd({
      ...base,
      countedMinutes: 25,
      next: { code: "99439", minutesNeeded: 15 },
      isBaseMet: true,
      recentMinutes: { minutes: 14, days: 7 },
    });
    expect(forecast).toMatchObject({
      level: "on_track",
      riskScore: 2,
      paceMinutesPerDay: 2,
      projectedMinutes: 69,
    });
    const ignored = forecastMonthEnd({
      ...base,
      recentMinutes: { minutes: 5, days: 0 },
      recentDailyMinutes: [],
    });
    expect(ignored.paceMinutesPerDay).toBe(1.2);
  });

  it("keeps levels in separate score bands", () => {
    const scores = [0, 1, 5, 10, 20].flatMap((counted) =>
      [false, true].map((isBaseMet) =>
        forecastMonthEnd({
          ...base,
          countedMinutes: counted,
          isBaseMet,
          recentDailyMinutes: [counted / 10],
        }),
      ),
    );
    const band = { met: 0, not_billable: 0, on_track: 1, at_risk: 2, critical: 3 };
    const sorted = [...scores].sort((a, b) => b.riskScore - a.riskScore);
    for (let i = 1; i < sorted.length; i++) {
      expect(band[sorted[i - 1]!.level]).toBeGreaterThanOrEqual(band[sorted[i]!.level]);
    }
  });

  it("reports met, not billable and finished months", () => {
    expect(forecastMonthEnd({ ...base, next: null, isBaseMet: true })).toMatchObject({
      level: "met",
      riskScore: 0,
      isOnTrack: true,
      minutesPerDayNeeded: null,
    });
    expect(forecastMonthEnd({ ...base, next: null })).toMatchObject({
      level: "not_billable",
      isOnTrack: false,
    });
    expect(forecastMonthEnd({ ...base, isBlocked: true })).toMatchObject({
      level: "not_billable",
      riskScore: 0,
    });
    const after = { ...base, now: new Date("2026-04-02T15:00:00Z") };
    expect(forecastMonthEnd(after)).toMatchObject({
      level: "not_billable",
      daysLeft: 0,
      minutesPerDayNeeded: null,
      projectedMinutes: 12,
    });
    expect(forecastMonthEnd({ ...after, isBaseMet: true }).level).toBe("met");
  });

  it("counts the whole month ahead of time", () => {
    const forecast = forecastMonthEnd({
      ...base,
      now: new Date("2026-02-20T15:00:00Z"),
      countedMinutes: 0,
    });
    expect(forecast).toMatchObject({ daysLeft: 31, paceMinutesPerDay: 0, level: "at_risk" });
  });

  it("uses clinic-local days across DST and the UTC date line", () => {
    const lastEvening = { ...base, now: new Date("2026-04-01T03:30:00Z") }; // 23:30 EDT March 31
    expect(forecastMonthEnd(lastEvening).daysLeft).toBe(1);
    expect(forecastMonthEnd({ ...lastEvening, timeZone: "UTC" }).daysLeft).toBe(0);
    const october = { ...base, serviceMonth: "2026-10" };
    expect(forecastMonthEnd({ ...october, now: new Date("2026-11-01T03:30:00Z") }).daysLeft).toBe(
      1,
    ); // 23:30 EDT Oct 31
    expect(forecastMonthEnd({ ...october, now: new Date("2026-11-01T04:30:00Z") }).daysLeft).toBe(
      0,
    ); // 00:30 EDT Nov 1
    expect(forecastMonthEnd({ ...base, now: new Date("2026-03-08T07:30:00Z") }).daysLeft).toBe(24); // 03:30 EDT, DST day
    expect(
      forecastMonthEnd({
        ...base,
        timeZone: "Pacific/Honolulu",
        now: new Date("2026-03-11T09:00:00Z"),
      }).daysLeft,
    ).toBe(22); // 23:00 HST March 10
  });

  it("works from an evaluation result", () => {
    const result = evaluatePatientMonth(staffMonth(12));
    const forecast = forecastMonthEnd({
      ...base,
      countedMinutes: result.countedMinutes.staff,
      next: result.next,
      isBaseMet: result.lane !== null,
      isBlocked: isMonthBlocked(result.findings),
    });
    expect(forecast.level).toBe("on_track");
  });

  it("rejects malformed input", () => {
    expect(() => forecastMonthEnd({ ...base, serviceMonth: "March" })).toThrow(RangeError);
    expect(() => forecastMonthEnd({ ...base, countedMinutes: -1 })).toThrow(RangeError);
    expect(() => forecastMonthEnd({ ...base, timeZone: "Nowhere/Land" })).toThrow(RangeError);
  });
});
