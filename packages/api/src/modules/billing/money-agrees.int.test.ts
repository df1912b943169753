// Issue 15 item 8, "money agrees everywhere": one seeded month, closed, approved and invoiced;
// the worksheet, the vendor's close list, the clinic's reports, the vendor P&L and the invoice
// show the same cents and the same patient counts, hand-checked below.
import { withTenantScope } from "@carefold/db";
import { getTestDatabase } from "@carefold/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { useTestObjectStorage, type TestBrowser } from "../../testing/api-test-kit.js";
import type { BillingClinic } from "../../testing/billing-fixtures.js";
import { seedInvoicedClinic } from "../../testing/invoicing-fixtures.js";
import { getClinicReport } from "../reports/reports.service.js";
import { addCoverage, addPayer, addPayerRate } from "../../testing/coverage-fixtures.js";
import { getMonthToDate } from "../time/month-to-date.service.js";
import { runMonthClose } from "./month-close.service.js";

const db = () => getTestDatabase().db;
const MONTH = "2026-10";
/** The clinic's "now": mid-November, so October has ended and November is open. */
const NOW = new Date("2026-11-15T18:00:00Z");

/**
 * October 2026 (2026 national rates: 99490 = $66.13, 99439 = $50.44). The enrolments are seeded
 * without enrolment events, as a panel import or the demo seed leaves them.
 *
 * | patient   | facts                                   | row             | cents  | enrolled at Oct 31 |
 * |-----------|-----------------------------------------|-----------------|--------|--------------------|
 * | Staff25   | 25 min                                  | 99490           |  6,613 | yes                |
 * | Staff45   | 20 + 25 min, Maple MA (contract below)  | 99490 + 99439   | 12,500 | yes                |
 * | Staff65   | 40 + 25 min                             | 99490 + 99439×2 | 16,701 | yes                |
 * | Left      | 25 min on Oct 5, disenrolled Oct 20     | 99490           |  6,613 | no                 |
 * | NoConsent | 30 min, no consent                      | blocked         |      0 | yes                |
 * | Below     | 12 min                                  | below threshold |      0 | yes                |
 * | Declined  | 25 min, never enrolled                  | (no row)        |      — | —                  |
 *
 * Staff45's payer (issue 24) is a Medicare Advantage plan whose contract pays 99490 $70.00 and
 * 99439 $55.00; the others are traditional Medicare. Total $424.27 from 4 billable patients;
 * 6 rows; 5 enrolled at month end. Every figure below reads the payer through the one evaluation.
 */
const TOTAL_CENTS = 6_613 + 12_500 + 16_701 + 6_613;
let clinic: BillingClinic;
let vendor: TestBrowser;
let admin: TestBrowser;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ stop } = await useTestObjectStorage());
  ({ clinic, vendor, admin } = await seedInvoicedClinic([
    { label: "Staff25", entries: [["2026-10-05", 25]] },
    { label: "Staff45", entries: [["2026-10-05", 20], ["2026-10-12", 25]], coverage: false },
    { label: "Staff65", entries: [["2026-10-05", 40], ["2026-10-19", 25]] },
    { label: "Left", entries: [["2026-10-05", 25]] },
    { label: "NoConsent", consentOn: null, entries: [["2026-10-05", 30]] },
    { label: "Below", entries: [["2026-10-05", 12]] },
    { label: "Declined", enrolled: false, entries: [["2026-10-05", 25]] },
  ]));
  await withTenantScope(db(), { tenantIds: [clinic.tenantId] }, (tx) =>
    tx.$executeRaw`UPDATE program_enrollment SET status = 'disenrolled', ends_on = '2026-10-20' WHERE tenant_id = ${clinic.tenantId}::uuid AND patient_id = ${clinic.patients.get("Left")!}::uuid`,
  );
  await withTenantScope(db(), { tenantIds: [clinic.tenantId] }, async (tx) => {
    const maple = await addPayer(tx, clinic.tenantId, { name: "Maple Medicare Advantage", planType: "medicare_advantage", ediPayerId: "MAPLE01" });
    const enteredBy = (await tx.appUser.findFirstOrThrow({ select: { id: true } })).id;
    await addPayerRate(tx, clinic.tenantId, maple, "99490", 2026, 7_000, enteredBy);
    await addPayerRate(tx, clinic.tenantId, maple, "99439", 2026, 5_500, enteredBy);
    await addCoverage(tx, clinic.tenantId, clinic.patients.get("Staff45")!, { payerId: maple, planType: "medicare_advantage", memberId: "MPL-45" });
  });
});
afterAll(async () => stop());

