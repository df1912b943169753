import { checkCarePlan, type CarePlanRecord } from "@carefold/ccm-rules";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMPLETE_CARE_PLAN } from "../../testing/billing-fixtures.js";
import { CarePlanBodySchema } from "../care-plans/care-plan.schemas.js";
import { toRecord } from "../care-plans/care-plans.service.js";
import { readCarePlanRecord } from "./care-plan-record.js";

/** What the close computed before the direct reader: zod, then toRecord (null when the schema rejects the body). */
function viaSchema(body: unknown, sharedOn: string | null) {
  const parsed = CarePlanBodySchema.safeParse(body);
  return parsed.success ? toRecord(parsed.data, sharedOn) : null;
}

const findings = (record: CarePlanRecord | null) => (record ? checkCarePlan(record, "2026-10-31") : null);

// Strings near the schema's edges: empty, blank, untrimmed, at and over the length limits, dates.
const text = fc.oneof(
  fc.constantFrom("", " ", "Lower A1c", " Lower A1c", "Lower A1c ", "2026-06-30", "x".repeat(100), "x".repeat(101), "x".repeat(300), "x".repeat(301)),
  fc.string({ maxLength: 12 }),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const body = fc.record(
  {
    conditions: maybe(fc.array(text, { maxLength: 3 })),
    problems: fc.array(fc.record({ icd10Code: maybe(fc.constantFrom("E11.9", "I10", "TOO-LONG-CODE")), description: text }, { requiredKeys: ["description"] }), { maxLength: 3 }),
    goals: fc.array(
      fc.record({ description: text, measure: text, target: text, targetDate: maybe(fc.constantFrom("2027-01-31", "31/01/2027")), status: maybe(fc.constantFrom("active", "met", "paused")) }, { requiredKeys: ["description", "measure", "target"] }),
      { maxLength: 3 },
    ),
    interventions: fc.array(fc.record({ description: text, responsibleParty: text, frequency: maybe(text) }, { requiredKeys: ["description", "responsibleParty"] }), { maxLength: 3 }),
    medicationManagement: text,
    symptomManagement: text,
    communityResources: fc.array(fc.record({ name: text, purpose: maybe(text), contact: maybe(text) }, { requiredKeys: ["name"] }), { maxLength: 2 }),
    coordination: fc.array(fc.record({ with: text, purpose: maybe(text) }, { requiredKeys: ["with"] }), { maxLength: 2 }),
    patientPreferences: maybe(text),
    reviewDueOn: fc.constantFrom(null, "2026-06-30", "2027-06-30", "June 2027"),
  },
  { requiredKeys: ["problems", "goals", "interventions", "medicationManagement", "symptomManagement", "communityResources", "coordination", "reviewDueOn"] },
);

describe("readCarePlanRecord", () => {
  it("reads a stored complete plan as the schema does, and finds nothing missing", () => {
    const stored = CarePlanBodySchema.parse(COMPLETE_CARE_PLAN);
    expect(readCarePlanRecord(stored, "2026-01-07")).toEqual(viaSchema(stored, "2026-01-07"));
    expect(findings(readCarePlanRecord(stored, "2026-01-07"))).toEqual([]);
  });

  it("gives the same care-plan findings as zod + toRecord for any body, stored (parsed) or raw", () => {
    fc.assert(
      fc.property(body, fc.constantFrom(null, "2026-01-07"), (raw, sharedOn) => {
        const parsed = CarePlanBodySchema.safeParse(raw);
        for (const candidate of parsed.success ? [raw, parsed.data] : [raw]) {
          expect(findings(readCarePlanRecord(candidate, sharedOn))).toEqual(findings(viaSchema(candidate, sharedOn)));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("gives no record for a body the schema rejects (not an object, a section missing)", () => {
    expect(readCarePlanRecord("not a plan", null)).toBeNull();
    expect(readCarePlanRecord({ ...COMPLETE_CARE_PLAN, goals: undefined }, null)).toBeNull();
    expect(readCarePlanRecord({ ...COMPLETE_CARE_PLAN, medicationManagement: 42 }, null)).toBeNull();
  });
});
