import { describe, expect, it } from "vitest";
import { evaluatePatientMonth } from "./evaluate.js";
import { isMonthBlocked } from "./findings.js";
import { byRole, entry, month, staffMonth } from "./testing/fixtures.js";
import type { PatientMonthInput, PatientMonthResult } from "./types.js";

const codes = (result: PatientMonthResult): string[] => result.findings.map((f) => f.code);
const messageOf = (result: PatientMonthResult, code: string): string | undefined =>
  result.findings.find((f) => f.code === code)?.message;
const in2025 = (minutes: number, overrides: Partial<PatientMonthInput> = {}): PatientMonthInput =>
  month({
    serviceMonth: "2025-05",
    entries: [entry(minutes, { performedOn: "2025-05-06" })],
    ...overrides,
  });

describe("evaluatePatientMonth: month prerequisites", () => {
  it("rejects a malformed service month", () => {
    for (const serviceMonth of ["2026-3", "2026-13", "26-03-01", "2026/03", "abcd-ef"]) {
      const result = evaluatePatientMonth(month({ serviceMonth }));
      expect(codes(result)).toEqual(["invalid_service_month"]);
      expect(result.lane).toBeNull();
    }
  });

  it("reports every blocking reason at once", () => {
    const result = evaluatePatientMonth(
      staffMonth(40, {
        qualifyingChronicConditions: 1,
        consent: null,
        initiatingVisit: { required: true },
        carePlan: { exists: false },
      }),
    );
    expect(codes(result)).toEqual([
      "too_few_conditions",
      "initiating_visit_missing",
      "care_plan_missing",
      "consent_missing",
    ]);
    expect(result.countedMinutes.staff).toBe(40);
    expect(result.lines).toEqual([]);
    expect(result.next).toBeNull();
    expect(messageOf(result, "too_few_conditions")).toBe(
      "CCM needs 2 or more qualifying chronic conditions; 1 attested. Consider PCM (99424–99427) for one complex condition.",
    );
  });

  it("blocks consent with malformed dates and consent after the month", () => {
    expect(
      codes(evaluatePatientMonth(staffMonth(30, { consent: { obtainedOn: "03/02/2026" } }))),
    ).toEqual(["consent_date_invalid"]);
    const revokedBad = evaluatePatientMonth(
      staffMonth(30, { consent: { obtainedOn: "2026-01-01", revokedOn: "soon" } }),
    );
    expect(codes(revokedBad)).toEqual(["consent_date_invalid"]);
    const late = evaluatePatientMonth(staffMonth(30, { consent: { obtainedOn: "2026-04-02" } }));
    expect(messageOf(late, "consent_after_month")).toBe(
      "Consent is dated 2026-04-02, after the service month 2026-03; nothing in 2026-03 can be billed.",
    );
  });

  it("ignores a revocation after the month", () => {
    const result = evaluatePatientMonth(
      staffMonth(30, { consent: { obtainedOn: "2025-01-01", revokedOn: "2026-05-01" } }),
    );
    expect(result.lane).toBe("staff");
    expect(result.findings).toEqual([]);
  });

  it("warns when consent is older than the practice's reconfirm period", () => {
    const input = staffMonth(30, { consent: { obtainedOn: "2025-02-10" } });
    expect(codes(evaluatePatientMonth(input))).toEqual([]);
    const result = evaluatePatientMonth(input, { consentReconfirmMonths: 12 });
    expect(messageOf(result, "consent_reconfirm_due")).toBe(
      "Consent is dated 2025-02-10, 13 months before 2026-03; this practice reconfirms consent every 12 months (CMS requires it only once).",
    );
    expect(result.lane).toBe("staff");
    expect(codes(evaluatePatientMonth(input, { consentReconfirmMonths: 14 }))).toEqual([]);
  });

  it("needs the initiating visit on or before the end of the month", () => {
    const after = evaluatePatientMonth(
      staffMonth(30, { initiatingVisit: { required: true, completedOn: "2026-04-01" } }),
    );
    expect(messageOf(after, "initiating_visit_missing")).toContain(
      "the one recorded (2026-04-01) is not on or before the end of 2026-03",
    );
    // A visit on the last day: minutes that day count, minutes before it do not (issue 15).
    const visit = { required: true, completedOn: "2026-03-31" };
    const done = evaluatePatientMonth(
      month({ initiatingVisit: visit, entries: [entry(30, { performedOn: "2026-03-31" })] }),
    );
    expect(done.lane).toBe("staff");
    const before = evaluatePatientMonth(staffMonth(30, { initiatingVisit: visit }));
    expect(before.lane).toBeNull();
    expect(codes(before)).toContain("minutes_before_initiating_visit");
  });

  it("treats G0181/G0182/ESRD months per option", () => {
    for (const code of ["G0181", "G0182", "90951", "90970"]) {
      const input = staffMonth(30, { otherServices: [{ code, samePractitioner: false }] });
      expect(codes(evaluatePatientMonth(input))).toEqual(["home_health_hospice_esrd_same_month"]);
      expect(evaluatePatientMonth(input, { ccmBlockedByG0181G0182Esrd: false }).lane).toBe("staff");
    }
    expect(
      evaluatePatientMonth(
        staffMonth(30, { otherServices: [{ code: "90971", samePractitioner: true }] }),
      ).lane,
    ).toBe("staff");
    expect(
      evaluatePatientMonth(
        staffMonth(30, { otherServices: [{ code: "90950", samePractitioner: true }] }),
      ).lane,
    ).toBe("staff");
  });

  it("reports each exclusion code once and allows BHI, RPM and a different practitioner's APCM", () => {
    const twoPcm = evaluatePatientMonth(
      staffMonth(30, {
        otherServices: [
          { code: "99426", samePractitioner: true },
          { code: "99427", samePractitioner: true },
        ],
      }),
    );
    expect(codes(twoPcm)).toEqual(["pcm_same_practitioner"]);
    const allowed = staffMonth(30, {
      otherServices: [
        { code: "99484", samePractitioner: true },
        { code: "99454", samePractitioner: true },
        { code: "G0557", samePractitioner: false },
      ],
    });
    expect(evaluatePatientMonth(allowed).lane).toBe("staff");
    // The same practitioner's 99490 billed elsewhere is a second claim (issue 15): blocked.
    const again = staffMonth(30, { otherServices: [{ code: "99490", samePractitioner: true }] });
    expect(codes(evaluatePatientMonth(again))).toEqual(["ccm_already_billed"]);
  });

  it("blocks when another practitioner's CCM appears among other services or the flag is set", () => {
    const listed = evaluatePatientMonth(
      staffMonth(30, { otherServices: [{ code: "99491", samePractitioner: false }] }),
    );
    expect(messageOf(listed, "ccm_billed_elsewhere")).toBe(
      "Another practitioner bills CCM (99491) for 2026-03; only one practitioner can be paid for CCM per month.",
    );
    const both = evaluatePatientMonth(
      staffMonth(30, {
        ccmBilledByAnotherPractitioner: true,
        otherServices: [{ code: "99490", samePractitioner: false }],
      }),
    );
    expect(codes(both)).toEqual(["ccm_billed_elsewhere"]);
  });

  it("applies the RHC/FQHC code timeline", () => {
    const fqhc2024 = evaluatePatientMonth(
      month({
        serviceMonth: "2024-06",
        setting: "rhc",
        entries: [entry(30, { performedOn: "2024-06-03" })],
      }),
    );
    expect(codes(fqhc2024)).toEqual(["fqhc_rhc_individual_codes_not_yet"]);
    const withG0511 = in2025(30, {
      setting: "fqhc",
      otherServices: [{ code: "G0511", samePractitioner: true }],
    });
    expect(codes(evaluatePatientMonth(withG0511))).toEqual(["g0511_with_individual_codes"]);
    expect(
      codes(
        evaluatePatientMonth(
          {
            ...withG0511,
            serviceMonth: "2025-07",
            entries: [entry(30, { performedOn: "2025-07-01" })],
          },
          { g0511CutoffDate: "2025-07-01" },
        ),
      ),
    ).toEqual(["g0511_retired"]);
    const office = in2025(30, { otherServices: [{ code: "G0511", samePractitioner: true }] });
    expect(evaluatePatientMonth(office).lane).toBe("staff");
    const sept = {
      ...withG0511,
      serviceMonth: "2025-09",
      entries: [entry(30, { performedOn: "2025-09-01" })],
    };
    expect(codes(evaluatePatientMonth(sept))).toEqual(["g0511_with_individual_codes"]);
    expect(codes(evaluatePatientMonth({ ...sept, serviceMonth: "2025-10" }))).toContain(
      "g0511_retired",
    );
  });

  it("raises no_interactive_contact per option, only when contact is known to be missing", () => {
    const input = staffMonth(30, { hadInteractiveContact: false });
    const warned = evaluatePatientMonth(input);
    expect(warned.findings).toEqual([
      expect.objectContaining({ code: "no_interactive_contact", severity: "warn" }),
    ]);
    expect(warned.lane).toBe("staff");
    const blocked = evaluatePatientMonth(input, { interactiveContact: "block" });
    expect(blocked.lines).toEqual([]);
    expect(isMonthBlocked(blocked.findings)).toBe(true);
    expect(evaluatePatientMonth(input, { interactiveContact: "off" }).findings).toEqual([]);
    expect(evaluatePatientMonth(staffMonth(30), { interactiveContact: "block" }).lane).toBe(
      "staff",
    );
  });
});

