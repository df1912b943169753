import { describe, expect, it } from "vitest";
import { isCallableNow } from "./calling-hours.js";
import { getClinicLocalTime, toClinicDate } from "./clinic-time.js";

const at = (iso: string): Date => new Date(iso);

describe("isCallableNow", () => {
  it("uses 8:00 to 20:59 local time by default", () => {
    expect(isCallableNow(at("2026-01-15T12:59:59Z"), "America/New_York")).toBe(false); // 07:59 EST
    expect(isCallableNow(at("2026-01-15T13:00:00Z"), "America/New_York")).toBe(true); // 08:00 EST
    expect(isCallableNow(at("2026-01-16T01:59:00Z"), "America/New_York")).toBe(true); // 20:59 EST
    expect(isCallableNow(at("2026-01-16T02:00:00Z"), "America/New_York")).toBe(false); // 21:00 EST
  });

  it("follows the spring-forward change", () => {
    // 2026-03-08: New York moves from UTC-5 to UTC-4 at 02:00 local.
    expect(isCallableNow(at("2026-03-07T12:30:00Z"), "America/New_York")).toBe(false); // 07:30 EST
    expect(isCallableNow(at("2026-03-08T12:30:00Z"), "America/New_York")).toBe(true); // 08:30 EDT
    expect(isCallableNow(at("2026-03-09T00:30:00Z"), "America/New_York")).toBe(true); // 20:30 EDT
    expect(isCallableNow(at("2026-03-09T01:00:00Z"), "America/New_York")).toBe(false); // 21:00 EDT
  });

  it("follows the fall-back change", () => {
    // 2026-11-01: New York returns to UTC-5 at 02:00 local.
    expect(isCallableNow(at("2026-10-31T12:30:00Z"), "America/New_York")).toBe(true); // 08:30 EDT
    expect(isCallableNow(at("2026-11-01T12:30:00Z"), "America/New_York")).toBe(false); // 07:30 EST
    expect(isCallableNow(at("2026-11-02T01:30:00Z"), "America/New_York")).toBe(true); // 20:30 EST
  });

  it("handles zones without DST", () => {
    // Honolulu is UTC-10 all year; Phoenix UTC-7 all year while Los Angeles shifts.
    expect(isCallableNow(at("2026-07-01T17:59:00Z"), "Pacific/Honolulu")).toBe(false);
    expect(isCallableNow(at("2026-07-01T18:00:00Z"), "Pacific/Honolulu")).toBe(true);
    expect(isCallableNow(at("2026-01-01T18:00:00Z"), "Pacific/Honolulu")).toBe(true);
    expect(isCallableNow(at("2026-01-15T15:00:00Z"), "America/Phoenix")).toBe(true);
    expect(isCallableNow(at("2026-01-15T15:00:00Z"), "America/Los_Angeles")).toBe(false);
    expect(isCallableNow(at("2026-07-15T14:30:00Z"), "America/Phoenix")).toBe(false);
    expect(isCallableNow(at("2026-07-15T15:00:00Z"), "America/Phoenix")).toBe(true);
    expect(isCallableNow(at("2026-07-15T15:00:00Z"), "America/Los_Angeles")).toBe(true);
  });

  it("accepts a custom window and rejects nonsense", () => {
    const now = at("2026-01-15T14:30:00Z"); // 09:30 EST
    expect(isCallableNow(now, "America/New_York", { startHour: 10, endHour: 18 })).toBe(false);
    expect(isCallableNow(now, "America/New_York", { startHour: 9, endHour: 10 })).toBe(true);
    expect(() => isCallableNow(now, "America/New_York", { startHour: 21, endHour: 8 })).toThrow(
      RangeError,
    );
    expect(() => isCallableNow(now, "America/New_York", { startHour: 8.5, endHour: 21 })).toThrow(
      RangeError,
    );
    expect(() => isCallableNow(now, "America/New_York", { startHour: 0, endHour: 25 })).toThrow(
      RangeError,
    );
    expect(() => isCallableNow(now, "Mars/Olympus")).toThrow(RangeError);
    expect(() => isCallableNow(now, "EST; DROP")).toThrow(RangeError);
    expect(() => isCallableNow(new Date(Number.NaN), "America/New_York")).toThrow(RangeError);
  });
});

describe("clinic-local time", () => {
  it("gives the clinic's date, which can differ from the UTC date", () => {
    expect(toClinicDate(at("2026-04-01T03:30:00Z"), "America/Chicago")).toBe("2026-03-31");
    expect(toClinicDate(at("2026-04-01T03:30:00Z"), "UTC")).toBe("2026-04-01");
    expect(getClinicLocalTime(at("2026-03-08T07:30:00Z"), "America/New_York")).toEqual({
      year: 2026,
      month: 3,
      day: 8,
      hour: 3,
      minute: 30,
    });
  });
});
