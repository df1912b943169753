/**
 * Acceptance scenarios of the research notes §15 that the contract covers, as one table.
 * Defaults (§15): 2026, non-QP, office, 2+ conditions, consent before the month, no initiating
 * visit needed, care plan in place, US clinical staff, no other services.
 *
 * Changed or re-read scenarios (also listed in README.md):
 * - #16, #19: 99491 has no confirmed 2026 amount (§2.2), so its 2026 line is priced at 0 with a
 *   `rate_unknown` warning; the lane comparison uses 2025's $82.16 per the contract. A 2025
 *   variant of each asserts the amounts the notes quote.
 * - #18: the notes state 2025 amounts ($152.35 vs $139.74); the 2026 row asserts the 2026 staff
 *   lane ($167.01) and a 2025 row asserts $152.35. The outcome (staff lane) is the same.
 * - #21 is about never emitting invalid pairs: the engine cannot be "asked" for lines, so the
 *   row checks `checkBillingLines` rejects each pairing; the property suite proves the engine
 *   never produces one.
 * - #30: CCM is blocked; the PCM alternative is asserted with `evaluatePcmMonth` (99426 has no
 *   confirmed amount, so 0 cents).
 * - #39: the engine does not emit the E/M visit itself; G0506 has no confirmed amount (0 cents).
 * - #43: the contract makes a G0511 month a block; "bill 99490 instead" is the re-run without
 *   G0511, asserted at the 2025 rate.
 * - #45 needs the option `conversionFactor: "qp"`.
 * - #46 (RPM 99445/99470) is outside this contract: the engine does not code RPM.
 *
 * Rows S1–S11 are not in §15: they pin time in seconds (§11.2–11.3, issue 14) and the package
 * defects of issue 15 (duplicate ids, unknown roles, impossible dates, code case, a second CCM
 * claim by the same practitioner, re-consent after revocation, fractional minutes), the
 * initiating visit's date bounding the month (§5) and entries awaiting review (issue 15).
 */
import { describe, expect, it } from "vitest";
import { calculateCoinsuranceCents } from "./coinsurance.js";
import { evaluatePatientMonth } from "./evaluate.js";
import { checkBillingLines } from "./line-validation.js";
import type { RuleOptions } from "./options.js";
import { evaluatePcmMonth } from "./pcm.js";
import { byRole, entry, month, staffMonth } from "./testing/fixtures.js";
import type { BillingLine, PatientMonthInput, PerformerRole } from "./types.js";

type Line = [code: string, units: number, cents: number];

interface Scenario {
  id: string;
  input: PatientMonthInput;
  options?: Partial<RuleOptions>;
  lines: Line[];
  /** Finding codes that must be present. */
  findings?: string[];
  total?: number;
}

const practitioner = (
  minutes: number,
  overrides: Partial<PatientMonthInput> = {},
): PatientMonthInput => month({ entries: [byRole(minutes, "billing_practitioner")], ...overrides });
const in2025 = (m: number): Partial<PatientMonthInput> => ({
  serviceMonth: "2025-03",
  entries: [entry(m, { performedOn: "2025-03-10" })],
});

