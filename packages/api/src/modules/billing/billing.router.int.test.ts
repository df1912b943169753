import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig, useTestObjectStorage, type CreatedUser } from "../../testing/api-test-kit.js";
import { insertEntry, seedBillingClinic, type BillingClinic } from "../../testing/billing-fixtures.js";
import { processPendingCloses } from "./close-admin.service.js";

const db = () => getTestDatabase().db;
const config = testConfig();
const MONTH = "2026-10";
let clinic: BillingClinic;
let coordinator: CreatedUser;
let vendor: TestBrowser;
let admin: TestBrowser;
let practitioner: TestBrowser;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ stop } = await useTestObjectStorage());
  const tenant = await createTestTenant(db(), { timeZone: "America/Chicago" });
  coordinator = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"] });
  clinic = await seedBillingClinic(db(), tenant.id, coordinator.id, [
    { label: "Billable", entries: [["2026-10-05", 25]] },
    { label: "Blocked", consentOn: null, entries: [["2026-10-05", 30]] },
    { label: "Warned", entries: [["2026-10-05", 22, "clinical_staff", "documentation"]] },
  ]);
  vendor = new TestBrowser(db(), config, "workspace");
  await signIn(vendor, await createUser(db(), config, { kind: "vendor", vendorRoles: ["vendor_admin"], withTotp: true }));
  admin = new TestBrowser(db(), config, "portal");
  await signIn(admin, await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_admin" }] }));
  practitioner = new TestBrowser(db(), config, "portal");
  await signIn(practitioner, await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "practitioner" }] }));
});
afterAll(async () => stop());

const inScope = <T>(fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds: [clinic.tenantId] }, fn);

