import { describe, expect, it } from "vitest";
import * as api from "./index.js";

describe("public API", () => {
  it("exports the contract functions and helpers", () => {
    for (const name of [
      "evaluatePatientMonth",
      "rateCents",
      "rateCentsOn",
      "checkBillingLines",
      "assessEligibility",
      "isValidIcd10Cm",
      "normalizeIcd10Cm",
      "isValidNpi",
      "validateMbi",
      "checkConsent",
      "checkCarePlan",
      "forecastMonthEnd",
      "isCallableNow",
      "evaluatePcmMonth",
      "selectApcmLevel",
      "calculateCoinsuranceCents",
      "isMonthBlocked",
      "formatDuration",
      "chooseProgram",
      "resolvePayerProgramRule",
      "toProgramCandidates",
    ]) {
      expect(typeof (api as Record<string, unknown>)[name]).toBe("function");
    }
    expect(api.FINDING_CODES.length).toBeGreaterThan(40);
    expect(api.rateCents("99490", 2026)).toBe(6613);
  });
});
