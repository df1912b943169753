import { withTenantScope } from "@carefold/db";
import { getTestDatabase } from "@carefold/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestBrowser, testConfig, useTestObjectStorage } from "../../testing/api-test-kit.js";
import { clinicWithSignedInAdmin } from "../../testing/clinic-fixtures.js";
import { todayIn } from "../patients/today.js";
import { assumedStart } from "./import-coverage.js";

const config = testConfig();
const db = () => getTestDatabase().db;
let stopStorage: () => Promise<void>;
let tenantId: string;
let browser: TestBrowser;
let medicare: string;
let advantage: string;
let medigap: string;

const HEADER = "First Name,Last Name,DOB,mbi,Primary Insurance,Plan Type,Member ID,Effective Date,Secondary Insurance,Secondary Subscriber ID";
const file = (lines: string[], header = HEADER) => Buffer.from([header, ...lines].join("\n")).toString("base64");
const ROWS = [
  "Tom,Trad,1941-01-01,1EG4TE5MK73,,,,,,",
  "Mia,Advantage,1942-02-02,2EG4TE5MK73,61101,medicare advantage,H55501,2026-01-01,,",
  "Gus,Gap,1943-03-03,3EG4TE5MK73,Medicare Part B (JF),medicare,,2025-01-01,AARP Medigap Plan G,AARP-9",
];
const scoped = <T>(fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds: [tenantId] }, fn);
const importFile = async (name: string, lines: string[], header?: string) => {
  const preview = await browser.call((c) => c.panelImport.preview({ fileName: name, base64: file(lines, header) }));
  return { preview, commit: preview.errorCount ? null : await browser.call((c) => c.panelImport.commit({ importId: preview.importId, confirmAll: true })) };
};
const coverageOf = (lastName: string) =>
  scoped(async (tx) => {
    const p = await tx.patient.findFirstOrThrow({ where: { lastName } });
    return tx.patientCoverage.findMany({ where: { patientId: p.id }, orderBy: [{ rank: "asc" }, { effectiveFrom: "asc" }, { recordedAt: "asc" }] });
  });

beforeAll(async () => {
  ({ stop: stopStorage } = await useTestObjectStorage());
  ({ tenantId, browser } = await clinicWithSignedInAdmin(db(), config, "Import Coverage Clinic"));
  medicare = (await browser.call((c) => c.payers.add({ name: "Medicare Part B (JF)", planType: "medicare", ediPayerId: "03102" }))).payerId;
  advantage = (await browser.call((c) => c.payers.add({ name: "Humana Gold Plus", planType: "medicare_advantage", ediPayerId: "61101" }))).payerId;
  medigap = (await browser.call((c) => c.payers.add({ name: "AARP Medigap Plan G", planType: "medigap", ediPayerId: "36273" }))).payerId;
});
afterAll(async () => stopStorage());

