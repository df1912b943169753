/**
 * Issue 15 item 7: "fix before month end" lists the patients whose month will block (or bill
 * less), read from the close's own evaluation; fixing one takes it off the list and the close then
 * bills it. October 2026 stands in for a month not yet closed.
 */
import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, testConfig } from "../../testing/api-test-kit.js";
import { seedBillingClinic } from "../../testing/billing-fixtures.js";
import { recordCarePlanShared } from "../care-plans/care-plans.service.js";
import { addEncounter } from "../patients/chart-items.service.js";
import { createTimeEntry } from "../time/time-entries.service.js";
import { runMonthClose } from "./month-close.service.js";
import { listMonthEndFixes } from "./month-end-fixes.service.js";

const db = () => getTestDatabase().db;
const MONTH = "2026-10";
let performerId: string;

beforeAll(async () => {
  performerId = (await createUser(db(), testConfig(), { kind: "vendor", vendorRoles: ["coordinator"] })).id;
});

describe("fix before month end", () => {
  it("lists each blocking reason with its action, from the close's findings; a fix takes the patient off and the close bills it", async () => {
    const tenant = await createTestTenant(db(), { timeZone: "America/Chicago" });
    const clinic = await seedBillingClinic(db(), tenant.id, performerId, [
      { label: "Clean", entries: [["2026-10-05", 25]] },
      { label: "NoVisit", enrolledOn: "2026-10-01", consentOn: "2026-10-01", visitOn: null, entries: [["2026-10-05", 30]] },
      { label: "NoConsent", consentOn: null, entries: [["2026-10-05", 30]] },
      { label: "NoCopy", entries: [["2026-10-05", 45]] },
      { label: "Complex70", entries: [["2026-10-05", 70]] },
      { label: "Waiting", entries: [["2026-10-05", 15]] },
    ]);
    const t = tenant.id;
    const id = (label: string) => clinic.patients.get(label)!;
    const inScope = <T>(fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds: [t] }, fn);
    await inScope(async (tx) => {
      await tx.carePlanVersion.updateMany({ where: { tenantId: t, carePlan: { patientId: id("NoCopy") } }, data: { sharedWithPatientOn: null } });
      await createTimeEntry(tx, { patientId: id("Waiting"), clientRequestId: crypto.randomUUID(), minutes: 12, activity: "patient_call", source: "manual", performedOn: "2026-10-20" },
        { userId: performerId, role: "clinical_staff", isInUs: true, accountCreatedAt: new Date("2025-01-01") }, new Date("2026-12-07T15:00:00Z"));
    });

    const list = await inScope((tx) => listMonthEndFixes(tx, t, MONTH));
    const byName = Object.fromEntries(list.patients.map((p) => [p.name.split(", ")[1], { status: p.status, minutes: p.staffMinutes, fixes: p.fixes.map((f) => [f.code, f.action]) }]));
    expect(byName).toEqual({
      NoVisit: { status: "blocked", minutes: 30, fixes: [["initiating_visit_missing", "record_visit"]] },
      NoConsent: { status: "blocked", minutes: 30, fixes: [["consent_missing", "record_consent"]] },
      NoCopy: { status: "blocked", minutes: 45, fixes: [["care_plan_not_shared", "share_care_plan"]] },
      Complex70: { status: "billable", minutes: 70, fixes: [["complex_mdm_not_documented", "attest_mdm"]] },
      Waiting: { status: "below_threshold", minutes: 15, fixes: [["minutes_pending_review", "review_time"]] },
    });
    // Most minutes first.
    expect(list.patients.map((p) => p.staffMinutes)).toEqual([70, 45, 30, 30, 15]);
    expect(list.patients.find((p) => p.name.endsWith("NoCopy"))!.fixes[0]!.message).toMatch(/given to the patient|copy/i);

    // One evaluation: every listed finding is on the close's row for that patient.
    await runMonthClose(db(), { tenantId: t, serviceMonth: MONTH });
    const rows = await inScope((tx) => tx.worksheetRow.findMany({ where: { serviceMonth: MONTH } }));
    for (const p of list.patients) {
      const codes = ((rows.find((r) => r.patientId === p.patientId)!.findings as { code: string }[]) ?? []).map((f) => f.code);
      for (const f of p.fixes.filter((x) => x.code !== "complex_mdm_not_documented")) expect({ patient: p.name, codes }).toEqual({ patient: p.name, codes: expect.arrayContaining([f.code]) });
    }
    // A closed month has no fix list.
    await expect(inScope((tx) => listMonthEndFixes(tx, t, MONTH))).rejects.toMatchObject({ code: "invalid_state" });
  });

  it("after the copy is recorded and the visit held, those patients leave the list and bill", async () => {
    const tenant = await createTestTenant(db(), { timeZone: "America/Chicago" });
    const clinic = await seedBillingClinic(db(), tenant.id, performerId, [
      { label: "NoVisit", enrolledOn: "2026-10-01", consentOn: "2026-10-01", visitOn: null, entries: [["2026-10-05", 30]] },
      { label: "NoCopy", entries: [["2026-10-05", 45]] },
    ]);
    const t = tenant.id;
    const id = (label: string) => clinic.patients.get(label)!;
    const inScope = <T>(fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds: [t] }, fn);
    await inScope((tx) => tx.carePlanVersion.updateMany({ where: { tenantId: t, carePlan: { patientId: id("NoCopy") } }, data: { sharedWithPatientOn: null } }));
    expect((await inScope((tx) => listMonthEndFixes(tx, t, MONTH))).patients).toHaveLength(2);

    await inScope(async (tx) => {
      await recordCarePlanShared(tx, t, { patientId: id("NoCopy"), version: 1, sharedOn: "2026-10-02", method: "in_person" });
      await addEncounter(tx, t, id("NoVisit"), { kind: "em_visit", occurredOn: "2026-10-03", practitionerId: clinic.practitionerId, isCcmDiscussed: true });
    });
    expect((await inScope((tx) => listMonthEndFixes(tx, t, MONTH))).patients).toEqual([]);
    await runMonthClose(db(), { tenantId: t, serviceMonth: MONTH });
    const rows = await inScope((tx) => tx.worksheetRow.findMany({ where: { serviceMonth: MONTH } }));
    const byId = new Map(rows.map((r) => [r.patientId, r]));
    expect(byId.get(id("NoCopy"))).toMatchObject({ status: "billable", codes: ["99490", "99439"], amountCents: 11657 });
    expect(byId.get(id("NoVisit"))).toMatchObject({ status: "billable", codes: ["99490"], amountCents: 6613, staffMinutes: 30 });
  });
});