const scenarios: Scenario[] = [
  { id: "1: 19 staff min", input: staffMonth(19), lines: [], findings: ["below_threshold"] },
  { id: "2: 20 staff min", input: staffMonth(20), lines: [["99490", 1, 6613]] },
  { id: "3: 39 staff min", input: staffMonth(39), lines: [["99490", 1, 6613]] },
  {
    id: "4: 40 staff min",
    input: staffMonth(40),
    lines: [
      ["99490", 1, 6613],
      ["99439", 1, 5044],
    ],
    total: 11657,
  },
  {
    id: "5: 45 staff min",
    input: staffMonth(45),
    lines: [
      ["99490", 1, 6613],
      ["99439", 1, 5044],
    ],
  },
  {
    id: "6: 59 staff min",
    input: staffMonth(59),
    lines: [
      ["99490", 1, 6613],
      ["99439", 1, 5044],
    ],
  },
  {
    id: "7: 60 staff min",
    input: staffMonth(60),
    lines: [
      ["99490", 1, 6613],
      ["99439", 2, 10088],
    ],
    total: 16701,
  },
  {
    id: "8: 95 staff min, non-complex",
    input: staffMonth(95),
    lines: [
      ["99490", 1, 6613],
      ["99439", 2, 10088],
    ],
    findings: ["minutes_above_cap"],
  },
  {
    id: "9: 60 complex",
    input: staffMonth(60, { complexMdm: true }),
    lines: [["99487", 1, 14429]],
    findings: ["complex_pays_less"],
    total: 14429,
  },
  {
    id: "10: 75 complex",
    input: staffMonth(75, { complexMdm: true }),
    lines: [["99487", 1, 14429]],
  },
  {
    id: "11: 89 complex",
    input: staffMonth(89, { complexMdm: true }),
    lines: [["99487", 1, 14429]],
  },
  {
    id: "12: 90 complex",
    input: staffMonth(90, { complexMdm: true }),
    lines: [
      ["99487", 1, 14429],
      ["99489", 1, 7816],
    ],
    total: 22245,
  },
  {
    id: "13: 150 complex, no cap",
    input: staffMonth(150, { complexMdm: true }),
    lines: [
      ["99487", 1, 14429],
      ["99489", 3, 23448],
    ],
  },
  {
    id: "14: 55 complex falls back",
    input: staffMonth(55, { complexMdm: true }),
    lines: [
      ["99490", 1, 6613],
      ["99439", 1, 5044],
    ],
    findings: ["complex_fallback_to_staff"],
  },
  {
    id: "15: 70 without MDM",
    input: staffMonth(70),
    lines: [
      ["99490", 1, 6613],
      ["99439", 2, 10088],
    ],
  },
  {
    id: "16: practitioner 30 (2026)",
    input: practitioner(30),
    lines: [["99491", 1, 0]],
    findings: ["rate_unknown"],
  },
  {
    id: "16: practitioner 30 (2025)",
    input: practitioner(30, {
      serviceMonth: "2025-03",
      entries: [entry(30, { performerRole: "billing_practitioner", performedOn: "2025-03-10" })],
    }),
    lines: [["99491", 1, 8216]],
  },
  { id: "17: practitioner 29", input: practitioner(29), lines: [["99490", 1, 6613]] },
  {
    id: "18: practitioner 60 (2026)",
    input: practitioner(60),
    lines: [
      ["99490", 1, 6613],
      ["99439", 2, 10088],
    ],
    total: 16701,
  },
  {
    id: "18: practitioner 60 (2025)",
    input: practitioner(60, {
      serviceMonth: "2025-03",
      entries: [entry(60, { performerRole: "billing_practitioner", performedOn: "2025-03-10" })],
    }),
    lines: [
      ["99490", 1, 6049],
      ["99439", 2, 9186],
    ],
    total: 15235,
  },
  {
    id: "19: practitioner 95 (2026)",
    input: practitioner(95),
    lines: [
      ["99491", 1, 0],
      ["99437", 2, 12626],
    ],
    findings: ["rate_unknown"],
  },
  {
    id: "19: practitioner 95 (2025)",
    input: practitioner(95, {
      serviceMonth: "2025-03",
      entries: [entry(95, { performerRole: "billing_practitioner", performedOn: "2025-03-10" })],
    }),
    lines: [
      ["99491", 1, 8216],
      ["99437", 2, 11516],
    ],
    total: 19732,
  },
  {
    id: "20: practitioner 25 + staff 15",
    input: month({ entries: [byRole(25, "billing_practitioner"), entry(15)] }),
    lines: [
      ["99490", 1, 6613],
      ["99439", 1, 5044],
    ],
  },
  {
    id: "22: March half of a split",
    input: month({
      entries: [entry(15, { performedOn: "2026-03-28" }), entry(10, { performedOn: "2026-04-03" })],
    }),
    lines: [],
    findings: ["minutes_outside_month", "below_threshold"],
  },
  {
    id: "22: April half of a split",
    input: month({
      serviceMonth: "2026-04",
      entries: [entry(15, { performedOn: "2026-03-28" }), entry(10, { performedOn: "2026-04-03" })],
    }),
    lines: [],
    findings: ["minutes_outside_month", "below_threshold"],
  },
  {
    id: "23: concurrent conference + calls",
    input: month({
      entries: [
        entry(10, { concurrentGroup: "conf" }),
        entry(10, { concurrentGroup: "conf" }),
        entry(12),
      ],
    }),
    lines: [["99490", 1, 6613]],
    findings: ["concurrent_minutes"],
  },
  {
    id: "24: scheduler + RN",
    input: month({ entries: [byRole(15, "non_clinical"), entry(10)] }),
    lines: [],
    findings: ["non_clinical_minutes", "below_threshold"],
  },
  {
    id: "25: offshore coordinator",
    input: month({ entries: [entry(30, { performerInUS: false })] }),
    lines: [],
    findings: ["offshore_minutes", "below_threshold"],
  },
  {
    id: "26: consent on the 20th",
    input: month({
      consent: { obtainedOn: "2026-03-20" },
      entries: [entry(8, { performedOn: "2026-03-12" }), entry(17, { performedOn: "2026-03-24" })],
    }),
    lines: [],
    findings: ["minutes_before_consent", "below_threshold"],
  },
  {
    id: "27: no initiating visit",
    input: staffMonth(30, { initiatingVisit: { required: true } }),
    lines: [],
    findings: ["initiating_visit_missing"],
  },
  {
    id: "28: seen 14 months ago, visit done",
    input: staffMonth(30, { initiatingVisit: { required: true, completedOn: "2026-03-02" } }),
    lines: [["99490", 1, 6613]],
  },
  {
    id: "28: seen 14 months ago, visit not done",
    input: staffMonth(30, { initiatingVisit: { required: true } }),
    lines: [],
    findings: ["initiating_visit_missing"],
  },
  { id: "29: seen 8 months ago", input: staffMonth(30), lines: [["99490", 1, 6613]] },
  {
    id: "30: one condition",
    input: staffMonth(35, { qualifyingChronicConditions: 1 }),
    lines: [],
    findings: ["too_few_conditions"],
  },
  {
    id: "31: same practitioner PCM",
    input: staffMonth(30, { otherServices: [{ code: "99426", samePractitioner: true }] }),
    lines: [],
    findings: ["pcm_same_practitioner"],
  },
  {
    id: "32: cardiologist PCM",
    input: staffMonth(25, { otherServices: [{ code: "99424", samePractitioner: false }] }),
    lines: [["99490", 1, 6613]],
  },
  {
    id: "33: CCM billed elsewhere",
    input: staffMonth(40, { ccmBilledByAnotherPractitioner: true }),
    lines: [],
    findings: ["ccm_billed_elsewhere"],
  },
  {
    id: "34: TCM same month",
    input: staffMonth(25, { otherServices: [{ code: "99495", samePractitioner: true }] }),
    lines: [["99490", 1, 6613]],
  },
  {
    id: "34: TCM, practice disallows",
    input: staffMonth(25, { otherServices: [{ code: "99495", samePractitioner: true }] }),
    options: { canBillCcmWithTcm: false },
    lines: [],
    findings: ["tcm_same_month"],
  },
  {
    id: "35: RPM separate minutes",
    input: staffMonth(22, { otherServices: [{ code: "99457", samePractitioner: true }] }),
    lines: [["99490", 1, 6613]],
  },
  {
    id: "36: minutes used by RPM",
    input: month({
      otherServices: [{ code: "99457", samePractitioner: true }],
      entries: [entry(20, { countedForService: "99457" })],
    }),
    lines: [],
    findings: ["minutes_counted_elsewhere"],
  },
  {
    id: "37: APCM same practitioner",
    input: staffMonth(40, { otherServices: [{ code: "G0557", samePractitioner: true }] }),
    lines: [],
    findings: ["apcm_same_practitioner"],
  },
  {
    id: "38: E/M visit minutes",
    input: month({
      entries: [
        entry(20, { partOfFaceToFaceVisit: true }),
        entry(12, { performedOn: "2026-03-14" }),
      ],
    }),
    lines: [],
    findings: ["face_to_face_minutes", "below_threshold"],
  },
  {
    id: "39: G0506 at initiation",
    input: staffMonth(25, { g0506: { withInitiatingVisit: true, previouslyBilled: false } }),
    lines: [
      ["99490", 1, 6613],
      ["G0506", 1, 0],
    ],
    findings: ["rate_unknown"],
  },
  {
    id: "40: G0506 again",
    input: staffMonth(25, { g0506: { withInitiatingVisit: true, previouslyBilled: true } }),
    lines: [["99490", 1, 6613]],
    findings: ["g0506_previously_billed"],
  },
  {
    id: "41: G0506 without visit",
    input: staffMonth(25, { g0506: { withInitiatingVisit: false, previouslyBilled: false } }),
    lines: [["99490", 1, 6613]],
    findings: ["g0506_without_initiating_visit"],
  },
  {
    id: "42: revoked on the 15th",
    input: month({
      consent: { obtainedOn: "2025-10-01", revokedOn: "2026-03-15" },
      entries: [entry(25, { performedOn: "2026-03-05" })],
    }),
    lines: [["99490", 1, 6613]],
    findings: ["consent_revoked_this_month"],
  },
  {
    id: "42: the month after revocation",
    input: month({
      serviceMonth: "2026-04",
      consent: { obtainedOn: "2025-10-01", revokedOn: "2026-03-15" },
      entries: [entry(25, { performedOn: "2026-04-05" })],
    }),
    lines: [],
    findings: ["consent_revoked"],
  },
  {
    id: "43: FQHC Nov 2025 with G0511",
    input: month({
      serviceMonth: "2025-11",
      setting: "fqhc",
      otherServices: [{ code: "G0511", samePractitioner: true }],
      entries: [entry(25, { performedOn: "2025-11-10" })],
    }),
    lines: [],
    findings: ["g0511_retired"],
  },
  {
    id: "43: FQHC Nov 2025 billing 99490",
    input: month({
      serviceMonth: "2025-11",
      setting: "fqhc",
      entries: [entry(25, { performedOn: "2025-11-10" })],
    }),
    lines: [["99490", 1, 6049]],
  },
  {
    id: "44: 2025, 45 staff min",
    input: month(in2025(45)),
    lines: [
      ["99490", 1, 6049],
      ["99439", 1, 4593],
    ],
    total: 10642,
  },
  {
    id: "45: 2026 QP, 60 staff min",
    input: staffMonth(60),
    options: { conversionFactor: "qp" },
    lines: [
      ["99490", 1, 6646],
      ["99439", 2, 10138],
    ],
    total: 16784,
  },
  // Time in seconds and the package defects of issue 15 (not §15 rows; same 2026 defaults).
  {
    id: "S1: 19 min 59 s measured (floored once, never rounded up)",
    input: month({ entries: [entry(20, { seconds: 1199 })] }),
    lines: [],
    findings: ["below_threshold"],
  },
  {
    id: "S2: three entries of 6 min 40 s = 20 min",
    input: month({
      entries: [entry(7, { seconds: 400 }), entry(7, { seconds: 400 }), entry(7, { seconds: 400 })],
    }),
    lines: [["99490", 1, 6613]],
  },
  {
    id: "S3: 20.5 typed minutes count their whole 20",
    input: staffMonth(20.5),
    lines: [["99490", 1, 6613]],
  },
  {
    id: "S4: one 12-minute entry listed twice counts once",
    input: month({ entries: [entry(12, { id: "twice" }), entry(12, { id: "twice" })] }),
    lines: [],
    findings: ["duplicate_entry_id", "below_threshold"],
  },
  {
    id: "S5: 25 min by an unknown role are not clinical staff",
    input: month({ entries: [entry(25, { performerRole: "medical_assistant" as PerformerRole })] }),
    lines: [],
    findings: ["unknown_performer_role", "below_threshold"],
  },
  {
    id: "S6: 25 min dated 2026-02-30",
    input: month({ serviceMonth: "2026-02", entries: [entry(25, { performedOn: "2026-02-30" })] }),
    lines: [],
    findings: ["invalid_entry_date", "below_threshold"],
  },
  {
    id: "S7: g0557 (lower case) by the same practitioner + 40 min",
    input: staffMonth(40, { otherServices: [{ code: "g0557", samePractitioner: true }] }),
    lines: [],
    findings: ["apcm_same_practitioner"],
  },
  {
    id: "S8: a second 99490 by the same practitioner billed elsewhere",
    input: staffMonth(40, { otherServices: [{ code: "99490", samePractitioner: true }] }),
    lines: [],
    findings: ["ccm_already_billed"],
  },
  {
    id: "S9: consent 2026-02-01 after a revocation on 2025-11-15",
    input: staffMonth(25, { consent: { obtainedOn: "2026-02-01", revokedOn: "2025-11-15" } }),
    lines: [["99490", 1, 6613]],
  },
  {
    id: "S10: initiating visit required and held 2026-03-12; 15 min on the 10th, 25 on the 12th",
    input: month({
      initiatingVisit: { required: true, completedOn: "2026-03-12" },
      entries: [entry(15, { performedOn: "2026-03-10" }), entry(25, { performedOn: "2026-03-12" })],
    }),
    lines: [["99490", 1, 6613]],
    findings: ["minutes_before_initiating_visit"],
  },
  {
    id: "S11: 30 min reviewed + 12 min awaiting review: 12 do not count",
    input: month({ entries: [entry(30), entry(12, { pendingReview: true })] }),
    lines: [["99490", 1, 6613]],
    findings: ["minutes_pending_review"],
  },
];