describe("evaluatePatientMonth: minute counting", () => {
  it("ignores invalid durations and names the entry; a fractional minute counts its whole part", () => {
    const result = evaluatePatientMonth(
      month({
        entries: [
          entry(25),
          entry(0, { id: "zz" }),
          entry(2.5, { id: "frac" }),
          entry(-3, { id: "x" }),
          entry(5, { id: "bad-1", seconds: -1 }),
        ],
      }),
    );
    expect(result.countedMinutes.staff).toBe(27);
    expect(messageOf(result, "invalid_minutes")).toBe(
      "3 entries have a duration that is not valid (seconds must be a whole number of at least 0, minutes a positive number) (e.g. entry bad-1); ignored.",
    );
    const one = evaluatePatientMonth(month({ entries: [entry(Number.NaN, { id: "n" })] }));
    expect(messageOf(one, "invalid_minutes")).toContain("1 entry has a duration");
  });

  it("attributes each excluded minute to one reason, with singular wording", () => {
    const result = evaluatePatientMonth(
      month({
        consent: { obtainedOn: "2026-03-05" },
        entries: [
          byRole(1, "non_clinical"),
          entry(1, { performedOn: "2026-02-27" }),
          entry(1, { performerInUS: false }),
          entry(1, { performedOn: "2026-03-01" }),
          entry(1, { partOfFaceToFaceVisit: true }),
          entry(1, { countedForService: "99457" }),
          entry(2, { countedForService: "99495" }),
          entry(3, { countedForService: "99457" }),
          entry(30, { countedForService: "" }),
        ],
      }),
    );
    expect(result.countedMinutes.staff).toBe(30);
    expect(result.findings.map((f) => f.message)).toEqual([
      "1 minute by non-clinical staff does not count; only clinical staff and the billing practitioner count.",
      "1 minute dated outside 2026-03 does not count; minutes cannot be pooled across months.",
      "1 minute was furnished from outside the US and is never billable (42 CFR 411.9).",
      "Consent is dated 2026-03-05; 1 minute logged before it does not count.",
      "1 minute was part of a face-to-face visit; that time belongs to the visit, not CCM.",
      "6 minutes already support 99457, 99495 and cannot count again.",
    ]);
  });

  it("counts a concurrent group once, by its longest entry, for staff and practitioner", () => {
    const result = evaluatePatientMonth(
      month({
        entries: [
          entry(10, { concurrentGroup: "huddle" }),
          byRole(15, "billing_practitioner"),
          { ...byRole(12, "billing_practitioner"), concurrentGroup: "huddle" },
          entry(8, { concurrentGroup: "huddle" }),
          entry(5, { concurrentGroup: "other" }),
        ],
      }),
    );
    expect(result.countedMinutes).toEqual({ staff: 15 + 12 + 5, practitioner: 15 + 12 });
    expect(messageOf(result, "concurrent_minutes")).toBe(
      "18 minutes overlapped other staff's time in the same activity and were not counted twice.",
    );
  });

  it("uses string dates only: a malformed entry date is outside the month", () => {
    const result = evaluatePatientMonth(
      month({ entries: [entry(25, { performedOn: "2026-03-5" })] }),
    );
    expect(result.countedMinutes.staff).toBe(0);
  });
});

