// Invoicing from a real approved month close (issue 8's month_close and worksheet_row), through
// the routers: close → approve → invoice → reopen → credit note → re-close → approve → invoice.
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig, useTestObjectStorage } from "../../testing/api-test-kit.js";
import { seedBillingClinic, type BillingClinic } from "../../testing/billing-fixtures.js";
import { processPendingCloses } from "../billing/close-admin.service.js";

const db = () => getTestDatabase().db;
const config = testConfig();
const MONTH = "2026-10";
let clinic: BillingClinic;
let vendor: TestBrowser;
let admin: TestBrowser;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ stop } = await useTestObjectStorage());
  const tenant = await createTestTenant(db(), { timeZone: "America/Chicago" });
  const coordinator = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"] });
  clinic = await seedBillingClinic(db(), tenant.id, coordinator.id, [
    { label: "Twenty", entries: [["2026-10-05", 25]] },
    { label: "Forty", entries: [["2026-10-05", 25], ["2026-10-12", 20]] },
    { label: "Blocked", consentOn: null, entries: [["2026-10-05", 30]] },
  ]);
  vendor = new TestBrowser(db(), config, "workspace");
  await signIn(vendor, await createUser(db(), config, { kind: "vendor", vendorRoles: ["vendor_admin"], withTotp: true }));
  admin = new TestBrowser(db(), config, "portal");
  await signIn(admin, await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_admin" }] }));
  await vendor.call((c) => c.invoicing.createContract({ tenantId: tenant.id, effectiveFromMonth: "2026-01", pricing: { model: "percent_of_reimbursement", percentBasisPoints: 1500 }, monthlyMinimumCents: 0, paymentTermsDays: 30, billingContactName: "AP", billingContactEmail: "ap@clinic.example" }));
});
afterAll(async () => stop());

it("invoices the approved worksheet's billable rows at the contract's percentage, and credits the month when it is reopened", async () => {
  const tenantId = clinic.tenantId;
  await vendor.call((c) => c.monthClose.request({ tenantId, serviceMonth: MONTH }));
  await processPendingCloses(db());
  await expect(vendor.call((c) => c.invoicing.generate({ tenantId, serviceMonth: MONTH }))).rejects.toMatchObject({ message: expect.stringContaining("not approved") });
  await admin.call((c) => c.worksheet.approve({ serviceMonth: MONTH }));

  const sheet = (await admin.call((c) => c.worksheet.get({ serviceMonth: MONTH, filter: "billable" })))!;
  const preview = await vendor.call((c) => c.invoicing.preview({ tenantId, serviceMonth: MONTH }));
  // One line per billable row, 15 % of that row's Medicare amount, rounded half up.
  expect(preview.lines.map((l) => [l.patientId, l.amountCents])).toEqual(
    sheet.rows.map((r) => [r.patientId, Math.floor((r.amountCents * 1500 + 5000) / 10000)]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  );
  expect(preview.lines).toHaveLength(2);

  const { invoiceId, isCreated } = await vendor.call((c) => c.invoicing.generate({ tenantId, serviceMonth: MONTH }));
  expect(isCreated).toBe(true);
  expect((await vendor.call((c) => c.invoicing.generate({ tenantId, serviceMonth: MONTH }))).isCreated).toBe(false);
  const { invoice, lines } = await vendor.call((c) => c.invoicing.invoice({ tenantId, invoiceId }));
  expect(invoice.totalCents).toBe(preview.totalCents);
  expect(lines.every((l) => l.worksheetResultHash && l.worksheetResultHash.length === 64)).toBe(true);
  await vendor.call((c) => c.invoicing.send({ tenantId, invoiceId }));

  // The reopen dialog shows the claims already sent and the invoice lines the reopen will credit.
  await admin.call((c) => c.worksheet.export({ serviceMonth: MONTH, format: "x12_837p" }));
  const before = await vendor.call((c) => c.monthClose.reopenPreview({ tenantId, serviceMonth: MONTH }));
  expect(before.claims.map((c) => [c.frequency, c.version])).toEqual([["1", 1], ["1", 1]]);
  expect(before.invoices).toEqual([{ number: invoice.number, status: "sending", effect: "credit", totalCents: invoice.totalCents, lines: lines.map((l) => ({ description: l.description, amountCents: l.amountCents })) }]);

  // Reopening credits the issued invoice itself; asking again changes nothing (the same credit note).
  const reopened = await vendor.call((c) => c.monthClose.reopen({ tenantId, serviceMonth: MONTH, reason: "Late time entries found" }));
  expect(reopened.creditNoteIds).toHaveLength(1);
  await expect(vendor.call((c) => c.invoicing.generate({ tenantId, serviceMonth: MONTH }))).rejects.toMatchObject({ message: expect.stringContaining("not approved") });
  const { creditNoteIds } = await vendor.call((c) => c.invoicing.creditReopenedMonth({ tenantId, serviceMonth: MONTH }));
  expect(creditNoteIds).toEqual(reopened.creditNoteIds);
  const after = await vendor.call((c) => c.invoicing.invoice({ tenantId, invoiceId }));
  expect(after.invoice.totalCents).toBe(invoice.totalCents);
  expect(after.lines).toEqual(lines);

  await vendor.call((c) => c.monthClose.request({ tenantId, serviceMonth: MONTH }));
  await processPendingCloses(db());
  await admin.call((c) => c.worksheet.approve({ serviceMonth: MONTH }));
  const again = await vendor.call((c) => c.invoicing.generate({ tenantId, serviceMonth: MONTH }));
  expect(again.isCreated).toBe(true);
  expect(again.invoiceId).not.toBe(invoiceId);
});
