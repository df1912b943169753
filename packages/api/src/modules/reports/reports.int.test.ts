import fc from "fast-check";
import { Prisma, withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig, type CreatedUser } from "../../testing/api-test-kit.js";
import { insertEntry, seedBillingClinic, type BillingClinic } from "../../testing/billing-fixtures.js";
import { extractPdfText } from "../../testing/pdf-text.js";
import { runMonthClose } from "../billing/month-close.service.js";
import { countBuckets } from "./reports.schemas.js";
import { bucketIndexSql, getClinicReport } from "./reports.service.js";

const db = () => getTestDatabase().db;
const config = testConfig();
/** The clinic's "now" for the scenario: mid-November 2026 (Chicago), so November is the open month. */
const NOW = new Date("2026-11-15T18:00:00Z");

let clinic: BillingClinic;
let other: BillingClinic;
let coordinator: CreatedUser;
let jordan: CreatedUser;
let otherNurse: CreatedUser;
let admin: TestBrowser;
let practitioner: TestBrowser;
let staff: TestBrowser;
let otherAdmin: TestBrowser;

const inScope = <T>(tenantId: string, fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds: [tenantId] }, fn);

/**
 * The scenario (clinic in America/Chicago; CCM enrolled since January unless said otherwise):
 *
 * | patient | Sep (approved)        | Oct (closed)                          | Nov (open, to the 15th)          | enrolment events                         |
 * |---------|-----------------------|---------------------------------------|----------------------------------|------------------------------------------|
 * | A       | 25 min → 99490        | 45 min → 99490 + 99439                | 25 + 5 corrected to 3            | enrolled 2026-01-05                      |
 * | B       | 10 min → below        | 22 min → 99490, then excluded         | 5 (+ 7 rejected)                 | enrolled 2026-01-05                      |
 * | C       | 30 min, no consent → blocked | 0 → blocked                    | 0                                | enrolled 2026-01-05                      |
 * | D       | 0 → below             | 40 + 25 (Jordan) → 99490 + 2 × 99439  | 0                                | enrolled 2026-01-05                      |
 * | E       | 0 → below             | 0 → below                             | (disenrolled)                    | enrolled 2026-09-10, disenrolled 10-20 (moved) |
 * | F       | —                     | 0 → below                             | (disenrolled)                    | enrolled 2026-10-02, disenrolled 2026-11-01 04:00 UTC = Oct 31 in Chicago (patient request) |
 *
 * 2026 rates: 99490 = $66.13, 99439 = $50.44.
 */
