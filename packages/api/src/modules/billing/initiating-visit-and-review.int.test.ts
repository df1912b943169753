/**
 * Issue 15 items 3 and 5 through the real services and the close:
 * - the initiating visit is required only for a patient the billing practitioner has not seen in
 *   the year before CCM started; it counts only when the billing practitioner held it and (clinic
 *   setting) CCM was discussed; its date bounds the month's counted minutes;
 * - entries awaiting supervisor review do not count; the row says how much waits; the clinic
 *   cannot approve the month while any does, unless a clinic admin excludes that time with a reason.
 */
import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig } from "../../testing/api-test-kit.js";
import { seedBillingClinic, type BillingClinic, type BillingPatientSpec } from "../../testing/billing-fixtures.js";
import { addEncounter } from "../patients/chart-items.service.js";
import { createTimeEntry } from "../time/time-entries.service.js";
import { reopenClose } from "./close-admin.service.js";
import { saveInitiatingVisitPolicy } from "./initiating-visit-policy.service.js";
import { runMonthClose } from "./month-close.service.js";
import { approveMonth, excludePendingReview, getWorksheet } from "./worksheet.service.js";

const db = () => getTestDatabase().db;
const MONTH = "2026-10";
let performerId: string;
let adminId: string;

beforeAll(async () => {
  performerId = (await createUser(db(), testConfig(), { kind: "vendor", vendorRoles: ["coordinator"] })).id;
  adminId = (await createUser(db(), testConfig(), { kind: "vendor", vendorRoles: ["vendor_admin"] })).id;
});

const inScope = <T>(tenantId: string, fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds: [tenantId] }, fn);

async function newClinic(specs: BillingPatientSpec[]): Promise<BillingClinic> {
  const tenant = await createTestTenant(db(), { timeZone: "America/Chicago" });
  return seedBillingClinic(db(), tenant.id, performerId, specs);
}

async function rowsOf(clinic: BillingClinic) {
  const rows = await inScope(clinic.tenantId, (tx) => tx.worksheetRow.findMany({ where: { serviceMonth: MONTH } }));
  const labelOf = new Map([...clinic.patients].map(([label, id]) => [id, label]));
  return new Map(rows.map((r) => [labelOf.get(r.patientId)!, { ...r, findingCodes: (r.findings as { code: string }[]).map((f) => f.code).sort(), messages: (r.findings as { code: string; message: string }[]) }]));
}

const close = (clinic: BillingClinic) => runMonthClose(db(), { tenantId: clinic.tenantId, serviceMonth: MONTH });

describe("the initiating visit in the close", () => {
  // Enrolled 2026-10-01, never seen: the initiating visit is required; entries on the 5th (15 min) and 14th (25 min).
  const NEW = { enrolledOn: "2026-10-01", consentOn: "2026-10-01", visitOn: null, entries: [["2026-10-05", 15], ["2026-10-14", 25]] } satisfies Partial<BillingPatientSpec>;

  it("bounds the month by the visit's date, and counts only the billing practitioner's visit with CCM discussed", async () => {
    const clinic = await newClinic([
      { label: "VisitOn12", ...NEW },
      { label: "OtherDoctor", ...NEW },
      { label: "NotDiscussed", ...NEW },
      { label: "NoVisit", ...NEW },
      // Enrolled in 2024 after a visit in 2023: not required, never blocked, though no visit in the last year.
      { label: "LongStanding", enrolledOn: "2024-01-05", consentOn: "2024-01-05", visitOn: "2023-06-01", visitCcmDiscussed: false, entries: [["2026-10-05", 25]] },
      // Enrolled in 2024, last seen 2022: required; the initiating visit was in 2024, so October is not bounded.
      { label: "InitiatedIn2024", enrolledOn: "2024-01-05", consentOn: "2024-01-05", visitOn: "2024-02-01", entries: [["2026-10-05", 25]] },
    ]);
    const t = clinic.tenantId;
    const other = await inScope(t, (tx) => tx.practitioner.create({ data: { tenantId: t, name: "Dr. Other", npi: "1993999998" } }));
    await inScope(t, async (tx) => {
      await addEncounter(tx, t, clinic.patients.get("VisitOn12")!, { kind: "em_visit", occurredOn: "2026-10-12", practitionerId: clinic.practitionerId, isCcmDiscussed: true });
      await addEncounter(tx, t, clinic.patients.get("OtherDoctor")!, { kind: "em_visit", occurredOn: "2026-10-12", practitionerId: other.id, isCcmDiscussed: true });
      await addEncounter(tx, t, clinic.patients.get("NotDiscussed")!, { kind: "awv", occurredOn: "2026-10-02", practitionerId: clinic.practitionerId, isCcmDiscussed: false });
    });
    await close(clinic);
    const rows = await rowsOf(clinic);
    expect(rows.get("VisitOn12")).toMatchObject({ status: "billable", codes: ["99490"], staffMinutes: 25, amountCents: 6613 });
    expect(rows.get("VisitOn12")!.messages.find((f) => f.code === "minutes_before_initiating_visit")?.message).toBe(
      "The initiating visit was on 2026-10-12; 15 minutes logged before it do not count (CCM starts at the initiating visit).",
    );
    for (const label of ["OtherDoctor", "NotDiscussed", "NoVisit"]) {
      expect({ label, status: rows.get(label)!.status, findings: rows.get(label)!.findingCodes }).toEqual({ label, status: "blocked", findings: ["initiating_visit_missing"] });
    }
    expect(rows.get("LongStanding")).toMatchObject({ status: "billable", codes: ["99490"], staffMinutes: 25, findingCodes: [] });
    expect(rows.get("InitiatedIn2024")).toMatchObject({ status: "billable", codes: ["99490"], staffMinutes: 25, findingCodes: [] });
  });

  it("a clinic that does not require CCM to be discussed counts the visit (the setting reaches the close)", async () => {
    const clinic = await newClinic([{ label: "NotDiscussed", ...NEW }]);
    const t = clinic.tenantId;
    await inScope(t, (tx) => addEncounter(tx, t, clinic.patients.get("NotDiscussed")!, { kind: "awv", occurredOn: "2026-10-02", practitionerId: clinic.practitionerId, isCcmDiscussed: false }));
    await close(clinic);
    expect((await rowsOf(clinic)).get("NotDiscussed")).toMatchObject({ status: "blocked" });
    const saved = await inScope(t, (tx) => saveInitiatingVisitPolicy(tx, t, { needsCcmDiscussed: false, countsTcm: true }));
    expect(saved.previous).toEqual({ needsCcmDiscussed: true, countsTcm: true });
    await inScope(t, (tx) => reopenClose(tx, { tenantId: t, serviceMonth: MONTH }, "setting changed", adminId));
    await close(clinic);
    expect((await rowsOf(clinic)).get("NotDiscussed")).toMatchObject({ status: "billable", codes: ["99490", "99439"], staffMinutes: 40, amountCents: 11657 });
  });
});

