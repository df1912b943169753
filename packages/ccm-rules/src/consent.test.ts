import { describe, expect, it } from "vitest";
import { checkConsent, type ConsentRecord } from "./consent.js";

const complete: ConsentRecord = {
  obtainedOn: "2026-03-02",
  method: "verbal",
  obtainedBy: "RN Dana Ortiz",
  decision: "accepted",
  disclosures: {
    availability: true,
    costSharing: true,
    stopAnyTime: true,
    onePractitionerPerMonth: true,
  },
};

describe("checkConsent", () => {
  it("accepts a complete verbal or written consent", () => {
    expect(checkConsent(complete)).toEqual([]);
    expect(checkConsent({ ...complete, method: "written" }, "2026-03-31")).toEqual([]);
  });

  it("reports missing consent", () => {
    expect(checkConsent(null).map((f) => f.code)).toEqual(["consent_missing"]);
  });

  it("reports each missing element with its own code", () => {
    const findings = checkConsent({
      obtainedOn: "2026-02-30",
      method: null,
      obtainedBy: "  ",
      decision: "declined",
      disclosures: {
        availability: false,
        costSharing: false,
        stopAnyTime: false,
        onePractitionerPerMonth: false,
      },
    });
    expect(findings.map((f) => f.code)).toEqual([
      "consent_date_invalid",
      "consent_declined",
      "consent_method_missing",
      "consent_obtained_by_missing",
      "consent_disclosure_availability_missing",
      "consent_disclosure_cost_sharing_missing",
      "consent_disclosure_stop_any_time_missing",
      "consent_disclosure_one_practitioner_missing",
    ]);
    expect(findings.every((f) => f.severity === "block")).toBe(true);
    expect(findings[6]?.message).toBe(
      "The consent record does not show the patient was told that the patient may stop at any time, effective the end of the calendar month.",
    );
  });

  it("warns about a consent dated in the future and a missing obtainer", () => {
    const findings = checkConsent({ ...complete, obtainedBy: null }, "2026-03-01");
    expect(findings.map((f) => [f.code, f.severity])).toEqual([
      ["consent_date_in_future", "warn"],
      ["consent_obtained_by_missing", "block"],
    ]);
  });
});
