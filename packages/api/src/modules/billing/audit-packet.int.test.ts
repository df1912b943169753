// The audit packet of a patient-month: a PDF an auditor can follow from each billed code back to
// its evidence (consent, visit, care plan, time log, calls), stored once and made again only when
// something it shows changed.
import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig, useTestObjectStorage } from "../../testing/api-test-kit.js";
import { insertEntry, seedBillingClinic, type BillingClinic } from "../../testing/billing-fixtures.js";
import { extractPdfText } from "../../testing/pdf-text.js";
import { runMonthClose } from "./month-close.service.js";
import { setRowExclusion } from "./worksheet.service.js";

const MONTH = "2026-10";
const db = () => getTestDatabase().db;
const config = testConfig();
let stop: () => Promise<void>;
let clinic: BillingClinic;
let coordinatorId: string;
let adminId: string;
let admin: TestBrowser;
let practitioner: TestBrowser;

beforeAll(async () => {
  ({ stop } = await useTestObjectStorage());
  const tenant = await createTestTenant(db(), { name: "Packet Clinic", timeZone: "America/Chicago" });
  const adminUser = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_admin" }] });
  adminId = adminUser.id;
  const practitionerUser = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "practitioner" }] });
  const staffUser = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_staff" }] });
  const coordinator = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"] });
  coordinatorId = coordinator.id;
  clinic = await seedBillingClinic(db(), tenant.id, coordinator.id, [
    { label: "Ada", lastName: "Alvarez", mbi: "1EG4TE5MK73", entries: [["2026-10-05", 25], ["2026-10-20", 4, "non_clinical", "documentation"]] },
    { label: "Dee", lastName: "Diaz", consentOn: null, entries: [["2026-10-07", 30]] },
  ]);
  await withTenantScope(db(), { tenantIds: [tenant.id] }, async (tx) => {
    await tx.call.create({
      data: { tenantId: tenant.id, patientId: clinic.patients.get("Ada")!, userId: coordinator.id, direction: "outbound", fromE164: "+16125550100", toE164: "+16125550111",
              status: "completed", disposition: "answered", talkSeconds: 1500, createdAt: new Date("2026-10-05T15:00:00Z") },
    });
    // A call in the clinic's September (Oct 1, 03:00 UTC is Sept 30, 22:00 in Chicago): not this month's.
    await tx.call.create({
      data: { tenantId: tenant.id, patientId: clinic.patients.get("Ada")!, userId: coordinator.id, direction: "outbound", fromE164: "+16125550100", toE164: "+16125550111",
              status: "completed", disposition: "no_answer", createdAt: new Date("2026-10-01T03:00:00Z") },
    });
  });
  await runMonthClose(db(), { tenantId: tenant.id, serviceMonth: MONTH });
  admin = new TestBrowser(db(), config, "portal");
  await signIn(admin, adminUser);
  practitioner = new TestBrowser(db(), config, "portal");
  await signIn(practitioner, practitionerUser);
  const staff = new TestBrowser(db(), config, "portal");
  await signIn(staff, staffUser);
  staffBrowser = staff;
});
let staffBrowser: TestBrowser;
afterAll(async () => stop());

const download = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());
const packet = (browser: TestBrowser, label: string) => browser.call((c) => c.worksheet.auditPacket({ serviceMonth: MONTH, patientId: clinic.patients.get(label)! }));

describe("audit packet", () => {
  it("shows the billed codes and every input behind them, in words an auditor reads", async () => {
    const result = await packet(admin, "Ada");
    expect(result.isNew).toBe(true);
    const pdf = await download(result.url);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = extractPdfText(pdf).replace(/\s+/g, " ");
    for (const expected of [
      "CCM audit packet",
      "Packet Clinic · service month 2026-10",
      "Alvarez, Ada",
      "1EG4TE5MK73",
      "Dr. Ada Lovelace (NPI 1234567893)",
      "99490",
      "25 clinical staff, 0 billing practitioner",
      "2026-01-05, verbal, by Nurse Joy",
      "Disclosed: cost sharing (coinsurance and deductible) applies",
      "E/M office visit on 2026-01-05, by the billing practitioner, CCM discussed (CCM started 2026-01-05).",
      "Type 2 diabetes (E11.9)",
      "Lower A1c — A1c, target below 8 %",
      "2026-10-05 25 min Call with patient",
      "4 min Documentation",
      "not counted: non-clinical staff time never counts",
      "Calls (1)",
      "talk 25:00 answered",
      "not approved yet",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain("no_answer");
  });

  it("says why a blocked month is blocked", async () => {
    const text = extractPdfText(await download((await packet(practitioner, "Dee")).url)).replace(/\s+/g, " ");
    expect(text).toContain("Blocks billing");
    expect(text).toContain("No consent in force for this month.");
  });

  it("is stored once and reused until the row, its exclusion or the approval changes", async () => {
    const first = await packet(admin, "Ada");
    const again = await packet(practitioner, "Ada");
    expect(again).toMatchObject({ documentId: first.documentId, isNew: false });
    const [concurrentA, concurrentB] = await Promise.all([packet(admin, "Dee"), packet(practitioner, "Dee")]);
    expect(concurrentA.documentId).toBe(concurrentB.documentId);

    await withTenantScope(db(), { tenantIds: [clinic.tenantId] }, (tx) =>
      setRowExclusion(tx, clinic.tenantId, { serviceMonth: MONTH, patientId: clinic.patients.get("Ada")!, reason: "Billed by the hospital clinic" }, adminId),
    );
    const afterExclusion = await packet(admin, "Ada");
    expect(afterExclusion.isNew).toBe(true);
    expect(extractPdfText(await download(afterExclusion.url)).replace(/\s+/g, " ")).toContain("excluded by the clinic — Billed by the hospital clinic");

    const documents = await withTenantScope(db(), { tenantIds: [clinic.tenantId] }, (tx) => tx.document.count({ where: { kind: "audit_packet" } }));
    expect(documents).toBe(3);
  });

  it("a re-close after a late correction makes a new packet with the new minutes", async () => {
    await withTenantScope(db(), { tenantIds: [clinic.tenantId] }, async (tx) => {
      await tx.$executeRaw`DELETE FROM service_month_lock WHERE tenant_id = ${clinic.tenantId}::uuid`;
      await insertEntry(tx, clinic.tenantId, clinic.patients.get("Dee")!, coordinatorId, "2026-10-21", 12);
    });
    const before = await packet(admin, "Dee");
    expect(before.isNew).toBe(false);
    await runMonthClose(db(), { tenantId: clinic.tenantId, serviceMonth: MONTH });
    const after = await packet(admin, "Dee");
    expect(after.isNew).toBe(true);
    expect(extractPdfText(await download(after.url)).replace(/\s+/g, " ")).toContain("42 clinical staff");
  });

  it("is refused to clinic staff, for a patient without a row, and audited for those who read it", async () => {
    await expect(packet(staffBrowser, "Ada")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.call((c) => c.worksheet.auditPacket({ serviceMonth: "2026-09", patientId: clinic.patients.get("Ada")! }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    const audits = await withTenantScope(db(), { tenantIds: [clinic.tenantId] }, (tx) =>
      tx.auditEvent.findMany({ where: { action: "worksheet.auditPacket", outcome: "success" }, select: { patientId: true, actorUserId: true } }),
    );
    expect(audits.length).toBeGreaterThanOrEqual(6);
    expect(audits.every((a) => a.patientId !== null)).toBe(true);
  });
});
