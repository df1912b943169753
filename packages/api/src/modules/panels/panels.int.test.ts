import { randomUUID } from "node:crypto";
import { withSystemScope, withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig, type CreatedUser } from "../../testing/api-test-kit.js";
import { createTimeEntry } from "../time/time-entries.service.js";
import { getCaseload } from "./panels.service.js";

const config = testConfig();
const db = () => getTestDatabase().db;
// Day 20 of a 30-day month in Chicago: the even pace is floor(20 × 19 / 30) = 12 minutes.
const NOW = new Date("2026-11-20T18:00:00Z");

let chicago: string;
let other: string;
let coordA: CreatedUser;
let coordB: CreatedUser;
let supervisor: CreatedUser;
const patients: Record<string, string> = {};

async function patient(tenantId: string, name: string, status: "enrolled" | "consented", minutes: number, coordinator: CreatedUser | null) {
  return withTenantScope(db(), { tenantIds: [tenantId] }, async (tx) => {
    const p = await tx.patient.create({ data: { tenantId, firstName: name, lastName: "Panel", dateOfBirth: new Date("1950-01-01"), timeZone: "America/Chicago" } });
    await tx.programEnrollment.create({ data: { tenantId, patientId: p.id, program: "ccm", status } });
    if (coordinator) await tx.panelAssignment.create({ data: { tenantId, patientId: p.id, coordinatorUserId: coordinator.id } });
    if (minutes > 0) {
      await createTimeEntry(tx, { patientId: p.id, clientRequestId: randomUUID(), minutes, activity: "patient_call", source: "manual", performedOn: "2026-11-10" }, { userId: coordA.id, role: "clinical_staff", isInUs: true, accountCreatedAt: new Date("2025-01-01") }, NOW);
    }
    patients[name] = p.id;
    return p.id;
  });
}

// One signed-in browser per person for the whole file (a TOTP time step is accepted only once).
const browsers = new Map<string, TestBrowser>();
const signedIn = async (user: CreatedUser) => {
  let browser = browsers.get(user.id);
  if (!browser) {
    browser = new TestBrowser(db(), config, "workspace");
    await signIn(browser, user);
    browsers.set(user.id, browser);
  }
  return browser;
};

beforeAll(async () => {
  chicago = (await createTestTenant(db(), { name: "Panel Clinic Chicago", timeZone: "America/Chicago" })).id;
  other = (await createTestTenant(db(), { name: "Panel Clinic Other", timeZone: "America/New_York" })).id;
  coordA = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
  coordB = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
  supervisor = await createUser(db(), config, { kind: "vendor", vendorRoles: ["supervisor"], withTotp: true });
  await withTenantScope(db(), { tenantIds: [chicago] }, (tx) => tx.coordinatorAssignment.create({ data: { tenantId: chicago, userId: coordA.id } }));
  await patient(chicago, "Billable", "enrolled", 25, coordA);
  await patient(chicago, "Behind", "enrolled", 10, coordA);
  await patient(chicago, "OnPace", "enrolled", 15, coordA);
  await patient(chicago, "Consented", "consented", 0, coordA);
  await patient(chicago, "Loose", "enrolled", 0, null);
  await patient(other, "Elsewhere", "enrolled", 3, null);
  await withTenantScope(db(), { tenantIds: [chicago] }, (tx) =>
    tx.task.create({ data: { tenantId: chicago, patientId: patients.Behind!, kind: "manual", title: "Call back about refill", dueOn: new Date("2026-11-21"), assigneeUserId: coordA.id } }),
  );
});

describe("caseload and productivity from the patient-month rollups", () => {
  it("counts patients, minutes, touched, billable, at-risk and open tasks per coordinator and clinic", async () => {
    const caseload = await withSystemScope(db(), "test", (tx) => getCaseload(tx, NOW));
    const a = caseload.coordinators.find((c) => c.userId === coordA.id)!;
    expect(a.clinics).toEqual([{ tenantId: chicago, name: "Panel Clinic Chicago", isAssigned: true, patients: 4, minutes: 50, touched: 3, billable: 1, atRisk: 1, openTasks: 1 }]);
    expect(a.totals).toEqual({ patients: 4, minutes: 50, touched: 3, billable: 1, atRisk: 1, openTasks: 1 });
    expect(caseload.coordinators.find((c) => c.userId === coordB.id)!.totals.patients).toBe(0);
    expect(caseload.clinics.find((c) => c.id === chicago)).toMatchObject({ serviceMonth: "2026-11", paceMinutes: 12, unassigned: 1 });
    expect(caseload.clinics.find((c) => c.id === other)).toMatchObject({ unassigned: 1 });
  });

  it("follows a rejected entry out of the counts (the rollup, not the raw entries, is read)", async () => {
    const entry = await withTenantScope(db(), { tenantIds: [chicago] }, (tx) =>
      createTimeEntry(tx, { patientId: patients.OnPace!, clientRequestId: randomUUID(), minutes: 70, activity: "patient_call", source: "manual", performedOn: "2026-11-12" }, { userId: coordA.id, role: "clinical_staff", isInUs: true, accountCreatedAt: new Date("2025-01-01") }, NOW),
    );
    const billableWith = async () => (await withSystemScope(db(), "test", (tx) => getCaseload(tx, NOW))).coordinators.find((c) => c.userId === coordA.id)!.totals;
    expect(await billableWith()).toMatchObject({ minutes: 120, billable: 2 });
    await (await signedIn(supervisor)).call((c) => c.time.review({ entryId: entry.entryId, decision: "rejected", reason: "Duplicate of the call on the 10th" }));
    expect(await billableWith()).toMatchObject({ minutes: 50, billable: 1 });
  });
});

