import { describe, expect, it } from "vitest";
import { getApcmLevelCode, selectApcmLevel, type ApcmMonthInput } from "./apcm.js";

const apcm = (overrides: Partial<ApcmMonthInput> = {}): ApcmMonthInput => ({
  serviceMonth: "2025-06",
  qualifyingChronicConditions: 2,
  isQmb: false,
  consent: { obtainedOn: "2025-01-10" },
  initiatingVisit: { required: false },
  otherServices: [],
  ...overrides,
});

describe("selectApcmLevel", () => {
  it.each([
    [0, false, "G0556", 1520],
    [1, true, "G0556", 1520],
    [2, false, "G0557", 4884],
    [3, true, "G0558", 10707],
  ])("%i conditions, QMB %s → %s", (conditions, isQmb, code, cents) => {
    expect(getApcmLevelCode(conditions, isQmb)).toBe(code);
    const result = selectApcmLevel(apcm({ qualifyingChronicConditions: conditions, isQmb }));
    expect(result).toEqual({ code, lines: [{ code, units: 1, amountCents: cents }], findings: [] });
  });

  it("prices 2026 at 0 with rate_unknown (no confirmed amount)", () => {
    const result = selectApcmLevel(apcm({ serviceMonth: "2026-02" }));
    expect(result.lines).toEqual([{ code: "G0557", units: 1, amountCents: 0 }]);
    expect(result.findings.map((f) => f.code)).toEqual(["rate_unknown"]);
  });

  it("blocks services APCM bundles when the same practitioner bills them", () => {
    const result = selectApcmLevel(
      apcm({
        otherServices: [
          { code: "99490", samePractitioner: true },
          { code: "99426", samePractitioner: true },
          { code: "99457", samePractitioner: true },
          { code: "99491", samePractitioner: false },
        ],
      }),
    );
    expect(result.code).toBeNull();
    expect(result.findings.map((f) => f.message)).toEqual([
      "99490, 99426 billed by the same practitioner for 2025-06 are bundled into APCM; bill APCM or those services, not both.",
    ]);
    const one = selectApcmLevel(
      apcm({ otherServices: [{ code: "99421", samePractitioner: true }] }),
    );
    expect(one.findings[0]?.message).toContain(
      "99421 billed by the same practitioner for 2025-06 is bundled into APCM; bill APCM or that service",
    );
  });

  it("blocks TCM by the same practitioner per option", () => {
    const input = apcm({ otherServices: [{ code: "99496", samePractitioner: true }] });
    expect(selectApcmLevel(input).findings.map((f) => f.code)).toEqual(["apcm_with_tcm"]);
    expect(selectApcmLevel(input, { apcmBlocksTcm: false }).code).toBe("G0557");
  });

  it("allows only one APCM practitioner", () => {
    expect(
      selectApcmLevel(apcm({ apcmBilledByAnotherPractitioner: true })).findings.map((f) => f.code),
    ).toEqual(["apcm_billed_elsewhere"]);
    expect(
      selectApcmLevel(apcm({ otherServices: [{ code: "G0558", samePractitioner: false }] })).code,
    ).toBeNull();
  });

  it("needs consent and, when required, the initiating visit", () => {
    const codes = (input: ApcmMonthInput) => selectApcmLevel(input).findings.map((f) => f.code);
    expect(codes(apcm({ consent: null }))).toEqual(["consent_missing"]);
    expect(codes(apcm({ consent: { obtainedOn: "June 1" } }))).toEqual(["consent_missing"]);
    expect(codes(apcm({ consent: { obtainedOn: "2025-07-01" } }))).toEqual(["consent_after_month"]);
    expect(codes(apcm({ consent: { obtainedOn: "2025-01-01", revokedOn: "2025-05-20" } }))).toEqual(
      ["consent_revoked"],
    );
    expect(codes(apcm({ consent: { obtainedOn: "2025-01-01", revokedOn: "2025-06-20" } }))).toEqual(
      [],
    );
    expect(codes(apcm({ initiatingVisit: { required: true } }))).toEqual([
      "initiating_visit_missing",
    ]);
    expect(codes(apcm({ initiatingVisit: { required: true, completedOn: "2025-07-02" } }))).toEqual(
      ["initiating_visit_missing"],
    );
    expect(codes(apcm({ initiatingVisit: { required: true, completedOn: "2025-06-02" } }))).toEqual(
      [],
    );
    expect(codes(apcm({ serviceMonth: "2025-6" }))).toEqual(["invalid_service_month"]);
  });
});