beforeAll(async () => {
  const tenant = await createTestTenant(db(), { name: "Report Clinic", timeZone: "America/Chicago" });
  const otherTenant = await createTestTenant(db(), { name: "Elsewhere Clinic", timeZone: "America/Chicago" });
  coordinator = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], email: "casey.reports@example.org" });
  jordan = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], email: "jordan.reports@example.org" });
  otherNurse = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], email: "elsewhere.nurse@example.org" });
  clinic = await seedBillingClinic(db(), tenant.id, coordinator.id, [
    { label: "A", entries: [["2026-09-08", 25], ["2026-10-06", 45], ["2026-11-03", 25]] },
    { label: "B", entries: [["2026-09-08", 10], ["2026-10-06", 22], ["2026-11-04", 5]] },
    { label: "C", consentOn: null, entries: [["2026-09-09", 30]] },
    { label: "D", entries: [["2026-10-05", 40]] },
    { label: "E", enrolled: false },
    { label: "F", enrolled: false },
  ]);
  const id = (label: string) => clinic.patients.get(label)!;
  await inScope(tenant.id, async (tx) => {
    await insertEntry(tx, tenant.id, id("D"), jordan.id, "2026-10-12", 25);
    const wrong = await insertEntry(tx, tenant.id, id("A"), coordinator.id, "2026-11-10", 5);
    await insertEntry(tx, tenant.id, id("A"), coordinator.id, "2026-11-10", 3, "clinical_staff", "patient_call", wrong);
    const rejected = await insertEntry(tx, tenant.id, id("B"), coordinator.id, "2026-11-11", 7);
    await tx.$executeRaw`UPDATE time_entry SET review_status = 'rejected', review_reason = 'duplicate' WHERE tenant_id = ${tenant.id}::uuid AND id = ${rejected}::uuid`;
    await tx.$executeRaw`UPDATE program_enrollment SET status = 'disenrolled', enrolled_on = '2026-09-10', ends_on = '2026-10-20' WHERE tenant_id = ${tenant.id}::uuid AND patient_id = ${id("E")}::uuid`;
    await tx.$executeRaw`UPDATE program_enrollment SET status = 'disenrolled', enrolled_on = '2026-10-02', ends_on = '2026-10-31' WHERE tenant_id = ${tenant.id}::uuid AND patient_id = ${id("F")}::uuid`;
    const events: [string, string | null, string, string | null, string][] = [
      ...["A", "B", "C", "D"].map((p): [string, string | null, string, string | null, string] => [p, "consented", "enrolled", null, "2026-01-05T15:00:00Z"]),
      ["E", "consented", "enrolled", null, "2026-09-10T15:00:00Z"],
      ["E", "enrolled", "disenrolled", "moved", "2026-10-20T15:00:00Z"],
      ["F", "consented", "enrolled", null, "2026-10-02T15:00:00Z"],
      ["F", "enrolled", "disenrolled", "patient_request", "2026-11-01T04:00:00Z"],
    ];
    for (const [p, fromStatus, toStatus, reason, at] of events) {
      await tx.$executeRaw`
        INSERT INTO enrollment_event (tenant_id, enrollment_id, from_status, to_status, reason, at)
        SELECT tenant_id, id, ${fromStatus}::enrollment_status, ${toStatus}::enrollment_status, ${reason}, ${at}::timestamptz
          FROM program_enrollment WHERE tenant_id = ${tenant.id}::uuid AND patient_id = ${id(p)}::uuid`;
    }
  });
  other = await seedBillingClinic(db(), otherTenant.id, otherNurse.id, [{ label: "Zed", entries: [["2026-10-07", 50]] }]);

  admin = new TestBrowser(db(), config, "portal");
  await signIn(admin, await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_admin" }] }));
  practitioner = new TestBrowser(db(), config, "portal");
  await signIn(practitioner, await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "practitioner" }] }));
  staff = new TestBrowser(db(), config, "portal");
  await signIn(staff, await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_staff" }] }));
  otherAdmin = new TestBrowser(db(), config, "portal");
  await signIn(otherAdmin, await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: otherTenant.id, role: "clinic_admin" }] }));

  await runMonthClose(db(), { tenantId: tenant.id, serviceMonth: "2026-09" });
  await admin.call((c) => c.worksheet.approve({ serviceMonth: "2026-09" }));
  await runMonthClose(db(), { tenantId: tenant.id, serviceMonth: "2026-10" });
  await admin.call((c) => c.worksheet.exclude({ serviceMonth: "2026-10", patientId: id("B"), reason: "Seen by hospital care management" }));
  await runMonthClose(db(), { tenantId: otherTenant.id, serviceMonth: "2026-10" });
});

const report = (range: { from: string; to: string; month?: string }) => inScope(clinic.tenantId, (tx) => getClinicReport(tx, clinic.tenantId, range, NOW));