it("the worksheet, the close list, the reports, the vendor P&L and the invoice agree to the cent on one closed month", async () => {
  const tenantId = clinic.tenantId;
  await runMonthClose(db(), { tenantId, serviceMonth: MONTH });
  await admin.call((c) => c.worksheet.approve({ serviceMonth: MONTH }));
  const { invoiceId } = await vendor.call((c) => c.invoicing.generate({ tenantId, serviceMonth: MONTH }));

  // The worksheet (portal) and the vendor's close list.
  const sheet = (await admin.call((c) => c.worksheet.get({ serviceMonth: MONTH, filter: "all" })))!;
  expect(sheet.close.amountCents).toBe(TOTAL_CENTS);
  expect(sheet.close.counts).toMatchObject({ billable: 4, blocked: 1, belowThreshold: 1, all: 6 });
  expect(sheet.rows.filter((r) => r.status === "billable").reduce((s, r) => s + r.amountCents, 0)).toBe(TOTAL_CENTS);
  expect(sheet.totalsByPayer.map((t) => [t.payerName, t.claims, t.amountCents])).toEqual([["Maple Medicare Advantage", 1, 12_500], ["Medicare", 3, TOTAL_CENTS - 12_500]]);
  // The chart's month-to-date reads the payer through the same evaluation: the MA patient's month is the contract's.
  const chart = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => getMonthToDate(tx, clinic.patients.get("Staff45")!, NOW, MONTH));
  expect(chart.amountCents).toBe(12_500);
  const listed = (await vendor.call((c) => c.monthClose.list({ serviceMonth: MONTH }))).clinics.find((c) => c.tenantId === tenantId)!;
  expect({ amountCents: listed.amountCents, billable: listed.counts.billable }).toEqual({ amountCents: TOTAL_CENTS, billable: 4 });

  // The clinic's reports: revenue, its codes, the billable rate and who was enrolled at month end.
  const report = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => getClinicReport(tx, tenantId, { from: "2026-09", to: "2026-11" }, NOW));
  const october = report.revenue.months.find((m) => m.month === MONTH)!;
  expect(october).toMatchObject({ state: "approved", amountCents: TOTAL_CENTS });
  expect(october.byCode).toEqual([
    { code: "99439", units: 3, patients: 2, amountCents: 5_500 + 2 * 5_044 },
    { code: "99490", units: 4, patients: 4, amountCents: 7_000 + 3 * 6_613 },
  ]);
  expect(report.billableRate.find((m) => m.month === MONTH)).toMatchObject({ source: "close", evaluated: 6, billable: 4, blocked: 1, belowThreshold: 1 });
  expect(report.enrollment.find((m) => m.month === MONTH)!.enrolledAtEnd).toBe(5);

  // The vendor P&L's expected reimbursement, and the invoice's billed codes.
  const pnl = (await vendor.call((c) => c.invoicing.profitAndLoss({ tenantId }))).find((m) => m.serviceMonth === MONTH)!;
  expect(pnl.expectedReimbursementCents).toBe(TOTAL_CENTS);
  const { lines } = await vendor.call((c) => c.invoicing.invoice({ tenantId, invoiceId }));
  const billed = lines.flatMap((l) => (l.billedCodes?.length ? [l.billedCodes] : []));
  expect(billed).toHaveLength(4);
  expect(billed.flat().reduce((s, c) => s + c.expectedReimbursementCents, 0)).toBe(TOTAL_CENTS);
});