describe("panel assignment by a supervisor", () => {
  it("refuses a coordinator who does not work the clinic, then moves one patient and their open task", async () => {
    const sup = await signedIn(supervisor);
    await expect(sup.call((c) => c.panels.assignPatients({ patientIds: [patients.Behind!], coordinatorUserId: coordB.id }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("does not work Panel Clinic Chicago"),
    });
    await sup.call((c) => c.panels.assignClinic({ userId: coordB.id, tenantId: chicago }));
    const result = await sup.call((c) => c.panels.assignPatients({ patientIds: [patients.Behind!], coordinatorUserId: coordB.id }));
    expect(result).toMatchObject({ assigned: 1, unchanged: 0, tasksMoved: 1 });

    const mine = async (user: CreatedUser) => (await (await signedIn(user)).call((c) => c.worklist.list({}))).rows.filter((r) => r.isMine).map((r) => r.name);
    expect(await mine(coordA)).not.toContain("Panel, Behind");
    expect(await mine(coordB)).toEqual(["Panel, Behind"]);
    const tasksOfB = await (await signedIn(coordB)).call((c) => c.tasks.open({ mineOnly: true }));
    expect(tasksOfB.map((t) => [t.patient, t.assigneeUserId])).toEqual([["Panel, Behind", coordB.id]]);

    // Assigning again changes nothing.
    expect(await sup.call((c) => c.panels.assignPatients({ patientIds: [patients.Behind!], coordinatorUserId: coordB.id }))).toMatchObject({ assigned: 0, unchanged: 1, tasksMoved: 0 });
  });

  it("moves all of one coordinator's patients in a clinic, and only then lets the clinic go", async () => {
    const sup = await signedIn(supervisor);
    await expect(sup.call((c) => c.panels.unassignClinic({ userId: coordA.id, tenantId: chicago }))).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("still has 3 patients"),
    });
    const moved = await sup.call((c) => c.panels.moveCaseload({ tenantId: chicago, from: coordA.id, to: coordB.id }));
    expect(moved).toMatchObject({ assigned: 3 });
    const list = await sup.call((c) => c.panels.patients({ tenantId: chicago, coordinator: coordB.id }));
    expect(list.rows.map((r) => r.name)).toEqual(["Panel, Behind", "Panel, Billable", "Panel, Consented", "Panel, OnPace"]);
    expect(list.rows.every((r) => r.coordinatorUserId === coordB.id)).toBe(true);
    await sup.call((c) => c.panels.unassignClinic({ userId: coordA.id, tenantId: chicago }));
    expect((await (await signedIn(coordA)).call((c) => c.worklist.list({}))).total).toBe(0);

    // Unassigned panel patients go to a coordinator in one move too.
    expect(await sup.call((c) => c.panels.moveCaseload({ tenantId: chicago, from: "unassigned", to: coordB.id }))).toMatchObject({ assigned: 1 });
    await expect(sup.call((c) => c.panels.moveCaseload({ tenantId: chicago, from: "unassigned", to: coordB.id }))).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(sup.call((c) => c.panels.moveCaseload({ tenantId: chicago, from: coordB.id, to: coordB.id }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("is for supervisors: a coordinator may not see caseloads or move patients", async () => {
    const coordinator = await signedIn(coordB);
    await expect(coordinator.call((c) => c.panels.caseload())).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(coordinator.call((c) => c.panels.assignPatients({ patientIds: [patients.Loose!], coordinatorUserId: coordB.id }))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("never shows a coordinator the patients of a clinic they are not assigned to", async () => {
    const list = await (await signedIn(coordB)).call((c) => c.worklist.list({ scope: "all" }));
    expect(list.rows.map((r) => r.name)).not.toContain("Panel, Elsewhere");
    expect(new Set(list.rows.map((r) => r.tenantId))).toEqual(new Set([chicago]));
  });

  it("writes one audit row per move, in the clinic's log", async () => {
    const rows = await withTenantScope(db(), { tenantIds: [chicago] }, (tx) => tx.auditEvent.findMany({ where: { action: "panels.moveCaseload" }, orderBy: { seq: "asc" } }));
    expect(rows.map((r) => r.outcome)).toEqual(["success", "success", "failure", "failure"]);
    expect(rows[0]).toMatchObject({ actorUserId: supervisor.id, objectType: "panel_assignment", objectId: coordB.id });
  });
});
