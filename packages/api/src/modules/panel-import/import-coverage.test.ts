import { describe, expect, it } from "vitest";
import { canonicalColumn } from "./columns.js";
import { planTypeOfTypology, readFhirPanel } from "./fhir-bundle.js";
import { assumedStart } from "./import-coverage.js";
import { parsePanelRow } from "./parse-row.js";

const BASE = { first_name: "Ada", last_name: "Byrne", date_of_birth: "1945-02-03", mbi: "1EG4TE5MK73" };
const SOPT = "urn:oid:2.16.840.1.113883.3.221.5";

describe("coverage columns of a panel CSV", () => {
  it("maps the header spellings EHR exports use to the template's coverage columns", () => {
    expect(["Payer", "Insurance", "Primary Insurance", "Member ID", "Subscriber-ID", "Group Number", "Effective Date", "Termination Date", "Secondary Insurance", "Secondary Subscriber ID", "plan type", "First Name"].map(canonicalColumn)).toEqual([
      "primary_payer", "primary_payer", "primary_payer", "primary_member_id", "primary_member_id", "primary_group_number", "primary_effective_from", "primary_effective_to", "secondary_payer", "secondary_member_id", "primary_plan_type", "first_name",
    ]);
  });

  it("reads primary and secondary coverage; blank plan type and dates are left to the directory and decision 0048", () => {
    const { value, errors } = parsePanelRow({ ...BASE, primary_payer: "61101", primary_plan_type: "Medicare Advantage", primary_member_id: "H1234-5678", primary_effective_from: "01/01/2026", secondary_payer: "AARP Medigap", secondary_member_id: "G77", secondary_group_number: "PLAN G" }, 2);
    expect(errors).toEqual([]);
    expect(value!.coverage).toEqual([
      { rank: "primary", payer: "61101", planType: "medicare_advantage", memberId: "H1234-5678", groupNumber: null, effectiveFrom: "2026-01-01", effectiveTo: null },
      { rank: "secondary", payer: "AARP Medigap", planType: null, memberId: "G77", groupNumber: "PLAN G", effectiveFrom: null, effectiveTo: null },
    ]);
    expect(parsePanelRow(BASE, 3).value!.coverage).toEqual([]);
  });

  it("names each problem by column: no payer, unknown plan type, no member id, a non-MBI for Medicare, bad dates", () => {
    const { errors } = parsePanelRow({ ...BASE, mbi: "", primary_plan_type: "medicare", primary_member_id: "H123", primary_effective_from: "2026-13-01", secondary_plan_type: "gold", secondary_effective_to: "2025-01-01", secondary_effective_from: "2026-01-01" }, 4);
    expect(errors.map((e) => [e.column, e.message])).toEqual([
      ["primary_member_id", expect.stringContaining("Traditional Medicare's member id is the patient's MBI")],
      ["primary_effective_from", "2026-13-01 is not a date we can read: use YYYY-MM-DD or MM/DD/YYYY."],
      ["secondary_payer", expect.stringContaining("The secondary coverage has no payer")],
      ["secondary_plan_type", expect.stringContaining('"gold" is not a plan type')],
      ["secondary_member_id", "The secondary coverage has no member id."],
      ["secondary_effective_to", "The secondary coverage ends before it begins."],
    ]);
  });

  it("assumes a start twelve months before the import's month (Medicare's timely-filing window)", () => {
    expect(assumedStart("2026-12-07")).toBe("2025-12-01");
    expect(assumedStart("2027-01-31")).toBe("2026-01-01");
    expect(assumedStart("2026-03-01")).toBe("2025-03-01");
  });
});

