import { randomUUID } from "node:crypto";
import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig } from "../../testing/api-test-kit.js";
import { getMonthToDate } from "./month-to-date.service.js";

const config = testConfig();

it("counts minutes with the rules engine, names the next code and what blocks billing", async () => {
  const db = getTestDatabase().db;
  const tenantId = (await createTestTenant(db, { timeZone: "America/Chicago" })).id;
  const coordinator = await createUser(db, config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
  const scheduler = await createUser(db, config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
  await db.appUser.update({ where: { id: scheduler.id }, data: { performerRole: "non_clinical" } });
  await withTenantScope(db, { tenantIds: [tenantId] }, (tx) => tx.coordinatorAssignment.createMany({ data: [{ tenantId, userId: coordinator.id }, { tenantId, userId: scheduler.id }] }));
  const patientId = await withTenantScope(db, { tenantIds: [tenantId] }, async (tx) => {
    const p = await tx.patient.create({ data: { tenantId, firstName: "Ana", lastName: "Month", dateOfBirth: new Date("1949-02-02"), timeZone: "America/Chicago", qualifyingConditions: 2, eligibility: "ccm_candidate" } });
    const e = await tx.programEnrollment.create({ data: { tenantId, patientId: p.id, program: "ccm", status: "enrolled" } });
    await tx.consent.create({ data: { tenantId, enrollmentId: e.id, patientId: p.id, method: "verbal", disclosedAvailability: true, disclosedCostSharing: true, disclosedStopAnytime: true, disclosedSinglePractitioner: true, obtainedByName: "RN", obtainedOn: new Date("2026-01-05") } });
    await tx.encounter.create({ data: { tenantId, patientId: p.id, kind: "awv", occurredOn: new Date("2026-02-01") } });
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
