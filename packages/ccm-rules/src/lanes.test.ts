import { describe, expect, it } from "vitest";
import { evaluatePatientMonth } from "./evaluate.js";
import { countAddOnUnits } from "./lanes.js";
import { byRole, month } from "./testing/fixtures.js";
import type { BillingLine, PatientMonthInput } from "./types.js";

const unitsOf = (lines: BillingLine[], code: string): number =>
  lines.find((l) => l.code === code)?.units ?? 0;

function grid(
  serviceMonth: string,
  staff: number,
  practitioner: number,
  complexMdm: boolean,
): PatientMonthInput {
  const day = `${serviceMonth}-10`;
  const entries = [];
  if (staff > 0) entries.push({ ...byRole(staff, "clinical_staff"), performedOn: day });
  if (practitioner > 0)
    entries.push({ ...byRole(practitioner, "billing_practitioner"), performedOn: day });
  return month({ serviceMonth, complexMdm, entries });
}

describe("countAddOnUnits", () => {
  it("counts full blocks only and applies the cap", () => {
    expect(countAddOnUnits(39, 20, 20, 2)).toBe(0);
    expect(countAddOnUnits(40, 20, 20, 2)).toBe(1);
    expect(countAddOnUnits(200, 20, 20, 2)).toBe(2);
    expect(countAddOnUnits(89, 60, 30, null)).toBe(0);
    expect(countAddOnUnits(180, 60, 30, null)).toBe(4);
  });
});

describe("lane choice and next over every minute combination", () => {
  // Exhaustive rather than sampled: 0–120 clinical-staff minutes × 0–150 practitioner minutes,
  // with and without complex MDM, at 2025 and 2026 prices.
  it.each(["2025-06", "2026-06"])("holds the contract in %s", (serviceMonth) => {
    for (const complexMdm of [false, true]) {
      for (let staff = 0; staff <= 120; staff++) {
        for (let practitioner = 0; practitioner <= 150; practitioner += 1) {
          const result = evaluatePatientMonth(grid(serviceMonth, staff, practitioner, complexMdm));
          const total = staff + practitioner;
          expect(result.countedMinutes).toEqual({ staff: total, practitioner });
          if (complexMdm && total >= 60) expect(result.lane).toBe("complex");
          if (complexMdm && total < 60) expect(result.lane).toBe(total >= 20 ? "staff" : null);
          if (result.lane === "practitioner") expect(practitioner).toBeGreaterThanOrEqual(30);
          if (result.next === null) continue;
          const { code, minutesNeeded } = result.next;
          const isPractitionerLane = result.lane === "practitioner";
          const after = evaluatePatientMonth(
            isPractitionerLane
              ? grid(serviceMonth, staff, practitioner + minutesNeeded, complexMdm)
              : grid(serviceMonth, staff + minutesNeeded, practitioner, complexMdm),
          );
          expect(unitsOf(after.lines, code)).toBeGreaterThan(unitsOf(result.lines, code));
        }
      }
    }
  });
});

describe("the practitioner lane", () => {
  it("wins only where 99491 (+99437) pays more than the staff codes", () => {
    const lane = (p: number): string | null =>
      evaluatePatientMonth(grid("2025-06", 0, p, false)).lane;
    expect([29, 30, 39, 40, 60, 89, 90, 120].map(lane)).toEqual([
      "staff",
      "practitioner",
      "practitioner",
      "staff",
      "staff",
      "staff",
      "practitioner",
      "practitioner",
    ]);
  });

  it("points at the staff add-on when more practitioner minutes make the staff lane better", () => {
    expect(evaluatePatientMonth(grid("2026-06", 0, 30, false)).next).toEqual({
      code: "99439",
      minutesNeeded: 10,
    });
    expect(evaluatePatientMonth(grid("2026-06", 0, 95, false)).next).toEqual({
      code: "99437",
      minutesNeeded: 25,
    });
  });

  it("has no next once 99437 is capped and the staff lane is full", () => {
    const result = evaluatePatientMonth(grid("2026-06", 0, 125, false), { cap99437: 2 });
    expect(result.lane).toBe("practitioner");
    expect(result.next).toBeNull();
    const capFinding = result.findings.find((f) => f.code === "minutes_above_cap");
    expect(capFinding?.message).toBe(
      "125 countable minutes; 99437 is limited to 2 units, so 35 minutes above the limit are not billable.",
    );
  });
});