describe("FHIR Coverage → coverage columns", () => {
  const bundle = (entries: object[]) => Buffer.from(JSON.stringify({ resourceType: "Bundle", type: "collection", entry: entries }));
  const patient = { fullUrl: "urn:uuid:p1", resource: { resourceType: "Patient", id: "p1", name: [{ family: "Doe", given: ["Jan"] }], birthDate: "1950-01-01", identifier: [{ system: "http://hl7.org/fhir/sid/us-mbi", value: "1EG4TE5MK73" }] } };
  const org = (id: string, name: string, payerId?: string) => ({ fullUrl: `urn:uuid:${id}`, resource: { resourceType: "Organization", id, name, ...(payerId ? { identifier: [{ system: "urn:payer-id", value: payerId }] } : {}) } });
  const coverage = (fields: object) => ({ resource: { resourceType: "Coverage", status: "active", beneficiary: { reference: "Patient/p1" }, ...fields } });

  it("maps the typology to plan types: 11x and 14 Medicare Advantage, 1 and 12x traditional, 2x Medicaid, 5x/6x commercial", () => {
    expect(["1", "11", "111", "112", "14", "12", "121", "2", "21", "5", "51", "6", "3", "9"].map(planTypeOfTypology)).toEqual([
      "medicare", "medicare_advantage", "medicare_advantage", "medicare_advantage", "medicare_advantage", "medicare", "medicare", "medicaid", "medicaid", "commercial", "commercial", "commercial", null, null,
    ]);
  });

  it("order 1 is primary, order 2 secondary; payor's identifier (else name), subscriberId, class group, period", () => {
    const panel = readFhirPanel(bundle([
      patient,
      org("o-ma", "Humana Gold Plus", "61101"),
      org("o-gap", "AARP Medigap"),
      coverage({ order: 1, payor: [{ reference: "urn:uuid:o-ma" }], subscriberId: "H12345678", type: { coding: [{ system: SOPT, code: "111" }] }, period: { start: "2026-01-01", end: "2026-12-31T23:59:59Z" } }),
      coverage({ order: 2, payor: [{ reference: "urn:uuid:o-gap" }], subscriberId: "G-77", type: { text: "Medicare Supplement Plan G" }, class: [{ type: { coding: [{ code: "group" }] }, value: "PLAN G" }], period: { start: "2025-06-01" } }),
    ]), "bundle");
    const { value, errors } = parsePanelRow(panel.rows[0]!.record, 1);
    expect(errors).toEqual([]);
    expect(value!.coverage).toEqual([
      { rank: "primary", payer: "61101", planType: "medicare_advantage", memberId: "H12345678", groupNumber: null, effectiveFrom: "2026-01-01", effectiveTo: "2026-12-31" },
      { rank: "secondary", payer: "AARP Medigap", planType: "medigap", memberId: "G-77", groupNumber: "PLAN G", effectiveFrom: "2025-06-01", effectiveTo: null },
    ]);
  });

  it("a Medicare Coverage is traditional Medicare; QMB from the class; two primaries are an error on the patient", () => {
    const medicaid = org("o-mcd", "AHCCCS", "AZMCD");
    let panel = readFhirPanel(bundle([patient, org("o-mc", "Medicare Part B"), medicaid,
      coverage({ order: 1, payor: [{ reference: "urn:uuid:o-mc" }], subscriberId: "1EG4TE5MK73" }),
      coverage({ order: 2, payor: [{ reference: "urn:uuid:o-mcd" }], subscriberId: "AZ123", type: { coding: [{ system: SOPT, code: "2" }] }, class: [{ type: { coding: [{ code: "plan" }] }, value: "QMB" }] }),
    ]), "bundle");
    expect(parsePanelRow(panel.rows[0]!.record, 1).value!.coverage.map((c) => [c.rank, c.payer, c.planType, c.memberId])).toEqual([
      ["primary", "Medicare Part B", "medicare", "1EG4TE5MK73"],
      ["secondary", "AZMCD", "qmb", "AZ123"],
    ]);
    panel = readFhirPanel(bundle([patient, medicaid, coverage({ order: 1, payor: [{ reference: "urn:uuid:o-mcd" }], subscriberId: "A1" }), coverage({ order: 1, payor: [{ display: "Other" }], subscriberId: "B2" })]), "bundle");
    expect(panel.rows[0]!.errors).toEqual([expect.objectContaining({ column: "primary_payer", message: expect.stringContaining("two primary coverages") })]);
  });
});
