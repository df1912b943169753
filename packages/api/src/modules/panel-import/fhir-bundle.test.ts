import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MBI_SYSTEM, NPI_SYSTEM, readFhirPanel } from "./fhir-bundle.js";
import { parsePanelRow } from "./parse-row.js";

const SAMPLE = readFileSync(new URL("../../../../../docs/samples/fhir-r4-panel-bundle.json", import.meta.url));
const ICD = "http://hl7.org/fhir/sid/icd-10-cm";
const status = (code: string) => ({ coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code }] });
const verification = (code: string) => ({ coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-ver-status", code }] });
const icd = (code: string) => ({ coding: [{ system: ICD, code }] });
const bundle = (entries: object[], extra: object = {}) => Buffer.from(JSON.stringify({ resourceType: "Bundle", type: "collection", entry: entries, ...extra }));
const patient = (id: string, fields: object = {}) => ({ fullUrl: `urn:uuid:${id}`, resource: { resourceType: "Patient", id, name: [{ family: "Doe", given: ["Jan"] }], birthDate: "1950-01-01", gender: "female", ...fields } });
const condition = (subject: string, fields: object = {}) => ({ resource: { resourceType: "Condition", clinicalStatus: status("active"), code: icd("I10"), subject: { reference: subject }, ...fields } });
const coverage = (beneficiary: string, fields: object = {}) => ({ resource: { resourceType: "Coverage", status: "active", beneficiary: { reference: beneficiary }, ...fields } });
const read = (entries: object[]) => readFhirPanel(bundle(entries), "bundle");
const one = (entries: object[]) => {
  const panel = read(entries);
  expect(panel.rows).toHaveLength(1);
  return panel.rows[0]!;
};

describe("FHIR R4 panel mapping", () => {
  it.each([
    ["official name wins over usual", [patient("p", { name: [{ use: "usual", family: "Doe", given: ["Janie"] }, { use: "official", family: "Doe", given: ["Jan", "Marie"] }] })], { first_name: "Jan Marie", last_name: "Doe" }],
    ["first name when none is official", [patient("p", { name: [{ use: "usual", family: "Roe", given: ["Al"] }, { family: "Other", given: ["X"] }] })], { first_name: "Al", last_name: "Roe" }],
    ["MBI from the Patient identifier", [patient("p", { identifier: [{ system: MBI_SYSTEM, value: "1EG4-TE5-MK73" }] })], { mbi: "1EG4-TE5-MK73" }],
    ["MRN from an identifier typed MR", [patient("p", { identifier: [{ type: { coding: [{ code: "MR" }] }, system: "urn:ehr", value: "MG-7" }] })], { mrn: "MG-7" }],
    ["MBI from a Medicare Coverage (payor display)", [patient("p"), coverage("Patient/p", { subscriberId: "2CD5FG6HJ81", payor: [{ display: "CMS Medicare" }] })], { mbi: "2CD5FG6HJ81" }],
    ["MBI from a Coverage whose subscriber id is an MBI", [patient("p"), coverage("urn:uuid:p", { subscriberId: "2CD5FG6HJ81", payor: [{ display: "Acme Health" }] })], { mbi: "2CD5FG6HJ81" }],
    ["MBI from a Coverage whose payor is a contained Medicare Organization", [patient("p"), coverage("Patient/p", { subscriberId: "XX1", contained: [{ resourceType: "Organization", id: "org", name: "Medicare Part A" }], payor: [{ reference: "#org" }] })], { mbi: "XX1" }],
    ["MBI from a Coverage whose payor is a Medicare Organization in the Bundle", [patient("p"), { fullUrl: "urn:uuid:o", resource: { resourceType: "Organization", name: "MEDICARE" } }, coverage("Patient/p", { subscriberId: "XX2", payor: [{ reference: "urn:uuid:o" }] })], { mbi: "XX2" }],
    ["no MBI from a commercial Coverage", [patient("p"), coverage("Patient/p", { subscriberId: "ACME-99", payor: [{ display: "Acme Health" }] })], { mbi: "" }],
    ["Medicare Coverage's bad id reaches the MBI rule", [patient("p"), coverage("Patient/p", { subscriberId: "XX1", class: [{ value: "Medicare Part B" }] })], { mbi: "XX1" }],
    ["same MBI twice is not a conflict", [patient("p", { identifier: [{ system: MBI_SYSTEM, value: "1eg4te5mk73" }] }), coverage("Patient/p", { subscriberId: "1EG4-TE5-MK73", payor: [{ display: "Medicare" }] })], { mbi: "1eg4te5mk73" }],
    ["cancelled Coverage is ignored", [patient("p"), coverage("Patient/p", { status: "cancelled", subscriberId: "2CD5FG6HJ81" })], { mbi: "" }],
    ["conditions by urn:uuid and Patient/id; resolved, inactive, unconfirmed-status and entered-in-error skipped", [
      patient("p"),
      condition("urn:uuid:p", { code: icd("E11.9") }),
      condition("Patient/p", { code: icd("I10") }),
      condition("Patient/p", { code: icd("J45.909"), clinicalStatus: status("resolved") }),
      condition("Patient/p", { code: icd("K21.9"), clinicalStatus: status("inactive") }),
      condition("Patient/p", { code: icd("N18.3"), verificationStatus: verification("entered-in-error") }),
      condition("Patient/p", { code: icd("F32.9"), verificationStatus: verification("refuted") }),
      condition("Patient/p", { code: icd("M17.9"), clinicalStatus: undefined }),
      condition("Patient/p", { code: icd("J44.9"), clinicalStatus: status("recurrence") }),
    ], { icd10_codes: "E11.9;I10;J44.9" }],
    ["absolute reference URL matches Type/id", [patient("p"), condition("https://ehr.example/fhir/Patient/p/_history/3", { code: icd("E78.5") })], { icd10_codes: "E78.5" }],
    ["contained conditions belong to their Patient", [patient("p", { contained: [{ resourceType: "Condition", id: "c1", clinicalStatus: status("active"), code: icd("I50.9"), subject: { reference: "#" } }, { resourceType: "Condition", id: "c2", clinicalStatus: status("relapse"), code: icd("N18.3") }] })], { icd10_codes: "I50.9;N18.3" }],
    ["mobile phone, home address, preferred language, NPI from the generalPractitioner", [
      patient("p", {
        telecom: [{ system: "email", value: "a@b.c" }, { system: "phone", value: "612-555-0100", use: "home" }, { system: "phone", value: "612-555-0199", use: "mobile" }],
        address: [{ use: "old", line: ["1 Old Rd"], city: "X", state: "AZ" }, { use: "home", line: ["2 New St", "Apt 3"], city: "Maple Grove", state: "MN", postalCode: "55369" }],
        communication: [{ language: { coding: [{ code: "en" }] } }, { language: { coding: [{ code: "es" }] }, preferred: true }],
        generalPractitioner: [{ reference: "Practitioner/dr" }],
      }),
      { resource: { resourceType: "Practitioner", id: "dr", identifier: [{ system: NPI_SYSTEM, value: "1234567893" }] } },
    ], { phone: "612-555-0199", phone_type: "mobile", address_line1: "2 New St, Apt 3", city: "Maple Grove", state: "MN", postal_code: "55369", preferred_language: "es", billing_practitioner_npi: "1234567893" }],
  ])("%s", (_name, entries, expected) => {
    const row = one(entries);
    expect(row.record).toMatchObject(expected);
    expect(row.errors).toEqual([]);
  });

  it("reports two different MBIs for one patient as an error on that row", () => {
    const row = one([patient("p", { identifier: [{ system: MBI_SYSTEM, value: "1EG4-TE5-MK73" }] }), coverage("Patient/p", { subscriberId: "2CD5FG6HJ81", payor: [{ display: "Medicare" }] })]);
    expect(row.errors).toEqual([expect.objectContaining({ row: 0, column: "mbi", value: "1EG4-TE5-MK73 / 2CD5FG6HJ81", entry: "entry 0 (Patient/p)" })]);
    expect(row.errors[0]!.level).toBeUndefined();
    expect(row.errors[0]!.message).toMatch(/different MBIs.*1EG4-TE5-MK73 in entry 0 \(Patient\/p\) identifier; 2CD5FG6HJ81 in entry 1 \(Coverage\)/);
  });

  it("keeps a SNOMED-only condition out and says so as a warning, not an error", () => {
    const row = one([patient("p"), condition("Patient/p", { id: "s1", code: { coding: [{ system: "http://snomed.info/sct", code: "44054006", display: "Diabetes mellitus type 2" }] } }), condition("Patient/p")]);
    expect(row.record.icd10_codes).toBe("I10");
    expect(row.errors).toEqual([
      expect.objectContaining({ level: "warning", column: "icd10_codes", value: "44054006 Diabetes mellitus type 2", message: expect.stringMatching(/^entry 1 \(Condition\/s1\): no ICD-10-CM code \(only http:\/\/snomed.info\/sct\)/) }),
    ]);
  });

  it("counts resource types it does not import and warns about conditions for patients not in the file", () => {
    const panel = read([patient("p"), { resource: { resourceType: "Encounter" } }, { resource: { resourceType: "Encounter" } }, { resource: { resourceType: "Observation" } }, condition("Patient/nobody")]);
    expect(panel.summary).toMatchObject({ patients: 1, ignored: { Encounter: 2, Observation: 1 } });
    expect(panel.errors.map((e) => [e.level, e.value])).toEqual([["warning", "Patient/nobody"], ["warning", "Encounter ×2, Observation ×1"]]);
  });

  it("names the entry and path of structural problems", () => {
    const panel = read([
      patient("a", { birthDate: "17 March 1948" }),
      patient("b", { name: "Doe" }),
      { fullUrl: "urn:uuid:x" },
      condition("Patient/a", { subject: { reference: 42 } }),
    ]);
    expect(panel.errors.map((e) => e.message)).toEqual([
      "entry 0 (Patient/a): birthDate is not a date (FHIR dates look like 1948-03-17).",
      "entry 1 (Patient/b): name must be a list.",
      "entry 2: has no FHIR resource (resourceType is missing).",
      "entry 3 (Condition): subject.reference must be a string.",
    ]);
    expect(panel.errors[0]).toMatchObject({ row: 0, path: "Patient.birthDate", value: "17 March 1948" });
    expect(panel.rows).toHaveLength(0);
  });

  it.each([
    ["not JSON", Buffer.from("first_name,last_name\nA,B\n"), "bundle", /^The file is not valid JSON: .*Upload a FHIR R4 Bundle/],
    ["a JSON array", Buffer.from("[1,2]"), "bundle", /JSON but not a FHIR resource/],
    ["a lone Patient", Buffer.from(JSON.stringify({ resourceType: "Patient" })), "bundle", /^The file is a FHIR Patient, not a Bundle\./],
    ["a Bundle of an unsupported type", bundle([], { type: "history" }), "bundle", /^The Bundle is not valid: Bundle.type is not a Bundle type we import \(use collection, searchset, transaction, batch\)\.$/],
    ["a Bundle whose entry is not a list", Buffer.from(JSON.stringify({ resourceType: "Bundle", type: "batch", entry: {} })), "bundle", /^The Bundle is not valid: Bundle.entry must be a list\.$/],
    ["a Bundle without patients", bundle([condition("Patient/x")]), "bundle", /no Patient resources/],
    ["NDJSON with a broken line", Buffer.from(`${JSON.stringify(patient("a").resource)}\n{"resourceType":\n`), "ndjson", /^The file is not valid JSON \(line 2\)/],
  ] as const)("refuses %s with one clear message", (_name, body, format, message) => {
    expect(() => readFhirPanel(body, format)).toThrow(expect.objectContaining({ userMessage: expect.stringMatching(message) }));
  });

  it("reads NDJSON as a bulk export writes it (one resource per line, references by Type/id)", () => {
    const lines = [patient("a").resource, condition("Patient/a", { code: icd("E11.9") }).resource, patient("b", { name: [{ family: "Roe", given: ["Bo"] }] }).resource];
    const panel = readFhirPanel(Buffer.from(`${lines.map((l) => JSON.stringify(l)).join("\n")}\n`), "ndjson");
    expect(panel.rows.map((r) => [r.label, r.record.last_name, r.record.icd10_codes])).toEqual([["line 1 (Patient/a)", "Doe", "E11.9"], ["line 3 (Patient/b)", "Roe", ""]]);
  });

  it("maps the sample Bundle in docs/samples", () => {
    const panel = readFhirPanel(SAMPLE, "bundle");
    expect(panel.rows.map((r) => [r.record.first_name, r.record.mbi, r.record.icd10_codes])).toEqual([
      ["Eleanor May", "3AC7-DE2-FG45", "E11.9;I10"],
      ["Walter", "4HJ2KM3NP67", "J44.9"],
      ["Rosa", "5QR8TU9VW12", "I50.9;N18.3"],
    ]);
    expect(panel.rows.flatMap((r) => r.errors).map((e) => e.level)).toEqual(["warning"]);
    expect(panel.summary).toEqual({ patients: 3, conditionsImported: 5, conditionsSkipped: 3, coverages: 1, ignored: { Encounter: 1, Observation: 1 } });
  });
});

const MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY";
const pick = (chars: string) => fc.constantFrom(...chars.split(""));
const mbiArb = fc
  .tuple(pick("123456789"), pick(MBI_LETTERS), pick(MBI_LETTERS + "0123456789"), pick("0123456789"), pick(MBI_LETTERS), pick(MBI_LETTERS + "0123456789"), pick("0123456789"), pick(MBI_LETTERS), pick(MBI_LETTERS), pick("0123456789"), pick("0123456789"))
  .map((c) => c.join(""));
const nameArb = fc.stringMatching(/^[A-Z][a-z'-]{0,12}$/);
const dateArb = fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2020-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe("FHIR Patient → template row → the CSV row rules", () => {
  it("round-trips every field the row keeps", () => {
    fc.assert(
      fc.property(
        fc.record({
          given: fc.array(nameArb, { minLength: 1, maxLength: 3 }),
          family: nameArb,
          birthDate: dateArb,
          gender: fc.constantFrom("female", "male", "other", "unknown"),
          mbi: fc.option(mbiArb, { nil: undefined }),
          mbiViaCoverage: fc.boolean(),
          mrn: fc.option(fc.stringMatching(/^[A-Z0-9-]{1,12}$/), { nil: undefined }),
          phone: fc.option(fc.tuple(fc.integer({ min: 200, max: 999 }), fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 9999 })), { nil: undefined }),
          phoneUse: fc.constantFrom("mobile", "home", "work"),
          state: fc.constantFrom("MN", "AZ", "NY", "TX", "CA"),
          postalCode: fc.stringMatching(/^\d{5}$/),
          language: fc.constantFrom("en", "es", "vi", "so"),
          codes: fc.uniqueArray(fc.constantFrom("E11.9", "I10", "N18.3", "J44.9", "I50.9", "E78.5", "F32.9"), { maxLength: 4 }),
        }),
        (p) => {
          const phone = p.phone ? `${p.phone[0]}-${p.phone[1]}-${String(p.phone[2]).padStart(4, "0")}` : undefined;
          const entries: object[] = [
            patient("p", {
              name: [{ use: "official", family: p.family, given: p.given }],
              birthDate: p.birthDate,
              gender: p.gender,
              identifier: [...(p.mbi && !p.mbiViaCoverage ? [{ system: MBI_SYSTEM, value: p.mbi }] : []), ...(p.mrn ? [{ type: { coding: [{ code: "MR" }] }, value: p.mrn }] : [])],
              telecom: phone ? [{ system: "phone", value: phone, use: p.phoneUse }] : [],
              address: [{ line: ["1 Main St"], city: "Town", state: p.state, postalCode: p.postalCode }],
              communication: [{ language: { coding: [{ code: p.language }] }, preferred: true }],
            }),
            ...(p.mbi && p.mbiViaCoverage ? [coverage("urn:uuid:p", { subscriberId: p.mbi, payor: [{ display: "Medicare" }] })] : []),
            ...p.codes.map((code) => condition("Patient/p", { code: icd(code) })),
          ];
          const row = one(entries);
          const { value, errors } = parsePanelRow(row.record, 1);
          expect(errors).toEqual([]);
          expect(value).toEqual({
            row: 1, firstName: p.given.join(" "), lastName: p.family, dateOfBirth: p.birthDate, sex: p.gender, mbi: p.mbi ?? null, mrn: p.mrn ?? null,
            phone: phone ? { number: `+1${phone.replaceAll("-", "")}`, type: p.phoneUse } : null,
            addressLine1: "1 Main St", city: "Town", state: p.state, postalCode: p.postalCode, timeZone: null, preferredLanguage: p.language, practitionerNpi: null, icd10Codes: p.codes,
            // Issue 24: a Medicare Coverage is now also the patient's primary coverage (traditional Medicare).
            coverage: p.mbi && p.mbiViaCoverage ? [{ rank: "primary", payer: "Medicare", planType: "medicare", memberId: p.mbi, groupNumber: null, effectiveFrom: null, effectiveTo: null }] : [],
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
