import { randomUUID } from "node:crypto";
import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig, type CreatedUser } from "../../testing/api-test-kit.js";
import { createTimeEntry } from "./time-entries.service.js";
import { getWorklist } from "./worklist.service.js";

const config = testConfig();
const db = () => getTestDatabase().db;
let coordinator: CreatedUser;
const clinics: Record<string, string> = {};

async function enrolledPatient(tenantId: string, name: string, timeZone: string, minutes: number[], lastContact?: string) {
  return withTenantScope(db(), { tenantIds: [tenantId] }, async (tx) => {
    const p = await tx.patient.create({ data: { tenantId, firstName: name, lastName: "Test", dateOfBirth: new Date("1950-01-01"), timeZone } });
    await tx.programEnrollment.create({ data: { tenantId, patientId: p.id, program: "ccm", status: "enrolled" } });
    for (const m of minutes) {
      await createTimeEntry(tx, { patientId: p.id, clientRequestId: randomUUID(), minutes: m, activity: lastContact ? "patient_call" : "care_plan_review", source: "manual", performedOn: lastContact ?? "2026-11-02" }, { userId: coordinator.id, role: "clinical_staff", isInUs: true, accountCreatedAt: new Date("2025-01-01") }, new Date("2026-11-20T18:00:00Z"));
    }
    return p.id;
  });
}

beforeAll(async () => {
  coordinator = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
  for (const [key, tz] of [["chicago", "America/Chicago"], ["honolulu", "Pacific/Honolulu"], ["phoenix", "America/Phoenix"], ["other", "America/New_York"]] as const) {
    clinics[key] = (await createTestTenant(db(), { name: `Clinic ${key}`, timeZone: tz })).id;
  }
  for (const key of ["chicago", "honolulu", "phoenix"]) {
    await withTenantScope(db(), { tenantIds: [clinics[key]!] }, (tx) => tx.coordinatorAssignment.create({ data: { tenantId: clinics[key]!, userId: coordinator.id } }));
  }
  await enrolledPatient(clinics.chicago!, "Zero", "America/Chicago", []);
  await enrolledPatient(clinics.chicago!, "Eighteen", "America/Chicago", [18]);
  await enrolledPatient(clinics.honolulu!, "Five", "Pacific/Honolulu", [5], "2026-11-03");
  await enrolledPatient(clinics.phoenix!, "TwentyFive", "America/Phoenix", [25]);
  await enrolledPatient(clinics.phoenix!, "Sixty", "America/Phoenix", [60]);
  await enrolledPatient(clinics.other!, "Hidden", "America/New_York", []);
});

const scope = () => ["chicago", "honolulu", "phoenix"].map((k) => clinics[k]!);

describe("worklist", () => {
  it("orders three clinics' patients by month-end risk, then last contact; met patients last", async () => {
    const list = await withTenantScope(db(), { tenantIds: scope() }, (tx) => getWorklist(tx, coordinator.id, scope(), { scope: "mine", pageSize: 50 }, new Date("2026-11-20T18:00:00Z")));
    expect(list.rows.map((r) => [r.name, r.minutes, r.minutesNeeded])).toEqual([
      ["Test, Zero", 0, 20],
      ["Test, Five", 5, 15],
      ["Test, Eighteen", 18, 2],
      ["Test, TwentyFive", 25, 15],
      ["Test, Sixty", 60, 0],
    ]);
    expect(list.rows.find((r) => r.name === "Test, Five")).toMatchObject({ clinic: "Clinic honolulu", lastContactOn: "2026-11-03" });
  });

  it("knows who may be called now across zones and DST (Hawaii and Arizona never change clocks)", async () => {
    const at = async (iso: string) => {
      const list = await withTenantScope(db(), { tenantIds: scope() }, (tx) => getWorklist(tx, coordinator.id, scope(), { scope: "mine", pageSize: 50 }, new Date(iso)));
      return Object.fromEntries(list.rows.map((r) => [r.name.split(", ")[1], r.isCallableNow]));
    };
    // 13:30 UTC the day before US DST starts: Chicago 07:30 CST — too early.
    expect(await at("2026-03-07T13:30:00Z")).toMatchObject({ Zero: false, Sixty: false, Five: false });
    // Same UTC time on 2026-03-08 (DST started at 02:00): Chicago 08:30 CDT — callable; Phoenix stays 06:30.
    expect(await at("2026-03-08T13:30:00Z")).toMatchObject({ Zero: true, Sixty: false, Five: false });
    // 02:30 UTC on 2026-11-21: Chicago 20:30 CST, Phoenix 19:30, Honolulu 16:30 — all callable.
    expect(await at("2026-11-21T02:30:00Z")).toMatchObject({ Zero: true, Sixty: true, Five: true });
    // 03:30 UTC: Chicago 21:30 (too late), Phoenix 20:30, Honolulu 17:30.
    expect(await at("2026-11-21T03:30:00Z")).toMatchObject({ Zero: false, Sixty: true, Five: true });
  });

  it("never shows a coordinator the patients of a clinic they are not assigned to", async () => {
    const browser = new TestBrowser(db(), config, "workspace");
    await signIn(browser, coordinator);
    const list = await browser.call((c) => c.worklist.list({}));
    expect(list.rows.map((r) => r.name)).not.toContain("Test, Hidden");
    expect(new Set(list.rows.map((r) => r.tenantId))).toEqual(new Set(scope()));
    await expect(browser.call((c) => c.worklist.list({ tenantId: clinics.other! }))).resolves.toMatchObject({ total: 0 });
  });
});

describe("worklist paging and filters in the database", () => {
  it("pages with a stable order and filters to callable-now patients", async () => {
    const all = await withTenantScope(db(), { tenantIds: scope() }, (tx) => getWorklist(tx, coordinator.id, scope(), { scope: "mine", pageSize: 50 }, new Date("2026-11-21T03:30:00Z")));
    const pages = [];
    let after: string | undefined;
    for (let page = 1; page <= 3; page++) {
      const list = await withTenantScope(db(), { tenantIds: scope() }, (tx) => getWorklist(tx, coordinator.id, scope(), { scope: "mine", pageSize: 2, after }, new Date("2026-11-21T03:30:00Z")));
      pages.push(...list.rows);
      after = list.nextAfter ?? undefined;
      expect(after === undefined).toBe(page === 3);
    }
    expect(pages.map((r) => r.patientId)).toEqual(all.rows.map((r) => r.patientId));
    expect(all.total).toBe(5);
    // 03:30 UTC: Chicago is 21:30 (not callable); Phoenix and Honolulu are.
    const callable = await withTenantScope(db(), { tenantIds: scope() }, (tx) => getWorklist(tx, coordinator.id, scope(), { scope: "mine", callableNow: true, pageSize: 50 }, new Date("2026-11-21T03:30:00Z")));
    expect(callable.rows.map((r) => r.name).sort()).toEqual(["Test, Five", "Test, Sixty", "Test, TwentyFive"]);
    expect(callable.total).toBe(3);
    expect(callable.rows.every((r) => r.isCallableNow)).toBe(true);
  });
});
