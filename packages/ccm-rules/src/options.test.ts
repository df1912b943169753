import { describe, expect, it } from "vitest";
import { DEFAULT_RULE_OPTIONS, resolveRuleOptions, type RuleOptions } from "./options.js";

describe("resolveRuleOptions", () => {
  it("returns the defaults for no options", () => {
    expect(resolveRuleOptions()).toBe(DEFAULT_RULE_OPTIONS);
    expect(DEFAULT_RULE_OPTIONS).toMatchObject({
      cap99437: null,
      warn99437Above: 2,
      cap99489: null,
      g0511CutoffDate: "2025-10-01",
      requireSubstantialRevisionForComplex: false,
      ccmBlockedByG0181G0182Esrd: true,
      canBillCcmWithTcm: true,
      apcmBlocksTcm: true,
      interactiveContact: "warn",
      consentReconfirmMonths: null,
      conversionFactor: "non_qp",
      dateOfService: "last_day_of_month",
    });
  });

  it("merges, ignores undefined values and caches per options object", () => {
    const options = { cap99437: 2, cap99489: undefined };
    const resolved = resolveRuleOptions(options);
    expect(resolved.cap99437).toBe(2);
    expect(resolved.cap99489).toBeNull();
    expect(resolveRuleOptions(options)).toBe(resolved);
    expect(Object.isFrozen(resolved)).toBe(true);
  });

  it.each<[string, Partial<RuleOptions>]>([
    ["negative cap", { cap99437: -1 }],
    ["fractional cap", { cap99489: 1.5 }],
    ["null warning threshold", { warn99437Above: null as unknown as number }],
    ["zero reconfirm months", { consentReconfirmMonths: 0 }],
    ["bad cutoff date", { g0511CutoffDate: "2025-10" }],
    ["bad individual-codes date", { fqhcRhcIndividualCodesFrom: "2025-02-30" }],
    ["bad contact rule", { interactiveContact: "maybe" as "warn" }],
    ["bad conversion factor", { conversionFactor: "apm" as "qp" }],
    ["bad date of service", { dateOfService: "middle" as "last_day_of_month" }],
    ["fractional fee", { feeSchedule: { "99490": { 2026: 66.13 } } }],
    ["bad fee year", { feeSchedule: { "99490": { 26: 6613 } } }],
  ])("rejects %s", (_name, options) => {
    expect(() => resolveRuleOptions(options)).toThrow(RangeError);
  });
});
