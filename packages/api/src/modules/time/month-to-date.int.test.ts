import { randomUUID } from "node:crypto";
import { withTenantScope, type ScopedTx } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { describe, expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig } from "../../testing/api-test-kit.js";
import { COMPLETE_CARE_PLAN, seedBillingClinic, type BillingPatientSpec } from "../../testing/billing-fixtures.js";
import { coverPatientsWithMedicare } from "../../testing/coverage-fixtures.js";
import { runMonthClose } from "../billing/month-close.service.js";
import { getMonthToDate } from "./month-to-date.service.js";

const config = testConfig();

it("counts minutes with the rules engine, names the next code and what blocks billing", async () => {
  const db = getTestDatabase().db;
  const tenantId = (await createTestTenant(db, { timeZone: "America/Chicago" })).id;
  const coordinator = await createUser(db, config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
  const scheduler = await createUser(db, config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
  await db.appUser.update({ where: { id: scheduler.id }, data: { performerRole: "non_clinical" } });
  // Staff past their first 30 days: their time needs no supervisor review before it counts
  // (review gating has its own tests: billing/initiating-visit-and-review.int.test.ts).
  await db.appUser.updateMany({ where: { id: { in: [coordinator.id, scheduler.id] } }, data: { createdAt: new Date(Date.now() - 90 * 86_400_000) } });
  await withTenantScope(db, { tenantIds: [tenantId] }, (tx) => tx.coordinatorAssignment.createMany({ data: [{ tenantId, userId: coordinator.id }, { tenantId, userId: scheduler.id }] }));
  const patientId = await withTenantScope(db, { tenantIds: [tenantId] }, async (tx) => {
    // Everything a claim needs (billing profile, MBI, address, a billing practitioner with an NPI,
    // chronic diagnoses) and the initiating visit by that practitioner with CCM discussed: what
    // remains to block is what this test adds and removes.
    const practitioner = await tx.practitioner.create({ data: { tenantId, name: "Dr. Ada Lovelace", npi: "1234567893", credentials: "MD" } });
    await tx.billingSetting.create({
      data: { tenantId, billingName: "Month Family Medicine", billingNpi: "1245319599", taxId: "123456789", addressLine1: "100 Main St", city: "Springfield", state: "IL", postalCode: "627011234",
              contactPhone: "2175550100", submitterId: "CAREFOLD01", receiverId: "MEDICAREJ6", payerId: "06102" },
    });
    const p = await tx.patient.create({
      data: { tenantId, firstName: "Ana", lastName: "Month", dateOfBirth: new Date("1949-02-02"), timeZone: "America/Chicago", qualifyingConditions: 2, eligibility: "ccm_candidate",
              mbi: "1EG4TE5MK73", addressLine1: "1 Elm St", city: "Springfield", state: "IL", postalCode: "62701", billingPractitionerId: practitioner.id },
    });
    await tx.problem.createMany({ data: [{ tenantId, patientId: p.id, icd10Code: "E11.9", description: "Type 2 diabetes", isChronic: true }, { tenantId, patientId: p.id, icd10Code: "I10", description: "Hypertension", isChronic: true }] });
    const e = await tx.programEnrollment.create({ data: { tenantId, patientId: p.id, program: "ccm", status: "enrolled" } });
    await tx.consent.create({ data: { tenantId, enrollmentId: e.id, patientId: p.id, method: "verbal", disclosedAvailability: true, disclosedCostSharing: true, disclosedStopAnytime: true, disclosedSinglePractitioner: true, obtainedByName: "RN", obtainedOn: new Date("2026-01-05") } });
    await tx.encounter.create({ data: { tenantId, patientId: p.id, kind: "awv", occurredOn: new Date("2026-02-01"), practitionerId: practitioner.id, isCcmDiscussed: true } });
    await coverPatientsWithMedicare(tx, tenantId);
    return p.id;
  });
  const nurse = new TestBrowser(db, config, "workspace");
  await signIn(nurse, coordinator);
  const staff = new TestBrowser(db, config, "workspace");
  await signIn(staff, scheduler);
  const log = (b: TestBrowser, minutes: number) => b.call((c) => c.time.create({ patientId, clientRequestId: randomUUID(), minutes, activity: "patient_call", source: "manual" }));

  await log(nurse, 12);
  await log(staff, 30); // non-clinical: never counts
  let mtd = await nurse.call((c) => c.time.monthToDate({ patientId }));
  expect(mtd.countedMinutes).toBe(12);
  // No care plan yet: the month cannot bill, whatever the minutes, and the panel says why.
  expect(mtd.result.findings.map((f) => f.code)).toContain("care_plan_missing");
  expect(mtd.result).toMatchObject({ lane: null, next: null });
  expect(mtd.forecast.level).toBe("not_billable");

  await withTenantScope(db, { tenantIds: [tenantId] }, async (tx) => {
    const plan = await tx.carePlan.create({ data: { tenantId, patientId, currentVersion: 1, status: "signed" } });
    await tx.carePlanVersion.create({ data: { tenantId, carePlanId: plan.id, version: 1, body: {} } });
  });
  await log(nurse, 10);
  mtd = await nurse.call((c) => c.time.monthToDate({ patientId }));
  expect(mtd).toMatchObject({ countedMinutes: 22, lane: "staff", ticks: [20, 40, 60] });
  expect(mtd.result.lines.map((l) => l.code)).toEqual(["99490"]);
  expect(mtd.result.next).toEqual({ code: "99439", minutesNeeded: 18 });
  expect(mtd.forecast.daysLeft).toBeGreaterThan(0);

  // The rollup (raw minutes by role) and the engine agree on what counts.
  const direct = await withTenantScope(db, { tenantIds: [tenantId] }, (tx) => getMonthToDate(tx, patientId));
  const rollup = await withTenantScope(db, { tenantIds: [tenantId] }, (tx) => tx.patientMonth.findFirstOrThrow({ where: { patientId, serviceMonth: direct.serviceMonth } }));
  expect([rollup.staffMinutes, rollup.nonClinicalMinutes]).toEqual([22, 30]);

  // The portal overview's month numbers come from the same rollup (clinical minutes only).
  const admin = await createUser(db, config, { kind: "clinic", memberships: [{ tenantId, role: "clinic_admin" }] });
  const portal = new TestBrowser(db, config, "portal");
  await signIn(portal, admin);
  expect(await portal.call((c) => c.time.clinicMonth())).toEqual({ serviceMonth: direct.serviceMonth, minutes: 22, patientsAt20Minutes: 1, patientsWithTime: 1 });
});

describe("the chart's month-to-date is the close's row", () => {
  const MONTH = "2026-10";
  const NOW = new Date("2026-10-20T15:00:00Z");
  const SPECS: BillingPatientSpec[] = [
    { label: "Billable", entries: [["2026-10-05", 25]] },
    { label: "PlanNotGiven", entries: [["2026-10-05", 25]] },
    { label: "PcmSame", entries: [["2026-10-05", 25]], otherServices: [{ code: "99424", samePractitioner: true, serviceMonth: MONTH }] },
    { label: "Below", entries: [["2026-10-05", 12]] },
    { label: "Declined", enrolled: false, entries: [["2026-10-05", 25]] },
    // Consented in January, revoked on Oct 20 (in force to the end of October), consented again on Nov 3.
    { label: "Reconsented", entries: [["2026-10-05", 25]] },
  ];

  it("blocks where the close blocks (no copy of the care plan given, PCM billed), and a patient the close skips counts nothing", async () => {
    const db = getTestDatabase().db;
    const performer = await createUser(db, config, { kind: "vendor", vendorRoles: ["coordinator"] });
    const tenantId = (await createTestTenant(db, { timeZone: "America/Chicago" })).id;
    const clinic = await seedBillingClinic(db, tenantId, performer.id, SPECS);
    const inScope = <T>(fn: (tx: ScopedTx) => Promise<T>) => withTenantScope(db, { tenantIds: [tenantId] }, fn);
    // The plan in force at month end is a later version with no copy recorded as given.
    await inScope(async (tx) => {
      const plan = await tx.carePlan.findFirstOrThrow({ where: { patientId: clinic.patients.get("PlanNotGiven")! } });
      await tx.carePlanVersion.create({ data: { tenantId, carePlanId: plan.id, version: 2, body: COMPLETE_CARE_PLAN as object, createdAt: new Date("2026-09-01T12:00:00Z") } });
      await tx.carePlan.update({ where: { tenantId_id: { tenantId, id: plan.id } }, data: { currentVersion: 2 } });
    });
    await inScope(async (tx) => {
      const patientId = clinic.patients.get("Reconsented")!;
      const first = await tx.consent.findFirstOrThrow({ where: { patientId } });
      await tx.consent.update({ where: { tenantId_id: { tenantId, id: first.id } }, data: { revokedOn: new Date("2026-10-20") } });
      const { id: _id, createdAt: _at, revokedOn: _revoked, ...again } = first;
      await tx.consent.create({ data: { ...again, obtainedOn: new Date("2026-11-03") } });
    });
    const chart = new Map<string, Awaited<ReturnType<typeof getMonthToDate>>>();
    for (const [label, id] of clinic.patients) chart.set(label, await inScope((tx) => getMonthToDate(tx, id, NOW, MONTH)));
    // October is covered by the January consent (a later one is November's).
    expect(chart.get("Reconsented")).toMatchObject({ status: "billable", amountCents: 6613 });

    expect(chart.get("PlanNotGiven")).toMatchObject({ status: "blocked", amountCents: 0, result: { lines: [], next: null }, forecast: { level: "not_billable" } });
    expect(chart.get("PlanNotGiven")!.result.findings.map((f) => f.code)).toContain("care_plan_not_shared");
    expect(chart.get("Declined")).toMatchObject({ status: "not_enrolled", countedMinutes: 0, result: { lines: [], next: null } });
    expect(chart.get("Billable")).toMatchObject({ status: "billable", amountCents: 6613, countedMinutes: 25, result: { next: { code: "99439", minutesNeeded: 15 } } });

    // The close of the same facts writes exactly what the chart said, patient by patient.
    await runMonthClose(db, { tenantId, serviceMonth: MONTH });
    const rows = await inScope((tx) => tx.worksheetRow.findMany({ where: { serviceMonth: MONTH } }));
    expect(rows).toHaveLength(SPECS.length - 1);
    for (const row of rows) {
      const label = [...clinic.patients].find(([, id]) => id === row.patientId)![0];
      const mtd = chart.get(label)!;
      expect({ label, status: mtd.status, codes: mtd.result.lines.map((l) => l.code), amountCents: mtd.amountCents, minutes: mtd.countedMinutes, findings: mtd.result.findings })
        .toEqual({ label, status: row.status, codes: row.codes, amountCents: row.amountCents, minutes: row.staffMinutes, findings: row.findings });
    }
  });
});
