import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig, useTestObjectStorage } from "../../testing/api-test-kit.js";
import { GOLDEN_MONTH_PATIENTS as PATIENTS, seedBillingClinic, type BillingClinic } from "../../testing/billing-fixtures.js";
import { CLAIM_CSV_COLUMNS } from "./claims-csv.js";
import { createClaimExport } from "./exports.service.js";
import { runMonthClose } from "./month-close.service.js";
import { validate837p } from "./x12-validator.js";
import { approveMonth, setRowExclusion } from "./worksheet.service.js";
import type { ObjectStorage } from "@carefold/integrations";

const GOLDEN = fileURLToPath(new URL("./fixtures/837p-2026-10.golden.txt", import.meta.url));
const MONTH = "2026-10";
const db = () => getTestDatabase().db;
const config = testConfig();
let storage: ObjectStorage;
let stop: () => Promise<void>;
let clinic: BillingClinic;
let adminId: string;
let browser: TestBrowser;


beforeAll(async () => {
  ({ storage, stop } = await useTestObjectStorage());
  const tenant = await createTestTenant(db(), { timeZone: "America/Chicago" });
  const admin = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_admin" }] });
  adminId = admin.id;
  const coordinator = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"] });
  clinic = await seedBillingClinic(db(), tenant.id, coordinator.id, PATIENTS);
  await runMonthClose(db(), { tenantId: tenant.id, serviceMonth: MONTH });
  browser = new TestBrowser(db(), config, "portal");
  await signIn(browser, admin);
});
afterAll(async () => stop());

const inScope = <T>(fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds: [clinic.tenantId] }, fn);

describe("claim exports", () => {
  it("refuses a CSV or 837P export of a month that is not approved", async () => {
    for (const format of ["csv", "x12_837p"] as const) {
      await expect(browser.call((c) => c.worksheet.export({ serviceMonth: MONTH, format }))).rejects.toMatchObject({
        code: "PRECONDITION_FAILED",
        message: expect.stringMatching(/only be exported from an approved month/),
      });
    }
  });

  it("exports the approved month as an 837P identical to the reviewed golden file, which passes the validator", async () => {
    await inScope(async (tx) => {
      await setRowExclusion(tx, clinic.tenantId, { serviceMonth: MONTH, patientId: clinic.patients.get("Eve")!, reason: "Billed by the hospital clinic this month" }, adminId);
      await approveMonth(tx, clinic.tenantId, MONTH, adminId);
    });
    const created = await inScope((tx) => createClaimExport(tx, storage, clinic.tenantId, MONTH, "x12_837p", adminId, new Date("2026-11-03T14:05:00Z")));
    expect(created).toMatchObject({ controlNumber: 1, claimCount: 3, amountCents: 6613 + 11657 + 16701 });
    const document = await inScope((tx) => tx.document.findFirstOrThrow({ where: { id: created.documentId } }));
    const text = (await storage.getObject(document.storageKey, { expectedSha256: document.sha256 })).body.toString("utf8");
    expect(validate837p(text)).toEqual([]);
    // Regenerate after a reviewed change: UPDATE_GOLDEN=1 npx vitest run src/modules/billing/exports
    // eslint-disable-next-line no-restricted-properties -- a test-only switch, not configuration
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN, text);
    expect(text).toBe(readFileSync(GOLDEN, "utf8"));
    // One claim per patient-month, the excluded and the blocked ones left out.
    expect(text.match(/^CLM\*/gm)).toHaveLength(3);
    expect(text).not.toContain("EVANS");
    expect(text).not.toContain("DIAZ");
  });

  it("exports the CSV with the documented columns and downloads both files through presigned links", async () => {
    const csv = await browser.call((c) => c.worksheet.export({ serviceMonth: MONTH, format: "csv" }));
    const x12 = await browser.call((c) => c.worksheet.export({ serviceMonth: MONTH, format: "x12_837p" }));
    // The month was exported as an 837P already and nothing changed: the same file, not a second original.
    expect(x12).toMatchObject({ controlNumber: 1, reused: true, claimCount: 3 });
    const listed = await browser.call((c) => c.worksheet.exports({ serviceMonth: MONTH }));
    expect(listed.map((e) => e.format).sort()).toEqual(["csv", "x12_837p"]);
    const link = await browser.call((c) => c.worksheet.download({ exportId: csv.exportId }));
    const response = await fetch(link.url);
    expect(response.status).toBe(200);
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe(CLAIM_CSV_COLUMNS.join(","));
    expect(lines.slice(1)).toEqual([
      "Alvarez,Ada,1EG4TE5MK73,1948-02-11,2026-10-31,99490,1,E11.9 I10,1 2,1234567893,1245319599,11,25,0,2026-01-05,66.13,Medicare,06102,medicare,1EG4TE5MK73,,,13.23,0.00",
      "Brown,Ben,2EG4TE5MK74,1951-07-30,2026-10-31,99490,1,E11.9 E78.5 I10 J44.9 N18.30,1 2 3 4,1234567893,1245319599,11,45,0,2026-01-05,66.13,Medicare,06102,medicare,2EG4TE5MK74,,,23.31,0.00",
      "Brown,Ben,2EG4TE5MK74,1951-07-30,2026-10-31,99439,1,E11.9 E78.5 I10 J44.9 N18.30,1 2 3 4,1234567893,1245319599,11,45,0,2026-01-05,50.44,Medicare,06102,medicare,2EG4TE5MK74,,,23.31,0.00",
      "Chen,Cai,3EG4TE5MK75,1940-12-01,2026-10-31,99490,1,I10 I50.9,1 2,1234567893,1245319599,11,70,0,2026-01-05,66.13,Medicare,06102,medicare,3EG4TE5MK75,,,33.40,0.00",
      "Chen,Cai,3EG4TE5MK75,1940-12-01,2026-10-31,99439,2,I10 I50.9,1 2,1234567893,1245319599,11,70,0,2026-01-05,100.88,Medicare,06102,medicare,3EG4TE5MK75,,,33.40,0.00",
    ]);
    const x12Link = await browser.call((c) => c.worksheet.download({ exportId: x12.exportId }));
    expect(validate837p(await (await fetch(x12Link.url)).text())).toEqual([]);
    const audited = await inScope((tx) => tx.auditEvent.count({ where: { tenantId: clinic.tenantId, action: "worksheet.download" } }));
    expect(audited).toBe(2);
  });
});