describe("evaluatePatientMonth: database-shaped input", () => {
  it("treats null optional fields like absent ones", () => {
    const input = {
      ...staffMonth(0),
      consent: { obtainedOn: "2025-01-01", revokedOn: null },
      initiatingVisit: { required: true, completedOn: null },
      g0506: null,
      entries: [
        {
          ...entry(25),
          countedForService: null,
          concurrentGroup: null,
          partOfFaceToFaceVisit: null,
        },
      ],
    } as unknown as PatientMonthInput;
    const result = evaluatePatientMonth(input);
    expect(result.countedMinutes.staff).toBe(25);
    expect(codes(result)).toEqual(["initiating_visit_missing"]);
    const visited = {
      ...input,
      initiatingVisit: { required: false, completedOn: null },
    } as unknown as PatientMonthInput;
    expect(evaluatePatientMonth(visited).lines.map((l) => l.code)).toEqual(["99490"]);
  });
});

describe("evaluatePatientMonth: lanes and options", () => {
  it("caps 99489 when asked and says how many minutes were lost", () => {
    const result = evaluatePatientMonth(staffMonth(200, { complexMdm: true }), { cap99489: 2 });
    expect(result.lines.map((l) => [l.code, l.units])).toEqual([
      ["99487", 1],
      ["99489", 2],
    ]);
    expect(result.next).toBeNull();
    expect(messageOf(result, "minutes_above_cap")).toBe(
      "200 countable minutes; 99489 is limited to 2 units, so 80 minutes above the limit are not billable.",
    );
  });

  it("warns above 2 units of 99437 and honours the warning threshold", () => {
    const input = month({ entries: [byRole(125, "billing_practitioner")] });
    const result = evaluatePatientMonth(input);
    expect(result.lines.map((l) => [l.code, l.units])).toEqual([
      ["99491", 1],
      ["99437", 3],
    ]);
    expect(messageOf(result, "99437_above_2")).toBe(
      "3 units of 99437 are billed; CMS sets no limit, but some payers deny more than 2 (MUE). Review before submitting.",
    );
    expect(codes(evaluatePatientMonth(input, { warn99437Above: 3 }))).not.toContain(
      "99437_above_2",
    );
  });

  it("requires a substantially revised plan for complex only when the option is on", () => {
    const input = staffMonth(70, { complexMdm: true });
    expect(evaluatePatientMonth(input, { requireSubstantialRevisionForComplex: true }).lane).toBe(
      "staff",
    );
    expect(
      codes(evaluatePatientMonth(input, { requireSubstantialRevisionForComplex: true })),
    ).toContain("complex_needs_substantial_revision");
    const revised = { ...input, carePlan: { exists: true, substantiallyRevised: true } };
    expect(evaluatePatientMonth(revised, { requireSubstantialRevisionForComplex: true }).lane).toBe(
      "complex",
    );
  });

  it("does not flag complex as paying less when it pays more", () => {
    const result = evaluatePatientMonth(staffMonth(120, { complexMdm: true }));
    expect(result.lines.map((l) => l.amountCents)).toEqual([14429, 2 * 7816]);
    expect(codes(result)).not.toContain("complex_pays_less");
  });

  it("says so when complex MDM is documented but minutes are below 20", () => {
    const result = evaluatePatientMonth(staffMonth(5, { complexMdm: true }));
    expect(codes(result)).toEqual(["complex_fallback_to_staff", "below_threshold"]);
    expect(result.next).toEqual({ code: "99490", minutesNeeded: 15 });
  });

  it("prices lines from the tenant fee schedule before the national table", () => {
    const input = month({ entries: [byRole(30, "billing_practitioner")] });
    const result = evaluatePatientMonth(input, {
      feeSchedule: { "99491": { 2026: 8450 }, "99490": { 2025: 1 } },
    });
    expect(result.lines).toEqual([{ code: "99491", units: 1, amountCents: 8450 }]);
    expect(result.findings).toEqual([]);
  });

  it("uses the 2024 amounts by date of service", () => {
    const feb = month({
      serviceMonth: "2024-02",
      entries: [entry(20, { performedOn: "2024-02-10" })],
    });
    const mar = month({
      serviceMonth: "2024-03",
      entries: [entry(20, { performedOn: "2024-03-10" })],
    });
    expect(evaluatePatientMonth(feb).lines[0]?.amountCents).toBe(6156);
    expect(evaluatePatientMonth(mar).lines[0]?.amountCents).toBe(6258);
    expect(
      evaluatePatientMonth(mar, { dateOfService: "first_day_of_month" }).lines[0]?.amountCents,
    ).toBe(6156);
  });

  it("prices a year with no table entries at 0 and explains it", () => {
    const result = evaluatePatientMonth(
      month({ serviceMonth: "2027-01", entries: [entry(20, { performedOn: "2027-01-04" })] }),
    );
    expect(result.lines).toEqual([{ code: "99490", units: 1, amountCents: 0 }]);
    expect(messageOf(result, "rate_unknown")).toBe(
      "No confirmed 2027 amount for 99490; the line is priced at $0.00 (lanes were compared at its latest confirmed amount, $66.13). Add it to the practice fee schedule to price it.",
    );
    const g0506 = evaluatePatientMonth(
      staffMonth(20, { g0506: { withInitiatingVisit: true, previouslyBilled: false } }),
    );
    expect(messageOf(g0506, "rate_unknown")).toBe(
      "No confirmed 2026 amount for G0506; the line is priced at $0.00. Add it to the practice fee schedule to price it.",
    );
  });

  it("bills a valid G0506 even before the time threshold, without a lane", () => {
    const result = evaluatePatientMonth(
      staffMonth(5, { g0506: { withInitiatingVisit: true, previouslyBilled: false } }),
    );
    expect(result.lane).toBeNull();
    expect(result.lines.map((l) => l.code)).toEqual(["G0506"]);
  });

  it("refuses both G0506 problems at once but keeps the month", () => {
    const result = evaluatePatientMonth(
      staffMonth(25, { g0506: { withInitiatingVisit: false, previouslyBilled: true } }),
    );
    expect(codes(result)).toEqual(["g0506_previously_billed", "g0506_without_initiating_visit"]);
    expect(result.lines.map((l) => l.code)).toEqual(["99490"]);
    expect(isMonthBlocked(result.findings)).toBe(false);
  });

  it("is reusable with one options object across many calls", () => {
    const options = { cap99437: 1 };
    const first = evaluatePatientMonth(
      month({ entries: [byRole(95, "billing_practitioner")] }),
      options,
    );
    const second = evaluatePatientMonth(
      month({ entries: [byRole(95, "billing_practitioner")] }),
      options,
    );
    expect(second).toEqual(first);
    expect(first.lane).toBe("staff");
  });
});