describe("entries awaiting review in the close", () => {
  /** An entry made today (2026-12-07) for October: back-dated, so it waits for a supervisor. */
  const backdated = (clinic: BillingClinic, label: string, performedOn: string, minutes: number) =>
    inScope(clinic.tenantId, (tx) =>
      createTimeEntry(tx, { patientId: clinic.patients.get(label)!, clientRequestId: crypto.randomUUID(), minutes, activity: "patient_call", source: "manual", performedOn },
        { userId: performerId, role: "clinical_staff", isInUs: true, accountCreatedAt: new Date("2025-01-01") }, new Date("2026-12-07T15:00:00Z")),
    );

  it("does not count pending time, says how much waits, and gates approval until a clinic admin excludes it with a reason", async () => {
    const clinic = await newClinic([{ label: "Waiting", entries: [["2026-10-05", 15]] }, { label: "Clean", entries: [["2026-10-05", 25]] }]);
    const t = clinic.tenantId;
    const pending = await backdated(clinic, "Waiting", "2026-10-20", 12);
    expect(pending.reviewFlags).toContain("backdated");
    await close(clinic);
    const rows = await rowsOf(clinic);
    expect(rows.get("Waiting")).toMatchObject({ status: "below_threshold", staffMinutes: 15, loggedMinutes: 27 });
    expect(rows.get("Waiting")!.messages.find((f) => f.code === "minutes_pending_review")?.message).toBe("12 minutes await supervisor review and do not count until approved.");
    expect(rows.get("Clean")!.findingCodes).toEqual([]);

    const sheet = await inScope(t, (tx) => getWorksheet(tx, t, MONTH, "all"));
    expect(sheet!.pendingReview).toEqual({ patients: 1, entries: 1, seconds: 720, exclusion: null });

    await expect(inScope(t, (tx) => approveMonth(tx, t, MONTH, adminId))).rejects.toMatchObject({
      code: "invalid_state",
      userMessage: "12 minutes for 1 patient await supervisor review. Ask your vendor to reopen the month so they can be reviewed, or exclude them from this month with a reason before approving.",
    });
    await expect(inScope(t, (tx) => excludePendingReview(tx, t, { serviceMonth: MONTH, reason: "   " }, adminId))).rejects.toMatchObject({ code: "invalid_input" });
    const excluded = await inScope(t, (tx) => excludePendingReview(tx, t, { serviceMonth: MONTH, reason: "Entered after the fact without notes" }, adminId));
    expect(excluded).toEqual({ entries: 1, seconds: 720 });
    const after = await inScope(t, (tx) => getWorksheet(tx, t, MONTH, "all"));
    expect(after!.pendingReview.exclusion).toMatchObject({ reason: "Entered after the fact without notes", entryIds: [pending.entryId] });
    expect(await inScope(t, (tx) => approveMonth(tx, t, MONTH, adminId))).toEqual({ billable: 1, amountCents: 6613 });
  });

  it("reopening clears the exclusion; once reviewed, the time counts", async () => {
    const clinic = await newClinic([{ label: "Waiting", entries: [["2026-10-05", 15]] }]);
    const t = clinic.tenantId;
    const pending = await backdated(clinic, "Waiting", "2026-10-20", 12);
    await close(clinic);
    await inScope(t, (tx) => excludePendingReview(tx, t, { serviceMonth: MONTH, reason: "Not reviewed in time" }, adminId));
    await inScope(t, (tx) => reopenClose(tx, { tenantId: t, serviceMonth: MONTH }, "review the late entry", adminId));
    expect((await inScope(t, (tx) => tx.monthClose.findUniqueOrThrow({ where: { tenantId_serviceMonth: { tenantId: t, serviceMonth: MONTH } } })))).toMatchObject({ reviewExclusionReason: null, reviewExcludedEntryIds: [] });
    await inScope(t, (tx) => tx.timeEntry.update({ where: { tenantId_id: { tenantId: t, id: pending.entryId } }, data: { reviewStatus: "approved" } }));
    await close(clinic);
    const row = (await rowsOf(clinic)).get("Waiting")!;
    expect(row).toMatchObject({ status: "billable", codes: ["99490"], staffMinutes: 27 });
    expect(row.findingCodes).not.toContain("minutes_pending_review");
    expect(await inScope(t, (tx) => approveMonth(tx, t, MONTH, adminId))).toEqual({ billable: 1, amountCents: 6613 });
  });

  it("refuses an exclusion when nothing waits", async () => {
    const clinic = await newClinic([{ label: "Clean", entries: [["2026-10-05", 25]] }]);
    await close(clinic);
    await expect(inScope(clinic.tenantId, (tx) => excludePendingReview(tx, clinic.tenantId, { serviceMonth: MONTH, reason: "Nothing to see" }, adminId))).rejects.toMatchObject({
      code: "invalid_state",
    });
  });
});

