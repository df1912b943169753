import { describe, expect, it } from "vitest";
import { daysBetween, zonedToIso } from "./zoned-time";

describe("a clinic's wall-clock time as an instant", () => {
  it.each([
    ["2026-01-15", "09:30", "America/Chicago", "2026-01-15T15:30:00.000Z"],
    ["2026-07-15", "09:30", "America/Chicago", "2026-07-15T14:30:00.000Z"],
    // The morning daylight saving starts (2:00 → 3:00) and the evening before it.
    ["2026-03-08", "09:00", "America/New_York", "2026-03-08T13:00:00.000Z"],
    ["2026-03-07", "23:30", "America/New_York", "2026-03-08T04:30:00.000Z"],
    ["2026-11-01", "12:00", "America/Phoenix", "2026-11-01T19:00:00.000Z"],
    ["2026-12-31", "23:59", "Pacific/Honolulu", "2027-01-01T09:59:00.000Z"],
  ])("%s %s in %s is %s", (date, time, zone, iso) => {
    expect(zonedToIso(date, time, zone)).toBe(iso);
  });

  it("refuses what is not a date and a time", () => {
    expect(zonedToIso("2026-13-01", "09:00", "America/Chicago")).toBeNull();
    expect(zonedToIso("2026-01-01", "25:00", "America/Chicago")).toBeNull();
    expect(zonedToIso("yesterday", "09:00", "America/Chicago")).toBeNull();
    expect(zonedToIso("2026-01-01", "09:00", "Mars/Olympus")).toBeNull();
  });

  it("counts whole days between dates", () => {
    expect(daysBetween("2026-11-29", "2026-12-07")).toBe(8);
    expect(daysBetween("2026-12-07", "2026-12-07")).toBe(0);
  });
});
