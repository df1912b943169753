import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decideInitiatingVisit, yearBefore, type InitiatingVisitPolicy, type VisitFact } from "./initiating-visit.js";

const DR = "dr-billing";
const OTHER = "dr-other";
const visit = (occurredOn: string, overrides: Partial<VisitFact> = {}): VisitFact => ({ practitionerId: DR, occurredOn, kind: "em_visit", isCcmDiscussed: true, ...overrides });
const STRICT: InitiatingVisitPolicy = { needsCcmDiscussed: true, countsTcm: true };
const LENIENT: InitiatingVisitPolicy = { needsCcmDiscussed: false, countsTcm: true };
const NO_TCM: InitiatingVisitPolicy = { needsCcmDiscussed: true, countsTcm: false };

// CCM starts 2026-03-01 in every row.
const rows: { id: string; visits: VisitFact[]; policy?: InitiatingVisitPolicy; expected: ReturnType<typeof decideInitiatingVisit> }[] = [
  { id: "seen by the billing practitioner 6 months before: not required", visits: [visit("2025-09-01", { isCcmDiscussed: false })], expected: { required: false } },
  { id: "seen exactly a year before (2025-03-01): not required", visits: [visit("2025-03-01", { isCcmDiscussed: false })], expected: { required: false } },
  { id: "last seen 2025-02-28, more than a year before: required, none yet", visits: [visit("2025-02-28")], expected: { required: true } },
  { id: "a new patient, never seen: required", visits: [], expected: { required: true } },
  { id: "seen by another practitioner only: required", visits: [visit("2025-12-01", { practitionerId: OTHER })], expected: { required: true } },
  { id: "a visit without a practitioner does not count", visits: [visit("2025-12-01", { practitionerId: null }), visit("2026-03-10", { practitionerId: null })], expected: { required: true } },
  { id: "an 'other' encounter is not a face-to-face visit", visits: [visit("2025-12-01", { kind: "other" }), visit("2026-03-10", { kind: "other" })], expected: { required: true } },
  { id: "initiating visit on the start day", visits: [visit("2026-03-01")], expected: { required: true, completedOn: "2026-03-01" } },
  { id: "initiating visit on the 12th", visits: [visit("2026-03-12")], expected: { required: true, completedOn: "2026-03-12" } },
  { id: "the first qualifying visit counts", visits: [visit("2026-04-02"), visit("2026-03-12"), visit("2026-05-01")], expected: { required: true, completedOn: "2026-03-12" } },
  { id: "CCM not discussed: not the initiating visit", visits: [visit("2026-03-12", { isCcmDiscussed: false })], expected: { required: true } },
  { id: "CCM not discussed, clinic does not require it", visits: [visit("2026-03-12", { isCcmDiscussed: false })], policy: LENIENT, expected: { required: true, completedOn: "2026-03-12" } },
  { id: "discussed on the 20th, not on the 12th", visits: [visit("2026-03-12", { isCcmDiscussed: false }), visit("2026-03-20")], expected: { required: true, completedOn: "2026-03-20" } },
  { id: "by another practitioner with CCM discussed: does not count", visits: [visit("2026-03-12", { practitionerId: OTHER })], expected: { required: true } },
  { id: "TCM face-to-face counts by default", visits: [visit("2026-03-12", { kind: "tcm_face_to_face" })], expected: { required: true, completedOn: "2026-03-12" } },
  { id: "TCM face-to-face, clinic does not count it", visits: [visit("2026-03-12", { kind: "tcm_face_to_face" })], policy: NO_TCM, expected: { required: true } },
  { id: "AWV and IPPE count", visits: [visit("2026-03-14", { kind: "ippe" }), visit("2026-03-13", { kind: "awv" })], expected: { required: true, completedOn: "2026-03-13" } },
];

describe("decideInitiatingVisit (CCM starts 2026-03-01)", () => {
  it.each(rows)("$id", ({ visits, policy, expected }) => {
    expect(decideInitiatingVisit(visits, DR, "2026-03-01", policy ?? STRICT)).toEqual(expected);
  });

  it("without a start date any visit may be the initiating one", () => {
    expect(decideInitiatingVisit([visit("2024-06-01")], DR, null)).toEqual({ required: true, completedOn: "2024-06-01" });
    expect(decideInitiatingVisit([], DR, null)).toEqual({ required: true });
  });

  it("without a billing practitioner nothing counts", () => {
    expect(decideInitiatingVisit([visit("2026-02-01", { practitionerId: null })], null, "2026-03-01")).toEqual({ required: true });
  });

  it("a long-standing patient with a past initiating visit is never blocked again", () => {
    expect(decideInitiatingVisit([visit("2024-01-10")], DR, "2024-01-10")).toEqual({ required: true, completedOn: "2024-01-10" });
  });

  it("yearBefore keeps the day, and 29 February becomes 28 February", () => {
    expect(yearBefore("2026-03-01")).toBe("2025-03-01");
    expect(yearBefore("2028-02-29")).toBe("2027-02-28");
  });

  const day = fc.integer({ min: 0, max: 900 }).map((n) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const visitArb = fc.record({
    practitionerId: fc.constantFrom(DR, OTHER, null),
    occurredOn: day,
    kind: fc.constantFrom("em_visit", "awv", "ippe", "tcm_face_to_face", "other"),
    isCcmDiscussed: fc.boolean(),
  });
  const policyArb = fc.record({ needsCcmDiscussed: fc.boolean(), countsTcm: fc.boolean() });

  it("property: order never matters; a completed visit is the billing practitioner's, on or after the start, allowed by the policy, and the earliest such", () => {
    fc.assert(
      fc.property(fc.array(visitArb, { maxLength: 8 }), day, policyArb, (visits, start, policy) => {
        const result = decideInitiatingVisit(visits, DR, start, policy);
        expect(decideInitiatingVisit([...visits].reverse(), DR, start, policy)).toEqual(result);
        const seen = visits.some((v) => v.practitionerId === DR && v.kind !== "other" && v.occurredOn < start && v.occurredOn >= yearBefore(start));
        expect(result.required).toBe(!seen);
        const allowed = visits.filter(
          (v) => v.practitionerId === DR && v.kind !== "other" && v.occurredOn >= start && (v.isCcmDiscussed || !policy.needsCcmDiscussed) && (policy.countsTcm || v.kind !== "tcm_face_to_face"),
        );
        if (!seen) expect(result.completedOn).toBe(allowed.map((v) => v.occurredOn).sort()[0]);
      }),
    );
  });

  it("property: a stricter policy never completes a visit the lenient one does not, nor earlier", () => {
    fc.assert(
      fc.property(fc.array(visitArb, { maxLength: 8 }), day, (visits, start) => {
        const strict = decideInitiatingVisit(visits, DR, start, { needsCcmDiscussed: true, countsTcm: false });
        const lenient = decideInitiatingVisit(visits, DR, start, { needsCcmDiscussed: false, countsTcm: true });
        if (strict.completedOn !== undefined) expect(lenient.completedOn! <= strict.completedOn).toBe(true);
      }),
    );
  });
});
