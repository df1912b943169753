import { getTestDatabase } from "@carefold/db/testing";
import { withTenantScope } from "@carefold/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestBrowser, testConfig, useTestObjectStorage } from "../../testing/api-test-kit.js";
import { clinicWithSignedInAdmin } from "../../testing/clinic-fixtures.js";

const config = testConfig();
const db = () => getTestDatabase().db;
let stopStorage: () => Promise<void>;
let browser: TestBrowser;
let tenantId: string;

const HEADER = "first_name,last_name,date_of_birth,sex,mbi,phone,state,billing_practitioner_npi,icd10_codes";
const GOOD = [
  "Maria,Lopez,1948-03-17,female,1EG4-TE5-MK73,612-555-0142,MN,1234567893,E11.9;I10",
  "John,Berg,03/04/1951,male,,612 555 0199,MN,,J44.9",
  "Ada,King,1940-12-01,F,2CD5FG6HJ81,,AZ,,I50.9;N18.3;E78.5",
];
const csv = (lines: string[]) => Buffer.from([HEADER, ...lines].join("\n")).toString("base64");

beforeAll(async () => {
  ({ stop: stopStorage } = await useTestObjectStorage());
  ({ tenantId, browser } = await clinicWithSignedInAdmin(db(), config, "Import Clinic"));
});
afterAll(async () => stopStorage());

const patientCount = () => withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.patient.count());

describe("panel import", () => {
  it("reports exactly the bad rows and columns, imports nothing, then imports the fixed file and updates on re-import", async () => {
    const bad = [
      GOOD[0]!,
      "John,Berg,1951-02-30,male,,612 555 0199,MN,,J44.9", // row 3: impossible date
      "Ada,King,1940-12-01,F,1SG4-TE5-MK73,,AZ,,I50.9", // row 4: S is never used in an MBI
      "Zed,Quinn,1939-05-05,male,,,MN,,E11.9;XYZ", // row 5: not an ICD-10-CM code
    ];
    const preview = await browser.call((c) => c.panelImport.preview({ fileName: "panel.csv", base64: csv(bad) }));
    expect(preview).toMatchObject({ status: "rejected", rowCount: 4, errorCount: 3 });
    expect(preview.errors.map((e) => [e.row, e.column])).toEqual([[3, "date_of_birth"], [4, "mbi"], [5, "icd10_codes"]]);
    expect(preview.errors[1]!.message).toMatch(/position 2/);
    await expect(browser.call((c) => c.panelImport.commit({ importId: preview.importId }))).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await patientCount()).toBe(0);

    const fixed = await browser.call((c) => c.panelImport.preview({ fileName: "panel-fixed.csv", base64: csv(GOOD) }));
    expect(fixed).toMatchObject({ status: "previewed", rowCount: 3, errorCount: 0 });
    expect(await patientCount()).toBe(0);
    expect(await browser.call((c) => c.panelImport.commit({ importId: fixed.importId }))).toMatchObject({ created: 3, updated: 0 });
    expect(await patientCount()).toBe(3);

    const list = await browser.call((c) => c.patients.list({ page: 1, pageSize: 25 }));
    const lopez = list.rows.find((r) => r.name === "Lopez, Maria")!;
    expect(lopez).toMatchObject({ mbiMasked: "•••-•••-MK73", eligibility: "ccm_candidate", qualifyingConditions: 2 });
    expect(list.rows.find((r) => r.name === "Berg, John")).toMatchObject({ dateOfBirth: "1951-03-04", eligibility: "pcm_candidate" });

    const again = await browser.call((c) => c.panelImport.preview({ fileName: "panel-again.csv", base64: csv(GOOD.map((l) => l.replace("612-555-0142", "612-555-0100"))) }));
    // Only Maria's row changes anything: shown as an update, applied once confirmed; the others match and stay.
    expect(again.updates).toEqual([expect.objectContaining({ row: 2, patientId: lopez.id, matchedBy: "mbi", changes: [{ field: "phone", from: "+16125550142 (mobile)", to: "+16125550100 (mobile)" }] })]);
    expect(await browser.call((c) => c.panelImport.commit({ importId: again.importId, confirmAll: true }))).toMatchObject({ created: 0, updated: 1, skipped: 2 });
    expect(await patientCount()).toBe(3);
    const chart = await browser.call((c) => c.patients.get({ patientId: lopez.id }));
    expect(chart.phones.map((p) => p.number)).toEqual(["+16125550100"]);
    expect(chart.billingPractitioner?.npi).toBe("1234567893");

    const stored = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.document.findMany({ where: { kind: "panel_import" } }));
    expect(stored).toHaveLength(3);
    for (const d of stored) expect(d.storageKey.startsWith(`tenants/${tenantId}/panel-import/`)).toBe(true);
  });

  it("flags duplicate rows inside one file and unknown practitioners, with the row they repeat", async () => {
    const preview = await browser.call((c) => c.panelImport.preview({ fileName: "dups.csv", base64: csv([GOOD[0]!, GOOD[0]!.replace("Maria", "Mary"), "Kai,Lee,1950-01-01,male,,,MN,1987654328,I10"]) }));
    expect(preview.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [3, "mbi", "Duplicate of row 2 (same MBI)."],
      [4, "billing_practitioner_npi", expect.stringMatching(/No practitioner with NPI 1987654328/)],
    ]);
  });

  it("refuses a file without the required columns and explains which", async () => {
    const preview = await browser.call((c) => c.panelImport.preview({ fileName: "x.csv", base64: Buffer.from("name,dob\nA,1950-01-01\n").toString("base64") }));
    expect(preview.status).toBe("rejected");
    expect(preview.errors.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(/"first_name" is missing/), expect.stringMatching(/"name" is not in the template/)]));
  });
});