describe("month close from the admin area to the clinic's approval", () => {
  it("refuses to close a month that has not ended", async () => {
    const current = new Date().toISOString().slice(0, 7);
    await expect(vendor.call((c) => c.monthClose.request({ tenantId: clinic.tenantId, serviceMonth: current }))).rejects.toMatchObject({ message: expect.stringMatching(/month that has ended/) });
  });

  it("a vendor admin queues the close, the worker runs it, and the admin list shows the result", async () => {
    expect(await vendor.call((c) => c.monthClose.request({ tenantId: clinic.tenantId, serviceMonth: MONTH }))).toEqual({ status: "queued" });
    expect(await processPendingCloses(db())).toEqual({ processed: 1 });
    const list = await vendor.call((c) => c.monthClose.list({ serviceMonth: MONTH }));
    expect(list.clinics.find((x) => x.tenantId === clinic.tenantId)).toMatchObject({ status: "closed", counts: { billable: 2, blocked: 1, belowThreshold: 0, excluded: 0 }, progress: { done: 3, total: 3 } });
  });

  it("the clinic reads the worksheet with filters, totals by code and the reason a row is blocked", async () => {
    const all = await admin.call((c) => c.worksheet.get({ serviceMonth: MONTH }));
    expect(all!.close).toMatchObject({ status: "closed", amountCents: 2 * 6613, counts: { all: 3, billable: 2, blocked: 1, warnings: 1 } });
    expect(all!.totalsByCode).toEqual([{ code: "99490", units: 2, amountCents: 2 * 6613 }]);
    const blocked = await admin.call((c) => c.worksheet.get({ serviceMonth: MONTH, filter: "blocked" }));
    expect(blocked!.rows.map((r) => r.name)).toEqual(["Testpatient, Blocked"]);
    const warnings = await admin.call((c) => c.worksheet.get({ serviceMonth: MONTH, filter: "warnings" }));
    expect(warnings!.rows.map((r) => [r.name, r.findings.map((f) => f.code)])).toEqual([["Testpatient, Warned", ["no_interactive_contact"]]]);
    const row = await admin.call((c) => c.worksheet.row({ serviceMonth: MONTH, patientId: clinic.patients.get("Blocked")! }));
    expect(row.findings).toEqual([expect.objectContaining({ code: "consent_missing", severity: "block", message: expect.stringMatching(/No consent is documented/) })]);
    expect(row.entries).toEqual([expect.objectContaining({ minutes: 30, activity: "patient_call", counts: true })]);
  });

  it("only a clinic admin excludes and approves; exclusion moves the totals and is undone by include", async () => {
    const billable = clinic.patients.get("Billable")!;
    await expect(practitioner.call((c) => c.worksheet.exclude({ serviceMonth: MONTH, patientId: billable, reason: "Patient in hospice" }))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.call((c) => c.worksheet.exclude({ serviceMonth: MONTH, patientId: billable, reason: "" }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await admin.call((c) => c.worksheet.exclude({ serviceMonth: MONTH, patientId: billable, reason: "Patient in hospice" }));
    let sheet = await admin.call((c) => c.worksheet.get({ serviceMonth: MONTH, filter: "excluded" }));
    expect(sheet!.rows).toEqual([expect.objectContaining({ name: "Testpatient, Billable", status: "excluded", excludedReason: "Patient in hospice" })]);
    expect(sheet!.close).toMatchObject({ amountCents: 6613, counts: { billable: 1, excluded: 1 } });
    await admin.call((c) => c.worksheet.include({ serviceMonth: MONTH, patientId: billable }));
    await admin.call((c) => c.worksheet.exclude({ serviceMonth: MONTH, patientId: billable, reason: "Patient in hospice" }));
    await expect(practitioner.call((c) => c.worksheet.approve({ serviceMonth: MONTH }))).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await admin.call((c) => c.worksheet.approve({ serviceMonth: MONTH }))).toEqual({ billable: 1, amountCents: 6613 });
    sheet = await admin.call((c) => c.worksheet.get({ serviceMonth: MONTH }));
    expect(sheet!.close).toMatchObject({ status: "approved", approvedBy: expect.stringMatching(/^Test /) });
    await expect(admin.call((c) => c.worksheet.include({ serviceMonth: MONTH, patientId: billable }))).rejects.toMatchObject({ message: expect.stringMatching(/already approved/) });
    await expect(vendor.call((c) => c.monthClose.request({ tenantId: clinic.tenantId, serviceMonth: MONTH }))).rejects.toMatchObject({ message: expect.stringMatching(/Reopen it/) });
  });

  it("reopen is vendor-admin only, needs a reason, is audited, unlocks entries and clears the approval; the next close keeps the exclusion", async () => {
    await expect(vendor.call((c) => c.monthClose.reopen({ tenantId: clinic.tenantId, serviceMonth: MONTH, reason: "" }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.call((c) => c.monthClose.reopen({ tenantId: clinic.tenantId, serviceMonth: MONTH, reason: "Late documentation" }))).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await vendor.call((c) => c.monthClose.reopen({ tenantId: clinic.tenantId, serviceMonth: MONTH, reason: "Late call notes for October" }))).toEqual({ previousStatus: "approved", creditNoteIds: [] });
    const audit = await inScope((tx) => tx.auditEvent.findMany({ where: { tenantId: clinic.tenantId, action: "monthClose.reopen" } }));
    expect(audit).toEqual([expect.objectContaining({ outcome: "success", objectType: "month_close", objectId: MONTH, details: expect.objectContaining({ reason: "Late call notes for October", previousStatus: "approved" }) })]);
    // Unlocked: a late entry for October is now accepted.
    await inScope((tx) => insertEntry(tx, clinic.tenantId, clinic.patients.get("Warned")!, coordinator.id, "2026-10-28", 10, "clinical_staff", "patient_call"));
    const sheet = await admin.call((c) => c.worksheet.get({ serviceMonth: MONTH }));
    expect(sheet!.close).toMatchObject({ status: "reopened", approvedAt: null });
    await vendor.call((c) => c.monthClose.request({ tenantId: clinic.tenantId, serviceMonth: MONTH }));
    await processPendingCloses(db());
    const after = await admin.call((c) => c.worksheet.get({ serviceMonth: MONTH }));
    expect(after!.close).toMatchObject({ status: "closed", counts: { billable: 1, excluded: 1, warnings: 0 } });
    expect(after!.rows.find((r) => r.name === "Testpatient, Warned")).toMatchObject({ staffMinutes: 32, status: "billable" });
  });

  it("records other services by form and CSV (refused for a closed month, all-or-nothing import)", async () => {
    await expect(admin.call((c) => c.otherServices.add({ patientId: clinic.patients.get("Warned")!, serviceMonth: MONTH, code: "99424", samePractitioner: true }))).rejects.toMatchObject({
      message: expect.stringMatching(/October 2026 is closed/),
    });
    const november = "2026-11";
    const warned = clinic.patients.get("Warned")!;
    expect(await admin.call((c) => c.otherServices.add({ patientId: warned, serviceMonth: november, code: "99424", samePractitioner: true }))).toMatchObject({ isDuplicate: false });
    await inScope((tx) => tx.patient.update({ where: { tenantId_id: { tenantId: clinic.tenantId, id: clinic.patients.get("Billable")! } }, data: { mbi: "1EG4TE5MK73" } }));
    const bad = await admin.call((c) => c.otherServices.importCsv({ csv: "mbi,service_month,code,same_practitioner\n1EG4-TE5-MK73,2026-11,99495,no\n9ZZ9ZZ9ZZ99,2026-11,99495,maybe\n" }));
    expect(bad).toMatchObject({ imported: 0, errors: [{ line: 3, message: expect.any(String) }] });
    const good = await admin.call((c) => c.otherServices.importCsv({ csv: "mbi,service_month,code,same_practitioner\n1EG4-TE5-MK73,2026-11,99495,no\n" }));
    expect(good).toEqual({ imported: 1, duplicates: 0, errors: [] });
    expect((await admin.call((c) => c.otherServices.list({ serviceMonth: november }))).map((o) => [o.code, o.samePractitioner, o.source])).toEqual([["99495", false, "csv"], ["99424", true, "form"]]);
  });
});
