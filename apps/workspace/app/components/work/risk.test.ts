import { describe, expect, it } from "vitest";
import { riskOf } from "./risk";

const row = { minutes: 0, minutesNeeded: 20, minutesPerDayNeeded: 0.5, daysLeft: 20 };

describe("riskOf: the worklist's month-end label", () => {
  it.each([
    [{ ...row, minutes: 61, minutesNeeded: 0, minutesPerDayNeeded: 0 }, "All thresholds met"],
    [{ ...row, minutes: 25, minutesNeeded: 15 }, "Billable"],
    [{ ...row, minutesPerDayNeeded: 2 }, "Critical"],
    [{ ...row, minutes: 5, daysLeft: 2, minutesNeeded: 15 }, "Critical"],
    [{ ...row, minutesPerDayNeeded: 0.8 }, "At risk"],
    [row, "Not started"],
    [{ ...row, minutes: 10, minutesNeeded: 10 }, "On track"],
  ])("%o → %s", (input, label) => {
    expect(riskOf({ ...input, programStatus: "enrolled" }).label).toBe(label);
  });

  it("never calls a consented (not yet enrolled) patient's minutes billable", () => {
    const met = {
      ...row,
      minutes: 61,
      minutesNeeded: 0,
      minutesPerDayNeeded: 0,
      programStatus: "consented",
    };
    expect(riskOf(met)).toEqual({ tone: "warning", label: "Enroll to bill" });
  });
});
