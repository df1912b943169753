import { describe, expect, it } from "vitest";
import { parseCodeFees, parseDollars, parsePercent, parseSignedDollars } from "./money";

describe("money parsing for contract and adjustment forms", () => {
  it.each([["35", 3500], ["35.5", 3550], ["$1,234.05", 123405], ["0.07", 7], ["0", 0], ["35.555", null], ["abc", null], ["-1", null], ["", null]])("parseDollars(%s) = %s", (text, cents) => {
    expect(parseDollars(text)).toBe(cents);
  });
  it("keeps the sign for adjustments", () => {
    expect(parseSignedDollars("-12.50")).toBe(-1250);
    expect(parseSignedDollars("12.50")).toBe(1250);
  });
  it("reads percentages as basis points and fee schedules per code", () => {
    expect(parsePercent("15")).toBe(1500);
    expect(parsePercent("15.25 %")).toBe(1525);
    expect(parsePercent("x")).toBeNull();
    expect(parseCodeFees("99490=42.00, 99439: 30")).toEqual({ "99490": 4200, "99439": 3000 });
    expect(parseCodeFees("99490=")).toBeNull();
    expect(parseCodeFees("")).toBeNull();
  });
});