describe("through the API: audited settings and exclusion", () => {
  it("a vendor admin changes the clinic's initiating-visit setting and a clinic admin excludes time awaiting review; both are audited", async () => {
    const config = testConfig();
    const clinic = await newClinic([{ label: "Waiting", entries: [["2026-10-05", 25]] }]);
    const t = clinic.tenantId;
    const vendor = new TestBrowser(db(), config, "workspace");
    await signIn(vendor, await createUser(db(), config, { kind: "vendor", vendorRoles: ["vendor_admin"], withTotp: true }));
    const portal = new TestBrowser(db(), config, "portal");
    await signIn(portal, await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: t, role: "clinic_admin" }] }));

    expect(await vendor.call((c) => c.admin.initiatingVisit.get({ tenantId: t }))).toEqual({ needsCcmDiscussed: true, countsTcm: true });
    expect(await vendor.call((c) => c.admin.initiatingVisit.save({ tenantId: t, needsCcmDiscussed: true, countsTcm: false }))).toEqual({ needsCcmDiscussed: true, countsTcm: false });
    expect(await vendor.call((c) => c.admin.initiatingVisit.get({ tenantId: t }))).toEqual({ needsCcmDiscussed: true, countsTcm: false });

    await inScope(t, (tx) =>
      createTimeEntry(tx, { patientId: clinic.patients.get("Waiting")!, clientRequestId: crypto.randomUUID(), minutes: 12, activity: "patient_call", source: "manual", performedOn: "2026-10-20" },
        { userId: performerId, role: "clinical_staff", isInUs: true, accountCreatedAt: new Date("2025-01-01") }, new Date("2026-12-07T15:00:00Z")),
    );
    await close(clinic);
    await expect(portal.call((c) => c.worksheet.approve({ serviceMonth: MONTH }))).rejects.toMatchObject({ message: expect.stringMatching(/^12 minutes for 1 patient await supervisor review/) });
    await expect(portal.call((c) => c.worksheet.excludePendingReview({ serviceMonth: MONTH, reason: "no" }))).rejects.toMatchObject({ message: expect.stringMatching(/at least 5 characters/) });
    expect(await portal.call((c) => c.worksheet.excludePendingReview({ serviceMonth: MONTH, reason: "Logged weeks late, no notes" }))).toEqual({ entries: 1, seconds: 720 });
    expect(await portal.call((c) => c.worksheet.approve({ serviceMonth: MONTH }))).toEqual({ billable: 1, amountCents: 6613 });

    const audited = await inScope(t, (tx) => tx.auditEvent.findMany({ where: { tenantId: t, action: { in: ["admin.initiatingVisit.save", "worksheet.excludePendingReview"] } }, orderBy: { seq: "asc" } }));
    expect(audited.map((a) => [a.action, a.details])).toEqual([
      ["admin.initiatingVisit.save", expect.objectContaining({ needsCcmDiscussed: true, countsTcm: false, previous: { needsCcmDiscussed: true, countsTcm: true } })],
      ["worksheet.excludePendingReview", expect.objectContaining({ reason: "Logged weeks late, no notes", entries: 1, seconds: 720 })],
    ]);
  });
});
