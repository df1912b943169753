import { readFileSync } from "node:fs";
import { getTestDatabase } from "@carefold/db/testing";
import { withTenantScope } from "@carefold/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestBrowser, testConfig, useTestObjectStorage } from "../../testing/api-test-kit.js";
import { clinicWithSignedInAdmin } from "../../testing/clinic-fixtures.js";
import { MBI_SYSTEM } from "./fhir-bundle.js";

const SAMPLE = readFileSync(new URL("../../../../../docs/samples/fhir-r4-panel-bundle.json", import.meta.url));
const config = testConfig();
const db = () => getTestDatabase().db;
let stopStorage: () => Promise<void>;
let browser: TestBrowser;
let tenantId: string;

beforeAll(async () => {
  ({ stop: stopStorage } = await useTestObjectStorage());
  ({ tenantId, browser } = await clinicWithSignedInAdmin(db(), config, "FHIR Import Clinic"));
});
afterAll(async () => stopStorage());

const scoped = <T>(f: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds: [tenantId] }, f);
const patientCount = () => scoped((tx) => tx.patient.count());
const preview = (fileName: string, body: Buffer | string) => browser.call((c) => c.panelImport.preview({ fileName, base64: Buffer.from(body).toString("base64") }));

describe("FHIR R4 panel import", () => {
  it("previews the sample Bundle without writing patients, commits it with problems and eligibility, and re-import updates", async () => {
    const checked = await preview("ehr-export.json", SAMPLE);
    expect(checked).toMatchObject({ status: "previewed", rowCount: 3, errorCount: 0 });
    // Warnings only: the SNOMED-only condition and the ignored Encounter/Observation.
    expect(checked.errors.map((e) => [e.level, e.entry, e.path])).toEqual([
      ["warning", "whole file", "Bundle.entry"],
      ["warning", "entry 6 (Patient/fw-walter)", "Condition.code"],
    ]);
    expect(checked.errors[1]!.message).toMatch(/^entry 10 \(Condition\/c-snomed-only\): no ICD-10-CM code/);
    expect(await patientCount()).toBe(0);
    const doc = await scoped((tx) => tx.document.findFirst({ where: { kind: "panel_import" }, orderBy: { createdAt: "desc" } }));
    expect(doc).toMatchObject({ fileName: "ehr-export.json", contentType: "application/fhir+json" });

    expect(await browser.call((c) => c.panelImport.commit({ importId: checked.importId }))).toMatchObject({ created: 3, updated: 0 });
    expect(await patientCount()).toBe(3);
    const list = await browser.call((c) => c.patients.list({ page: 1, pageSize: 25 }));
    const eleanor = list.rows.find((r) => r.name === "Fhirwood, Eleanor May")!;
    expect(eleanor).toMatchObject({ mbiMasked: "•••-•••-FG45", eligibility: "ccm_candidate", qualifyingConditions: 2 });
    expect(list.rows.find((r) => r.name === "Fhirwood, Walter")).toMatchObject({ mbiMasked: "•••-•••-NP67", eligibility: "pcm_candidate" });
    expect(list.rows.find((r) => r.name === "Fhirwood, Rosa")).toMatchObject({ eligibility: "ccm_candidate" });
    const chart = await browser.call((c) => c.patients.get({ patientId: eleanor.id }));
    expect(chart.phones.map((p) => p.number)).toEqual(["+16125550171"]);
    expect(chart.billingPractitioner?.npi).toBe("1234567893");
    const problems = await scoped((tx) => tx.problem.findMany({ where: { patientId: eleanor.id }, orderBy: { icd10Code: "asc" } }));
    expect(problems.map((p) => p.icd10Code)).toEqual(["E11.9", "I10"]);

    // The same patients again (one by MBI, the others by name and date of birth): matched, never
    // doubled. This NDJSON has no Practitioner line, so Eleanor's row would clear her billing
    // practitioner: the preview shows that as an update, and unconfirmed it is not applied.
    const again = await preview("ehr-export-again.ndjson", (JSON.parse(SAMPLE.toString()) as { entry: { resource: object }[] }).entry.map((e) => JSON.stringify(e.resource)).join("\n"));
    expect(again).toMatchObject({ status: "previewed", rowCount: 3, errorCount: 0 });
    expect(again.updates).toEqual([expect.objectContaining({ patientId: eleanor.id, matchedBy: "mbi", changes: [{ field: "billing_practitioner_npi", from: "1234567893", to: "" }] })]);
    expect(await browser.call((c) => c.panelImport.commit({ importId: again.importId }))).toMatchObject({ created: 0, updated: 0, skipped: 3 });
    expect((await browser.call((c) => c.patients.get({ patientId: eleanor.id }))).billingPractitioner?.npi).toBe("1234567893");
    expect(await patientCount()).toBe(3);
  });

  it("rejects a Bundle with row errors (conflicting MBIs, bad birth date, bad ICD-10, duplicate) and writes nothing", async () => {
    const before = await patientCount();
    const bundle = {
      resourceType: "Bundle",
      type: "searchset",
      entry: [
        { fullUrl: "urn:uuid:a", resource: { resourceType: "Patient", id: "a", name: [{ family: "Ng", given: ["Al"] }], birthDate: "1950-02-30", identifier: [{ system: MBI_SYSTEM, value: "1EG4-TE5-MK73" }] } },
        { resource: { resourceType: "Coverage", beneficiary: { reference: "urn:uuid:a" }, subscriberId: "2CD5FG6HJ81", payor: [{ display: "Medicare" }] } },
        { resource: { resourceType: "Patient", id: "b", name: [{ family: "Ng", given: ["Bea"] }], birthDate: "1951-01-01" } },
        { resource: { resourceType: "Condition", clinicalStatus: { coding: [{ code: "active" }] }, code: { coding: [{ system: "http://hl7.org/fhir/sid/icd-10-cm", code: "XYZ" }] }, subject: { reference: "Patient/e" } } },
        { resource: { resourceType: "Patient", id: "c", name: [{ family: "Ng", given: ["Bea"] }], birthDate: "1951-01-01", gender: "f" } },
        { resource: { resourceType: "Patient", id: "d", name: [{ family: "Ng" }], birthDate: 1950 } },
        { resource: { resourceType: "Patient", id: "e", name: [{ family: "Ng", given: ["Cy"] }], birthDate: "1952-01-01" } },
      ],
    };
    const result = await preview("bad.json", JSON.stringify(bundle));
    expect(result).toMatchObject({ status: "rejected", rowCount: 4, errorCount: 5 });
    expect(result.errors.map((e) => e.message)).toEqual([
      "entry 5 (Patient/d): birthDate must be a string.",
      expect.stringMatching(/^entry 0 \(Patient\/a\): the file gives different MBIs/),
      expect.stringMatching(/^entry 0 \(Patient\/a\), Patient.birthDate: 1950-02-30 is not a valid date of birth/),
      "entry 4 (Patient/c): Duplicate of entry 2 (Patient/b) (same name and date of birth).",
      expect.stringMatching(/^entry 6 \(Patient\/e\), Condition.code: XYZ is not an ICD-10-CM code/),
    ]);
    await expect(browser.call((c) => c.panelImport.commit({ importId: result.importId }))).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await patientCount()).toBe(before);
  });

  it("refuses files that are not FHIR or not allowed, with one message", async () => {
    await expect(preview("panel.json", "first_name,last_name\n")).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^The file is not valid JSON/) });
    await expect(preview("one.json", JSON.stringify({ resourceType: "Patient", id: "x" }))).rejects.toMatchObject({ message: "The file is a FHIR Patient, not a Bundle. Upload a FHIR R4 Bundle of Patient, Condition and Coverage resources." });
    await expect(preview("panel.xml", "<Bundle/>")).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