describe("clinic report: the scenario's numbers", () => {
  it("month states and revenue by month and code (closed months only)", async () => {
    const r = await report({ from: "2026-08", to: "2026-12" });
    expect(r.currentMonth).toBe("2026-11");
    expect(r.months.map((m) => [m.month, m.state])).toEqual([["2026-08", "not_closed"], ["2026-09", "approved"], ["2026-10", "closed"], ["2026-11", "open"], ["2026-12", "future"]]);
    expect(r.revenue.months.map((m) => [m.month, m.amountCents, m.byCode])).toEqual([
      ["2026-08", 0, []],
      ["2026-09", 6613, [{ code: "99490", units: 1, patients: 1, amountCents: 6613 }]],
      ["2026-10", 2 * 6613 + 3 * 5044, [{ code: "99439", units: 3, patients: 2, amountCents: 3 * 5044 }, { code: "99490", units: 2, patients: 2, amountCents: 2 * 6613 }]],
      ["2026-11", 0, []],
      ["2026-12", 0, []],
    ]);
    expect(r.revenue.codes).toEqual(["99439", "99490"]);
    expect(r.revenue.totalCents).toBe(3 * 6613 + 3 * 5044);
  });

  it("billable rate: worksheet rows for closed months, enrolled patients at 20+ minutes for the open month", async () => {
    const r = await report({ from: "2026-08", to: "2026-12" });
    const table = r.billableRate.map((b) => [b.month, b.source, b.evaluated, b.billable, b.blocked, b.belowThreshold, b.excluded, b.rate]);
    expect(table).toEqual([
      ["2026-08", "none", 0, 0, null, null, null, null],
      ["2026-09", "close", 5, 1, 1, 3, 0, 1 / 5],
      ["2026-10", "close", 6, 2, 1, 2, 1, 2 / 6],
      ["2026-11", "month_to_date", 4, 1, null, null, null, 1 / 4],
      ["2026-12", "none", 0, 0, null, null, null, null],
    ]);
  });

  it("minutes distribution: the newest closed month by default, any month on request", async () => {
    const byDefault = await report({ from: "2026-08", to: "2026-12" });
    expect(byDefault.minutes).toMatchObject({ month: "2026-10", state: "closed", source: "close", patients: 6 });
    expect(byDefault.minutes.buckets.map((b) => [b.key, b.patients])).toEqual([["0", 3], ["1-19", 0], ["20-39", 1], ["40-59", 1], ["60+", 1]]);
    const september = await report({ from: "2026-08", to: "2026-12", month: "2026-09" });
    expect(september.minutes.buckets.map((b) => b.patients)).toEqual([2, 1, 2, 0, 0]);
    const open = await report({ from: "2026-08", to: "2026-12", month: "2026-11" });
    expect(open.minutes).toMatchObject({ month: "2026-11", state: "open", source: "rollup", patients: 4 });
    expect(open.minutes.buckets.map((b) => b.patients)).toEqual([2, 1, 1, 0, 0]);
    const notClosed = await report({ from: "2026-08", to: "2026-12", month: "2026-08" });
    expect(notClosed.minutes).toMatchObject({ month: "2026-08", state: "not_closed", source: "none", patients: 0 });
  });

  it("enrolment and churn per month in the clinic's calendar", async () => {
    const r = await report({ from: "2026-08", to: "2026-12" });
    expect(r.enrollment.map((e) => [e.month, e.newEnrollments, e.disenrollments, e.byReason.map((x) => [x.reason, x.count]), e.enrolledAtEnd])).toEqual([
      ["2026-08", 0, 0, [], 4],
      ["2026-09", 1, 0, [], 5],
      ["2026-10", 1, 2, [["moved", 1], ["patient_request", 1]], 4],
      ["2026-11", 0, 0, [], 4],
      ["2026-12", 0, 0, [], 4],
    ]);
    expect(r.enrollment[2]!.byReason.map((x) => x.label)).toEqual(["Moved away", "Patient asked to stop"]);
  });

  it("coordinator productivity: entries in force per performer and month (corrections applied, rejected left out)", async () => {
    const r = await report({ from: "2026-08", to: "2026-12" });
    expect(r.productivity.map((p) => [p.month, p.performer, p.minutes, p.patients, p.entries])).toEqual([
      ["2026-09", "Test casey.reports", 65, 3, 3],
      ["2026-10", "Test casey.reports", 107, 3, 3],
      ["2026-10", "Test jordan.reports", 25, 1, 1],
      ["2026-11", "Test casey.reports", 33, 2, 3],
    ]);
  });
});

describe("minutes buckets in SQL", () => {
  it("count the same as the TypeScript definition for any minutes (each patient in one bucket)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constantFrom(0, 1, 19, 20, 39, 40, 59, 60), fc.integer({ min: 0, max: 400 })), { maxLength: 60 }), async (minutes) => {
        const rows = await inScope(clinic.tenantId, (tx) => tx.$queryRaw<{ bucket: number; patients: number }[]>`
          SELECT ${bucketIndexSql(Prisma.sql`m`)} AS bucket, count(*)::int AS patients FROM unnest(${minutes}::int[]) AS m GROUP BY 1`);
        const fromSql = countBuckets([]).map((_, i) => rows.find((r) => r.bucket === i)?.patients ?? 0);
        expect(fromSql).toEqual(countBuckets(minutes));
      }),
      { numRuns: 40 },
    );
  });
});

