/**
 * Regression tests for the package defects of issue 15 item 6 and the seconds counting of
 * issue 14 item 1. Each block was written before its fix and failed on the old code.
 */
import { describe, expect, it } from "vitest";
import { selectApcmLevel } from "./apcm.js";
import { evaluatePatientMonth } from "./evaluate.js";
import { checkBillingLines } from "./line-validation.js";
import { evaluatePcmMonth } from "./pcm.js";
import { entry, month, staffMonth } from "./testing/fixtures.js";
import type { PatientMonthInput, PerformerRole, TimeEntryInput } from "./types.js";

const codesOf = (input: PatientMonthInput): string[] =>
  evaluatePatientMonth(input).findings.map((f) => f.code);
const linesOf = (input: PatientMonthInput): [string, number][] =>
  evaluatePatientMonth(input).lines.map((l) => [l.code, l.units]);
const seconds = (value: number, overrides: Partial<TimeEntryInput> = {}): TimeEntryInput =>
  entry(Math.ceil(value / 60), { seconds: value, ...overrides });

describe("seconds are the unit of record", () => {
  it("19 min 59 s bills nothing: counted minutes are floored once, never rounded up", () => {
    const result = evaluatePatientMonth(month({ entries: [seconds(19 * 60 + 59)] }));
    expect(result.lines).toEqual([]);
    expect(result.countedMinutes).toEqual({ staff: 19, practitioner: 0 });
    expect(result.countedSeconds).toEqual({ staff: 1199, practitioner: 0 });
    expect(result.next).toEqual({ code: "99490", minutesNeeded: 1 });
  });

  it("three entries of 6 min 40 s make 20 minutes and bill 99490", () => {
    const input = month({ entries: [seconds(400), seconds(400), seconds(400)] });
    expect(linesOf(input)).toEqual([["99490", 1]]);
    expect(evaluatePatientMonth(input).countedSeconds.staff).toBe(1200);
  });

  it("seconds win over the typed minutes when both are present", () => {
    // A 2-second timer that claims 90 minutes counts 2 seconds (issue 14).
    const result = evaluatePatientMonth(month({ entries: [entry(90, { seconds: 2 })] }));
    expect(result.countedSeconds.staff).toBe(2);
    expect(result.countedMinutes.staff).toBe(0);
    expect(result.lines).toEqual([]);
  });

  it("a 30-second call counts 30 seconds, not a minute", () => {
    const input = month({ entries: [entry(20, { seconds: 1170 }), entry(1, { seconds: 30 })] });
    expect(evaluatePatientMonth(input).countedMinutes.staff).toBe(20);
    expect(evaluatePatientMonth(month({ entries: [entry(1, { seconds: 30 })] })).lines).toEqual([]);
  });

  it("12 min 30 s needs 8 more minutes for 99490 (ceil of the 450 seconds left)", () => {
    const result = evaluatePatientMonth(month({ entries: [seconds(750)] }));
    expect(result.next).toEqual({ code: "99490", minutesNeeded: 8 });
  });

  it("a concurrent group counts its longest entry, in seconds", () => {
    const input = month({
      entries: [
        seconds(601, { concurrentGroup: "huddle" }),
        seconds(659, { concurrentGroup: "huddle" }),
        seconds(600),
      ],
    });
    const result = evaluatePatientMonth(input);
    expect(result.countedSeconds.staff).toBe(1259);
    expect(result.countedMinutes.staff).toBe(20);
    expect(result.findings.find((f) => f.code === "concurrent_minutes")?.message).toContain(
      "10 minutes 1 second",
    );
  });

  it("practitioner seconds count for both lanes, floored per lane", () => {
    const input = month({
      entries: [seconds(1799, { performerRole: "billing_practitioner" }), seconds(61)],
    });
    const result = evaluatePatientMonth(input);
    expect(result.countedSeconds).toEqual({ staff: 1860, practitioner: 1799 });
    expect(result.countedMinutes).toEqual({ staff: 31, practitioner: 29 });
  });

  it("invalid seconds are ignored with a finding, even when the minutes look valid", () => {
    for (const bad of [-1, 12.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const result = evaluatePatientMonth(month({ entries: [entry(25, { seconds: bad })] }));
      expect(result.countedSeconds.staff).toBe(0);
      expect(result.findings.map((f) => f.code)).toContain("invalid_minutes");
    }
  });

  it("zero seconds is a valid (empty) measurement", () => {
    const result = evaluatePatientMonth(month({ entries: [entry(1, { seconds: 0 })] }));
    expect(result.countedSeconds.staff).toBe(0);
    expect(result.findings.map((f) => f.code)).not.toContain("invalid_minutes");
  });

  it("explains excluded time with its seconds", () => {
    const input = month({
      consent: { obtainedOn: "2026-03-20" },
      entries: [seconds(490, { performedOn: "2026-03-12" })],
    });
    expect(
      evaluatePatientMonth(input).findings.find((f) => f.code === "minutes_before_consent")
        ?.message,
    ).toBe("Consent is dated 2026-03-20; 8 minutes 10 seconds logged before it do not count.");
  });

  it("PCM counts seconds the same way", () => {
    const input = month({
      qualifyingChronicConditions: 1,
      entries: [seconds(1000), seconds(799)],
    });
    const result = evaluatePcmMonth(input);
    expect(result.countedSeconds.staff).toBe(1799);
    expect(result.lines).toEqual([]);
  });
});

describe("fractional minutes count their whole part", () => {
  it("20.5 minutes counts 20 and bills 99490 instead of being dropped", () => {
    const result = evaluatePatientMonth(staffMonth(20.5));
    expect(result.countedMinutes.staff).toBe(20);
    expect(result.lines.map((l) => l.code)).toEqual(["99490"]);
    expect(result.findings.map((f) => f.code)).not.toContain("invalid_minutes");
  });

  it("two entries of 10.9 minutes count 20 minutes (10 + 10), not 21", () => {
    const result = evaluatePatientMonth(month({ entries: [entry(10.9), entry(10.9)] }));
    expect(result.countedMinutes.staff).toBe(20);
  });

  it("zero, negative and non-finite minutes are still rejected", () => {
    for (const bad of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(codesOf(staffMonth(bad))).toContain("invalid_minutes");
    }
  });
});

describe("duplicate entry ids count once", () => {
  it("the same entry listed twice counts once, with a finding", () => {
    const once = entry(12);
    const result = evaluatePatientMonth(month({ entries: [once, { ...once }] }));
    expect(result.countedMinutes.staff).toBe(12);
    expect(result.lines).toEqual([]);
    const finding = result.findings.find((f) => f.code === "duplicate_entry_id");
    expect(finding?.severity).toBe("warn");
    expect(finding?.message).toContain(once.id);
  });

  it("copies of one id that disagree count none of them (the record is ambiguous)", () => {
    const a = entry(15, { id: "twin" });
    const b = entry(25, { id: "twin" });
    const result = evaluatePatientMonth(month({ entries: [a, b, entry(5)] }));
    expect(result.countedMinutes.staff).toBe(5);
    expect(result.findings.find((f) => f.code === "duplicate_entry_id")?.message).toContain(
      "different details",
    );
  });
});

describe("duplicate ids in a long month", () => {
  it("finds repeats among more than 32 entries too", () => {
    const entries = Array.from({ length: 40 }, (_, i) => entry(1, { id: `long-${i}` }));
    const repeated = [...entries, { ...(entries[7] as TimeEntryInput) }];
    const result = evaluatePatientMonth(month({ entries: repeated }));
    expect(result.countedMinutes.staff).toBe(40);
    expect(result.findings.find((f) => f.code === "duplicate_entry_id")?.message).toContain(
      "entry long-7",
    );
  });
});

describe("unknown performer roles do not count", () => {
  it("a role outside the contract is not treated as clinical staff", () => {
    const input = month({ entries: [entry(25, { performerRole: "nurse" as PerformerRole })] });
    const result = evaluatePatientMonth(input);
    expect(result.countedMinutes.staff).toBe(0);
    expect(result.lines).toEqual([]);
    expect(result.findings.find((f) => f.code === "unknown_performer_role")?.message).toContain(
      "nurse",
    );
  });
});

describe("invalid entry dates are rejected", () => {
  it("2026-02-30 does not count in February", () => {
    const input = month({
      serviceMonth: "2026-02",
      entries: [entry(25, { performedOn: "2026-02-30" })],
    });
    const result = evaluatePatientMonth(input);
    expect(result.countedMinutes.staff).toBe(0);
    expect(result.findings.map((f) => f.code)).toContain("invalid_entry_date");
    expect(result.findings.map((f) => f.code)).not.toContain("minutes_outside_month");
  });

  it("dates not written YYYY-MM-DD are rejected, not read as another month", () => {
    for (const bad of ["2026-03-1x", "2026/03/10", "10.03.2026", "2026-3-10", ""]) {
      const result = evaluatePatientMonth(month({ entries: [entry(25, { performedOn: bad })] }));
      expect(result.countedMinutes.staff).toBe(0);
      expect(result.findings.map((f) => f.code)).toContain("invalid_entry_date");
    }
  });

  it("29 February counts in a leap year only", () => {
    const leap = month({
      serviceMonth: "2024-02",
      entries: [entry(25, { performedOn: "2024-02-29" })],
    });
    expect(evaluatePatientMonth(leap).countedMinutes.staff).toBe(25);
    const common = month({
      serviceMonth: "2025-02",
      entries: [entry(25, { performedOn: "2025-02-29" })],
    });
    expect(codesOf(common)).toContain("invalid_entry_date");
  });
});

describe("codes are compared case-insensitively", () => {
  it("g0557 by the same practitioner is APCM and blocks CCM", () => {
    const input = staffMonth(40, { otherServices: [{ code: "g0557", samePractitioner: true }] });
    expect(codesOf(input)).toContain("apcm_same_practitioner");
    expect(linesOf(input)).toEqual([]);
  });

  it("g0511 at an FQHC and g0181 are recognised", () => {
    const fqhc = staffMonth(25, {
      setting: "fqhc",
      otherServices: [{ code: "g0511", samePractitioner: true }],
    });
    expect(codesOf(fqhc)).toContain("g0511_retired");
    const homeHealth = staffMonth(25, {
      otherServices: [{ code: " g0181 ", samePractitioner: false }],
    });
    expect(codesOf(homeHealth)).toContain("home_health_hospice_esrd_same_month");
  });

  it("PCM and APCM read lower-case codes too", () => {
    const pcm = evaluatePcmMonth(
      staffMonth(35, {
        qualifyingChronicConditions: 1,
        otherServices: [{ code: "g0556", samePractitioner: true }],
      }),
    );
    expect(pcm.findings.map((f) => f.code)).toContain("apcm_same_practitioner");
    const apcm = selectApcmLevel({
      serviceMonth: "2026-03",
      qualifyingChronicConditions: 2,
      isQmb: false,
      consent: { obtainedOn: "2025-01-01" },
      initiatingVisit: { required: false },
      otherServices: [{ code: "g0558", samePractitioner: false }],
    });
    expect(apcm.findings.map((f) => f.code)).toContain("apcm_billed_elsewhere");
  });

  it("minutes counted for g0506 and G0506 are one service in the message", () => {
    const input = month({
      entries: [entry(5, { countedForService: "g0506" }), entry(5, { countedForService: "G0506" })],
    });
    expect(
      evaluatePatientMonth(input).findings.find((f) => f.code === "minutes_counted_elsewhere")
        ?.message,
    ).toBe("10 minutes already support G0506 and cannot count again.");
  });

  it("checkBillingLines reads lower-case codes", () => {
    const codes = checkBillingLines([
      { code: "99490", units: 1, amountCents: 0 },
      { code: "g0506", units: 1, amountCents: 0 },
      { code: "G0506", units: 1, amountCents: 0 },
    ]).map((f) => f.code);
    expect(codes).toContain("duplicate_line");
  });
});

describe("a once-a-month CCM code billed elsewhere excludes ours", () => {
  it("a second 99490 by the same practitioner blocks the month", () => {
    const input = staffMonth(40, { otherServices: [{ code: "99490", samePractitioner: true }] });
    expect(codesOf(input)).toContain("ccm_already_billed");
    expect(linesOf(input)).toEqual([]);
  });

  it("every time-based CCM code does, by either practitioner", () => {
    for (const code of ["99490", "99439", "99487", "99489", "99491", "99437"]) {
      for (const samePractitioner of [true, false]) {
        const input = staffMonth(40, { otherServices: [{ code, samePractitioner }] });
        expect(linesOf(input)).toEqual([]);
      }
    }
  });
});

describe("a consent obtained after an older revocation supersedes it", () => {
  it("re-consent in February after a November revocation: March bills", () => {
    const input = staffMonth(25, {
      consent: { obtainedOn: "2026-02-01", revokedOn: "2025-11-15" },
    });
    expect(linesOf(input)).toEqual([["99490", 1]]);
    expect(codesOf(input)).not.toContain("consent_revoked");
  });

  it("re-consent in the month counts minutes from the new consent date", () => {
    const input = month({
      consent: { obtainedOn: "2026-03-20", revokedOn: "2025-11-15" },
      entries: [entry(10, { performedOn: "2026-03-05" }), entry(22, { performedOn: "2026-03-25" })],
    });
    const result = evaluatePatientMonth(input);
    expect(result.countedMinutes.staff).toBe(22);
    expect(linesOf(input)).toEqual([["99490", 1]]);
  });

  it("APCM reads re-consent the same way", () => {
    const apcm = (consent: { obtainedOn: string; revokedOn?: string }) =>
      selectApcmLevel({
        serviceMonth: "2026-03",
        qualifyingChronicConditions: 2,
        isQmb: false,
        consent,
        initiatingVisit: { required: false },
        otherServices: [],
      }).code;
    expect(apcm({ obtainedOn: "2026-02-01", revokedOn: "2025-11-15" })).toBe("G0557");
    expect(apcm({ obtainedOn: "2025-06-01", revokedOn: "2026-01-10" })).toBeNull();
  });

  it("a revocation after the consent still blocks the months after it", () => {
    const input = staffMonth(25, {
      consent: { obtainedOn: "2025-06-01", revokedOn: "2026-01-10" },
    });
    expect(codesOf(input)).toContain("consent_revoked");
  });
});