const toTuples = (lines: BillingLine[]): Line[] =>
  lines.map((l) => [l.code, l.units, l.amountCents]);

describe("§15 acceptance scenarios", () => {
  it.each(scenarios)("$id", ({ input, options, lines, findings = [], total }) => {
    const result = evaluatePatientMonth(input, options);
    expect(toTuples(result.lines)).toEqual(lines);
    expect(result.findings.map((f) => f.code)).toEqual(expect.arrayContaining(findings));
    if (total !== undefined)
      expect(result.lines.reduce((sum, l) => sum + l.amountCents, 0)).toBe(total);
    expect(checkBillingLines(result.lines)).toEqual([]);
  });

  it("#8 says how many minutes were lost to the 99439 cap", () => {
    const finding = evaluatePatientMonth(staffMonth(95)).findings.find(
      (f) => f.code === "minutes_above_cap",
    );
    expect(finding?.message).toContain("35 minutes above the limit are not billable");
  });

  it("#21 rejects 99439 alone, 99489 with 99490 and 99437 with 99490", () => {
    const codesOf = (lines: Line[]): string[] =>
      checkBillingLines(
        lines.map(([code, units, amountCents]) => ({ code, units, amountCents })),
      ).map((f) => f.code);
    expect(codesOf([["99439", 1, 5044]])).toEqual(["addon_without_base"]);
    expect(
      codesOf([
        ["99490", 1, 6613],
        ["99489", 1, 7816],
      ]),
    ).toEqual(["addon_without_base", "mixed_lanes"]);
    expect(
      codesOf([
        ["99490", 1, 6613],
        ["99437", 1, 6313],
      ]),
    ).toEqual(["addon_without_base", "mixed_lanes"]);
  });

  it("#26 explains the consent date and the minutes before it", () => {
    const input = month({
      consent: { obtainedOn: "2026-03-20" },
      entries: [entry(8, { performedOn: "2026-03-12" }), entry(17, { performedOn: "2026-03-24" })],
    });
    const result = evaluatePatientMonth(input);
    expect(result.countedMinutes.staff).toBe(17);
    expect(result.findings.find((f) => f.code === "minutes_before_consent")?.message).toBe(
      "Consent is dated 2026-03-20; 8 minutes logged before it do not count.",
    );
  });

  it("#30 offers PCM 99426 for a single complex condition", () => {
    const result = evaluatePcmMonth(staffMonth(35, { qualifyingChronicConditions: 1 }));
    expect(toTuples(result.lines)).toEqual([["99426", 1, 0]]);
  });

  it("#44 coinsurance on $106.42 is $21.28", () => {
    expect(calculateCoinsuranceCents(10642)).toBe(2128);
  });

  it("next: 12 staff minutes need 8 more for 99490 (contract example)", () => {
    expect(evaluatePatientMonth(staffMonth(12)).next).toEqual({ code: "99490", minutesNeeded: 8 });
  });
});