describe("reports procedures", () => {
  it("clinic admins and practitioners read the report; clinic staff may not", async () => {
    const range = { from: "2026-09", to: "2026-10" };
    const r = await admin.call((c) => c.reports.get(range));
    expect(r.revenue.totalCents).toBe(3 * 6613 + 3 * 5044);
    expect((await practitioner.call((c) => c.reports.get(range))).revenue.totalCents).toBe(r.revenue.totalCents);
    await expect(staff.call((c) => c.reports.get(range))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("never shows another clinic's data, and never a patient", async () => {
    const mine = JSON.stringify(await admin.call((c) => c.reports.get({ from: "2026-09", to: "2026-11" })));
    for (const marker of ["Elsewhere Clinic", "Test elsewhere.nurse", otherNurse.id, other.patients.get("Zed")!, "Testpatient", clinic.patients.get("A")!]) expect(mine).not.toContain(marker);
    const theirs = await otherAdmin.call((c) => c.reports.get({ from: "2026-09", to: "2026-11" }));
    expect(theirs.clinic.name).toBe("Elsewhere Clinic");
    expect(theirs.revenue.months.map((m) => m.amountCents)).toEqual([0, 6613 + 5044, 0]);
    expect(theirs.productivity.map((p) => [p.month, p.performer, p.minutes])).toEqual([["2026-10", "Test elsewhere.nurse", 50]]);
  });

  it("refuses a range it cannot report, saying what to change", async () => {
    await expect(admin.call((c) => c.reports.get({ from: "2024-01", to: "2026-01" }))).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("A report covers at most 24 months; 2024-01 to 2026-01 is 25. Choose a shorter range.") });
    await expect(admin.call((c) => c.reports.get({ from: "2026-10", to: "2026-09" }))).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("The last month (2026-09) is before the first (2026-10).") });
    await expect(admin.call((c) => c.reports.get({ from: "2026-13", to: "2026-10" }))).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Give the first month as YYYY-MM") });
    await expect(admin.call((c) => c.reports.get({ from: "2026-09", to: "2026-10", month: "2026-11" }))).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("must be within 2026-09 to 2026-10") });
    expect(await admin.call((c) => c.reports.get({ from: "2024-11", to: "2026-10" }))).toMatchObject({ from: "2024-11", to: "2026-10" });
  });

  it("a CSV per section and the PDF are audited reads; viewing the report is not", async () => {
    const countAudit = () => inScope(clinic.tenantId, (tx) => tx.$queryRaw<{ action: string; object_type: string | null; object_id: string | null }[]>`
      SELECT action, object_type, object_id FROM audit_event WHERE tenant_id = ${clinic.tenantId}::uuid AND action LIKE 'reports.%' ORDER BY seq`);
    await admin.call((c) => c.reports.get({ from: "2026-09", to: "2026-10" }));
    expect(await countAudit()).toEqual([]);

    const revenue = await admin.call((c) => c.reports.csv({ from: "2026-09", to: "2026-10", section: "revenue" }));
    expect(revenue.filename).toBe("report-revenue-2026-09-to-2026-10.csv");
    expect(revenue.csv.split("\r\n")).toEqual([
      "service_month,month_status,code,units,patients,amount_cents,amount_usd",
      "2026-09,approved,99490,1,1,6613,66.13",
      "2026-10,closed,99439,3,2,15132,151.32",
      "2026-10,closed,99490,2,2,13226,132.26",
      "",
    ]);
    const people = await admin.call((c) => c.reports.csv({ from: "2026-09", to: "2026-10", section: "productivity" }));
    expect(people.csv).toContain("2026-10,Test jordan.reports,25,1,1");
    const rate = await admin.call((c) => c.reports.csv({ from: "2026-09", to: "2026-10", section: "billable-rate" }));
    expect(rate.csv).toContain("2026-10,closed,close,6,2,1,2,1,33.3");

    const pdf = await admin.call((c) => c.reports.pdf({ from: "2026-09", to: "2026-10" }));
    const bytes = Buffer.from(pdf.base64, "base64");
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const text = extractPdfText(bytes);
    for (const words of ["Reports · Report Clinic", "Revenue by month and code", "$151.32", "Billable rate by month", "33.3 %", "Minutes distribution · 2026-10", "Enrollment and churn (CCM)", "Moved away: 1", "Coordinator productivity", "Test jordan.reports"]) expect(text).toContain(words);
    expect(text).not.toContain("Testpatient");

    expect(await countAudit()).toEqual([
      { action: "reports.csv", object_type: "report", object_id: "revenue" },
      { action: "reports.csv", object_type: "report", object_id: "productivity" },
      { action: "reports.csv", object_type: "report", object_id: "billable-rate" },
      { action: "reports.pdf", object_type: "report", object_id: null },
    ]);
  });
});
