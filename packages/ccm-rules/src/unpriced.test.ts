/**
 * Issue 15 item 4: no worksheet line is ever $0. Under `unpricedCodes: "avoid"` an unpriced code
 * (2026 99491, G0506) compares at 0, so the priced lane wins, and a chosen line still without an
 * amount blocks the month with `rate_missing` naming the code and year. Written before the option
 * existed: the default (the contract) bills 2026 99491 at $0.00, which is what the close shipped.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluatePatientMonth } from "./evaluate.js";
import type { RuleOptions } from "./options.js";
import { byRole, month } from "./testing/fixtures.js";

const AVOID: Partial<RuleOptions> = Object.freeze({ unpricedCodes: "avoid" });
const WITH_99491_RATE: Partial<RuleOptions> = Object.freeze({ unpricedCodes: "avoid", feeSchedule: { "99491": { 2026: 8450 } } });

const practitionerMonth = (minutes: number, serviceMonth = "2026-03") =>
  month({ serviceMonth, entries: [{ ...byRole(minutes, "billing_practitioner"), performedOn: `${serviceMonth}-10` }] });

const summary = (minutes: number, options?: Partial<RuleOptions>, serviceMonth?: string) => {
  const result = evaluatePatientMonth(practitionerMonth(minutes, serviceMonth), options);
  return { lane: result.lane, lines: result.lines.map((l) => [l.code, l.units, l.amountCents]), findings: result.findings.map((f) => f.code) };
};

describe("unpriced codes (option unpricedCodes)", () => {
  it.each([
    // [practitioner minutes, options, lane, lines, findings]
    [35, undefined, "practitioner", [["99491", 1, 0]], ["rate_unknown"]],
    [35, AVOID, "staff", [["99490", 1, 6613]], ["practitioner_lane_unpriced"]],
    [45, AVOID, "staff", [["99490", 1, 6613], ["99439", 1, 5044]], ["practitioner_lane_unpriced"]],
    [65, AVOID, "staff", [["99490", 1, 6613], ["99439", 2, 10088]], ["practitioner_lane_unpriced"]],
    // 4 × 99437 ($252.52) would outweigh the staff lane, but not without its unpriced base: the
    // priced staff lane bills rather than a practitioner lane that could only block.
    [150, AVOID, "staff", [["99490", 1, 6613], ["99439", 2, 10088]], ["minutes_above_cap", "practitioner_lane_unpriced"]],
    [35, WITH_99491_RATE, "practitioner", [["99491", 1, 8450]], []],
  ] as const)("2026, %i practitioner minutes, %o → %s", (minutes, options, lane, lines, findings) => {
    expect(summary(minutes, options)).toEqual({ lane, lines, findings });
  });

  it("2025 (99491 priced) is unchanged by the option", () => {
    expect(summary(35, AVOID, "2025-03")).toEqual(summary(35, undefined, "2025-03"));
    expect(summary(35, AVOID, "2025-03").lines).toEqual([["99491", 1, 8216]]);
  });

  it("a requested G0506 without a 2026 amount blocks the month with rate_missing naming the code and year", () => {
    const input = { ...practitionerMonth(35), g0506: { previouslyBilled: false, withInitiatingVisit: true } };
    const result = evaluatePatientMonth(input, AVOID);
    expect({ lane: result.lane, lines: result.lines, next: result.next }).toEqual({ lane: null, lines: [], next: null });
    const missing = result.findings.filter((f) => f.code === "rate_missing");
    expect(missing).toHaveLength(1);
    expect(missing[0]!.severity).toBe("block");
    expect(missing[0]!.message).toMatch(/2026 amount for G0506/);
  });

  it("rejects an unknown value", () => {
    expect(() => evaluatePatientMonth(practitionerMonth(35), { unpricedCodes: "guess" as never })).toThrow(RangeError);
  });

  it("property: under avoid no line is ever $0, for any mix of staff and practitioner minutes in 2024–2026", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 150 }), fc.integer({ min: 0, max: 150 }), fc.constantFrom("2024-06", "2025-06", "2026-06"), fc.boolean(), (staff, practitioner, serviceMonth, complexMdm) => {
        const entries = [
          { ...byRole(staff, "clinical_staff"), id: "s", performedOn: `${serviceMonth}-10` },
          { ...byRole(practitioner, "billing_practitioner"), id: "p", performedOn: `${serviceMonth}-11` },
        ].filter((e) => e.minutes > 0);
        const result = evaluatePatientMonth(month({ serviceMonth, complexMdm, entries }), AVOID);
        for (const line of result.lines) expect(line.amountCents).toBeGreaterThan(0);
      }),
    );
  });
});