describe("panel import with coverage", () => {
  it("records traditional (assumed), Medicare Advantage and Medigap coverage; re-importing creates nothing; a change supersedes", async () => {
    const first = await importFile("panel.csv", ROWS);
    expect(first.preview).toMatchObject({ errorCount: 0, uncoveredMbiRows: 0 });
    expect(first.commit).toMatchObject({ created: 3, coverages: 4 });

    const today = todayIn("America/Chicago");
    const [trad] = await coverageOf("Trad");
    expect(trad).toMatchObject({ payerId: medicare, rank: "primary", planType: "medicare", memberId: "1EG4TE5MK73", source: "csv_import", effectiveTo: null, sourceRef: "assumed: MBI on file, no coverage in panel.csv row 2" });
    expect(trad!.effectiveFrom.toISOString().slice(0, 10)).toBe(assumedStart(today));
    const view = await browser.call((c) => c.coverage.get({ patientId: trad!.patientId }));
    expect(view.primary).toMatchObject({ isAssumed: true, payer: { name: "Medicare Part B (JF)" } });

    expect((await coverageOf("Advantage")).map((r) => [r.payerId, r.rank, r.planType, r.memberId, r.effectiveFrom.toISOString().slice(0, 10)])).toEqual([[advantage, "primary", "medicare_advantage", "H55501", "2026-01-01"]]);
    const gus = await coverageOf("Gap");
    expect(gus.map((r) => [r.payerId, r.rank, r.planType, r.memberId, r.sourceRef])).toEqual([
      [medicare, "primary", "medicare", "3EG4TE5MK73", "panel.csv row 4"],
      [medigap, "secondary", "medigap", "AARP-9", `start assumed: panel.csv row 4`],
    ]);

    // The same file again: patients matched, nothing new written.
    const again = await importFile("panel-again.csv", ROWS);
    expect(again.commit).toMatchObject({ created: 0, coverages: 0 });
    expect(await scoped((tx) => tx.patientCoverage.count())).toBe(4);

    // Mia's plan changes member id from June: the old coverage ends May 31, the new one begins.
    const changed = await importFile("panel-june.csv", [ROWS[1]!.replace("H55501,2026-01-01", "H55599,2026-06-01")]);
    expect(changed.commit).toMatchObject({ coverages: 1 });
    const mia = await coverageOf("Advantage");
    expect(mia.map((r) => [r.memberId, r.effectiveFrom.toISOString().slice(0, 10), r.effectiveTo?.toISOString().slice(0, 10) ?? null, r.supersedeReason])).toEqual([
      ["H55501", "2026-01-01", null, "changed by import of panel-june.csv"],
      ["H55501", "2026-01-01", "2026-05-31", null],
      ["H55599", "2026-06-01", null, null],
    ]);
  });

  it("an unknown payer is a row error naming it; nothing is imported", async () => {
    const { preview, commit } = await importFile("unknown.csv", ["Una,Known,1944-04-04,4EG4TE5MK73,Aetna Medicare Eagle,,AET1,,,"]);
    expect(commit).toBeNull();
    expect(preview.errors).toEqual([expect.objectContaining({ row: 2, column: "primary_payer", value: "Aetna Medicare Eagle", message: expect.stringContaining("No payer “Aetna Medicare Eagle” in the clinic's payer directory") })]);
    expect(await scoped((tx) => tx.patient.count({ where: { lastName: "Known" } }))).toBe(0);
  });

  it("imports FHIR Coverage resources: payor by identifier, order as rank, period, typology as plan type", async () => {
    const bundle = {
      resourceType: "Bundle", type: "collection", entry: [
        { fullUrl: "urn:uuid:pf", resource: { resourceType: "Patient", id: "pf", name: [{ family: "Fhircover", given: ["Flo"] }], birthDate: "1946-06-06", identifier: [{ system: "http://hl7.org/fhir/sid/us-mbi", value: "5EG4TE5MK73" }] } },
        { fullUrl: "urn:uuid:org-h", resource: { resourceType: "Organization", id: "org-h", name: "Humana", identifier: [{ value: "61101" }] } },
        { resource: { resourceType: "Coverage", status: "active", order: 1, beneficiary: { reference: "Patient/pf" }, payor: [{ reference: "urn:uuid:org-h" }], subscriberId: "HF-1", type: { coding: [{ system: "urn:oid:2.16.840.1.113883.3.221.5", code: "112" }] }, period: { start: "2026-02-01" } } },
      ],
    };
    const preview = await browser.call((c) => c.panelImport.preview({ fileName: "ehr.json", base64: Buffer.from(JSON.stringify(bundle)).toString("base64") }));
    expect(preview.errors).toEqual([]);
    await browser.call((c) => c.panelImport.commit({ importId: preview.importId }));
    expect((await coverageOf("Fhircover")).map((r) => [r.payerId, r.rank, r.planType, r.memberId, r.effectiveFrom.toISOString().slice(0, 10), r.source, r.sourceRef])).toEqual([
      [advantage, "primary", "medicare_advantage", "HF-1", "2026-02-01", "fhir_import", "ehr.json entry 0 (Patient/pf)"],
    ]);
  });
});
