import { describe, expect, it } from "vitest";
import { assessEligibility } from "./assess.js";
import { CHRONIC_CONDITIONS } from "./catalogue.js";
import { isValidIcd10Cm } from "./identifiers.js";

describe("chronic-condition catalogue", () => {
  it("covers the common Medicare chronic conditions", () => {
    const ids = CHRONIC_CONDITIONS.map((c) => c.id);
    expect(ids.length).toBeGreaterThanOrEqual(20);
    for (const id of [
      "hypertension",
      "hyperlipidemia",
      "diabetes",
      "ischemic_heart_disease",
      "heart_failure",
      "atrial_fibrillation",
      "chronic_kidney_disease",
      "copd",
      "asthma",
      "depression",
      "anxiety",
      "dementia",
      "rheumatoid_arthritis",
      "osteoarthritis",
      "osteoporosis",
      "obesity",
      "stroke_sequelae",
      "hypothyroidism",
      "cancer",
      "chronic_pain",
      "parkinsons",
    ]) {
      expect(ids).toContain(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("uses ICD-10-CM shaped prefixes, each owned by one condition", () => {
    const owners = new Map<string, string>();
    for (const condition of CHRONIC_CONDITIONS) {
      for (const prefix of condition.icd10Prefixes) {
        expect(
          prefix === "C" ||
            isValidIcd10Cm(prefix.length === 3 || prefix.includes(".") ? prefix : `${prefix}0`),
        ).toBe(true);
        expect(owners.has(prefix)).toBe(false);
        owners.set(prefix, condition.id);
      }
    }
  });
});

describe("assessEligibility", () => {
  it("counts distinct conditions, not codes", () => {
    const result = assessEligibility([{ code: "E11.9" }, { code: "E11.65" }, { code: "e119" }]);
    expect(result.status).toBe("pcm_candidate");
    expect(result.qualifying).toEqual([
      {
        conditionId: "diabetes",
        name: "Diabetes mellitus",
        canBeComplexSingle: true,
        codes: ["E11.9", "E11.65"],
      },
    ]);
  });

  it("finds CCM candidates with two or more conditions", () => {
    const result = assessEligibility([{ code: "I10" }, { code: "E78.5" }, { code: "Z00.00" }]);
    expect(result.status).toBe("ccm_candidate");
    expect(result.qualifying.map((q) => q.conditionId)).toEqual(["hypertension", "hyperlipidemia"]);
  });

  it("ignores resolved and inactive problems", () => {
    const result = assessEligibility([
      { code: "I10", status: "active" },
      { code: "J45.909", status: "resolved" },
      { code: "F41.1", status: "inactive" },
      { code: "I48.91", resolvedOn: "2024-01-01" },
    ]);
    expect(result.status).toBe("pcm_candidate");
    expect(result.qualifying.map((q) => q.conditionId)).toEqual(["hypertension"]);
  });

  it("does not offer PCM for a single condition that is rarely complex", () => {
    expect(assessEligibility([{ code: "E78.5" }]).status).toBe("not_eligible");
    expect(assessEligibility([]).status).toBe("not_eligible");
  });

  it("prefers the most specific prefix and skips history codes", () => {
    expect(assessEligibility([{ code: "G31.83" }]).qualifying[0]?.conditionId).toBe("dementia");
    expect(assessEligibility([{ code: "C50.911" }]).qualifying[0]?.conditionId).toBe("cancer");
    expect(assessEligibility([{ code: "Z85.3" }]).qualifying).toEqual([]);
    expect(assessEligibility([{ code: "I21.4" }]).qualifying).toEqual([]);
  });

  it("lists codes that are not ICD-10-CM shaped", () => {
    expect(assessEligibility([{ code: "diabetes" }, { code: "I10" }]).invalidCodes).toEqual([
      "diabetes",
    ]);
  });
});
