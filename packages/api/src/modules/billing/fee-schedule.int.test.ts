import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig } from "../../testing/api-test-kit.js";
import { seedBillingClinic, type BillingClinic } from "../../testing/billing-fixtures.js";
import { runMonthClose } from "./month-close.service.js";

/**
 * Issue 15 item 4: the clinic's fee schedule and QP status reach the close, and no worksheet line
 * is ever $0. October 2026 is fixed: the question is what 2026 prices do (99491 has no 2026 amount).
 */
const db = () => getTestDatabase().db;
const config = testConfig();
const MONTH = "2026-10";
let performerId: string;
let admin: TestBrowser;

beforeAll(async () => {
  performerId = (await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"] })).id;
  const vendorAdmin = await createUser(db(), config, { kind: "vendor", vendorRoles: ["vendor_admin"], withTotp: true });
  admin = new TestBrowser(db(), config, "workspace");
  await signIn(admin, vendorAdmin);
});

const inScope = <T>(tenantId: string, fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds: [tenantId] }, fn);

async function newClinic(): Promise<BillingClinic> {
  const tenant = await createTestTenant(db(), { timeZone: "America/Chicago" });
  return seedBillingClinic(db(), tenant.id, performerId, [
    { label: "Prac35", entries: [["2026-10-05", 35, "billing_practitioner"]] },
    { label: "Prac45", entries: [["2026-10-05", 45, "billing_practitioner"]] },
    { label: "Staff25", entries: [["2026-10-05", 25]] },
  ]);
}

async function linesByLabel(clinic: BillingClinic) {
  const rows = await inScope(clinic.tenantId, (tx) => tx.worksheetRow.findMany({ where: { serviceMonth: MONTH } }));
  const labelOf = new Map([...clinic.patients].map(([label, id]) => [id, label]));
  return Object.fromEntries(rows.map((r) => [labelOf.get(r.patientId)!, (r.lines as { code: string; units: number; amountCents: number }[]).map((l) => [l.code, l.units, l.amountCents])]));
}

describe("fee schedule and QP reach the close", () => {
  it("a 2026 month with 35 or 45 practitioner minutes never yields a $0 line: the priced staff lane bills", async () => {
    const clinic = await newClinic();
    await runMonthClose(db(), { tenantId: clinic.tenantId, serviceMonth: MONTH });
    const lines = await linesByLabel(clinic);
    expect(lines).toEqual({
      Prac35: [["99490", 1, 6613]],
      Prac45: [["99490", 1, 6613], ["99439", 1, 5044]],
      Staff25: [["99490", 1, 6613]],
    });
    for (const rowLines of Object.values(lines)) for (const [, , cents] of rowLines) expect(cents).toBeGreaterThan(0);
  });

  it("a rate the vendor admin enters (audited) is what the re-run close bills; QP status changes the amounts", async () => {
    const clinic = await newClinic();
    const key = { tenantId: clinic.tenantId, serviceMonth: MONTH };
    await runMonthClose(db(), key);
    await admin.call((c) => c.admin.feeSchedule.save({ tenantId: clinic.tenantId, code: " 99491 ", year: 2026, amount: "$84.50", source: "MAC J6 2026 locality 16" }));
    expect(await admin.call((c) => c.admin.feeSchedule.list({ tenantId: clinic.tenantId }))).toMatchObject({ hasProfile: true, conversionFactor: "non_qp", rates: [{ code: "99491", year: 2026, cents: 8450, source: "MAC J6 2026 locality 16" }] });
    await runMonthClose(db(), key);
    expect((await linesByLabel(clinic)).Prac35).toEqual([["99491", 1, 8450]]);

    await admin.call((c) => c.admin.feeSchedule.setConversionFactor({ tenantId: clinic.tenantId, conversionFactor: "qp" }));
    await runMonthClose(db(), key);
    const lines = await linesByLabel(clinic);
    expect(lines.Staff25).toEqual([["99490", 1, 6646]]);
    // The clinic's own 99491 rate still wins over the national table under QP.
    expect(lines.Prac35).toEqual([["99491", 1, 8450]]);

    const audited = await inScope(clinic.tenantId, (tx) => tx.auditEvent.findMany({ where: { tenantId: clinic.tenantId, action: { startsWith: "admin.feeSchedule" } }, orderBy: { seq: "asc" } }));
    expect(audited.map((a) => a.action)).toEqual(["admin.feeSchedule.save", "admin.feeSchedule.setConversionFactor"]);
  });

  it("refuses a $0 or malformed rate with a clear message and changes nothing", async () => {
    const clinic = await newClinic();
    await expect(admin.call((c) => c.admin.feeSchedule.save({ tenantId: clinic.tenantId, code: "99491", year: 2026, amount: "0.00", source: "x" }))).rejects.toMatchObject({ message: expect.stringMatching(/more than \$0.00/) });
    await expect(admin.call((c) => c.admin.feeSchedule.save({ tenantId: clinic.tenantId, code: "9949", year: 2026, amount: "84.50", source: "x" }))).rejects.toMatchObject({ message: expect.stringMatching(/5 characters/) });
    expect(await inScope(clinic.tenantId, (tx) => tx.feeScheduleRate.count())).toBe(0);
  });
});
