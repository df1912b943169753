import { describe, expect, it } from "vitest";
import { evaluatePcmMonth, type PcmMonthInput } from "./pcm.js";
import { byRole, entry, month } from "./testing/fixtures.js";
import type { BillingLine } from "./types.js";

const pcm = (overrides: Partial<PcmMonthInput> = {}): PcmMonthInput =>
  month({ qualifyingChronicConditions: 1, ...overrides });
const tuples = (lines: BillingLine[]) => lines.map((l) => [l.code, l.units, l.amountCents]);

describe("evaluatePcmMonth", () => {
  it("bills the staff lane from 30 minutes and a unit per further full 30", () => {
    expect(tuples(evaluatePcmMonth(pcm({ entries: [entry(29)] })).lines)).toEqual([]);
    expect(tuples(evaluatePcmMonth(pcm({ entries: [entry(30)] })).lines)).toEqual([
      ["99426", 1, 0],
    ]);
    expect(tuples(evaluatePcmMonth(pcm({ entries: [entry(59)] })).lines)).toEqual([
      ["99426", 1, 0],
    ]);
    expect(tuples(evaluatePcmMonth(pcm({ entries: [entry(95)] })).lines)).toEqual([
      ["99426", 1, 0],
      ["99427", 2, 0],
    ]);
  });

  it("says what is missing below 30 and what comes next", () => {
    const result = evaluatePcmMonth(pcm({ entries: [entry(12)] }));
    expect(result.findings.map((f) => f.message)).toEqual([
      "12 minutes counted; 99426 needs 30 (18 more). Nothing is billable for time yet.",
    ]);
    expect(result.next).toEqual({ code: "99426", minutesNeeded: 18 });
    expect(evaluatePcmMonth(pcm({ entries: [entry(40)] })).next).toEqual({
      code: "99427",
      minutesNeeded: 20,
    });
  });

  it("bills the practitioner lane on the practitioner's own minutes, priced where confirmed", () => {
    const result = evaluatePcmMonth(
      pcm({
        serviceMonth: "2025-06",
        entries: [{ ...byRole(65, "billing_practitioner"), performedOn: "2025-06-02" }],
      }),
    );
    expect(tuples(result.lines)).toEqual([
      ["99424", 1, 0],
      ["99425", 1, 5887],
    ]);
    expect(result.findings.map((f) => f.code)).toEqual(["rate_unknown"]);
    expect(result.next).toEqual({ code: "99425", minutesNeeded: 25 });
  });

  it("moves to the staff lane when staff minutes give more units", () => {
    const result = evaluatePcmMonth(
      pcm({ entries: [byRole(30, "billing_practitioner"), entry(30)] }),
    );
    expect(result.lane).toBe("pcm_staff");
    expect(tuples(result.lines)).toEqual([
      ["99426", 1, 0],
      ["99427", 1, 0],
    ]);
    const practitionerOnly = evaluatePcmMonth(
      pcm({ entries: [byRole(45, "billing_practitioner"), entry(10)] }),
    );
    expect(practitionerOnly.lane).toBe("pcm_practitioner");
    expect(practitionerOnly.next).toEqual({ code: "99427", minutesNeeded: 5 });
  });

  it("compares at fee-schedule prices when both base codes are priced", () => {
    const feeSchedule = {
      "99424": { 2026: 8800 },
      "99426": { 2026: 6800 },
      "99427": { 2026: 1000 },
    };
    const result = evaluatePcmMonth(
      pcm({ entries: [byRole(30, "billing_practitioner"), entry(30)] }),
      { feeSchedule },
    );
    expect(tuples(result.lines)).toEqual([["99424", 1, 8800]]);
    expect(result.next).toEqual({ code: "99425", minutesNeeded: 30 });
  });

  it("caps add-ons when asked", () => {
    const staff = evaluatePcmMonth(pcm({ entries: [entry(130)] }), { cap99427: 1 });
    expect(tuples(staff.lines)).toEqual([
      ["99426", 1, 0],
      ["99427", 1, 0],
    ]);
    expect(staff.findings.find((f) => f.code === "minutes_above_cap")?.message).toBe(
      "130 countable minutes; 99427 is limited to 1 unit, so 70 minutes above the limit are not billable.",
    );
    expect(staff.next).toBeNull();
    const practitioner = evaluatePcmMonth(pcm({ entries: [byRole(95, "billing_practitioner")] }), {
      cap99425: 1,
      cap99427: 1,
    });
    expect(practitioner.findings.map((f) => f.code)).toContain("minutes_above_cap");
    expect(practitioner.next).toBeNull();
  });

  it("blocks with the same-practitioner CCM or APCM, not a different practitioner's CCM", () => {
    const sameCcm = evaluatePcmMonth(
      pcm({ entries: [entry(40)], otherServices: [{ code: "99490", samePractitioner: true }] }),
    );
    expect(sameCcm.findings.map((f) => f.code)).toEqual(["ccm_same_practitioner"]);
    expect(sameCcm.lines).toEqual([]);
    const apcm = evaluatePcmMonth(
      pcm({ entries: [entry(40)], otherServices: [{ code: "G0556", samePractitioner: true }] }),
    );
    expect(apcm.findings[0]?.message).toBe(
      "The same practitioner bills APCM (G0556) for 2026-03; APCM bundles PCM, so it cannot be billed.",
    );
    const otherCcm = evaluatePcmMonth(
      pcm({ entries: [entry(40)], otherServices: [{ code: "99490", samePractitioner: false }] }),
    );
    expect(otherCcm.lane).toBe("pcm_staff");
  });

  it("needs one condition and a valid month", () => {
    expect(
      evaluatePcmMonth(pcm({ qualifyingChronicConditions: 0, entries: [entry(40)] })).findings[0]
        ?.message,
    ).toBe("PCM needs 1 qualifying complex chronic condition; 0 attested.");
    expect(evaluatePcmMonth(pcm({ serviceMonth: "bad" })).findings.map((f) => f.code)).toEqual([
      "invalid_service_month",
    ]);
  });
});
