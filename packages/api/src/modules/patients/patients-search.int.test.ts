// The patient search (the workspace's Ctrl/Cmd+K palette and both apps' patient lists) finds a
// patient by name, MRN, whole MBI, the MBI's last four, date of birth or phone (issue 14, item 6).
import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig } from "../../testing/api-test-kit.js";

const config = testConfig();
const db = () => getTestDatabase().db;
let coordinator: TestBrowser;

const PATIENTS = [
  { firstName: "Iris", lastName: "Quill", dateOfBirth: "1948-03-17", mbi: "1EG4TE5MK73", phone: "+13125550142" },
  { firstName: "Otto", lastName: "Reyes", dateOfBirth: "1951-11-02", mbi: "2CD5FG6HJ81", phone: "+17735550199" },
];

beforeAll(async () => {
  const tenantId = (await createTestTenant(db(), { name: "Search Clinic", timeZone: "America/Chicago" })).id;
  // Another clinic has a patient with Iris's phone and birth date: never found from here.
  const otherId = (await createTestTenant(db(), { name: "Other Clinic", timeZone: "America/Chicago" })).id;
  const add = (tid: string, p: (typeof PATIENTS)[number]) =>
    withTenantScope(db(), { tenantIds: [tid] }, async (tx) => {
      const row = await tx.patient.create({ data: { tenantId: tid, firstName: p.firstName, lastName: p.lastName, dateOfBirth: new Date(p.dateOfBirth), mbi: p.mbi, timeZone: "America/Chicago" } });
      await tx.patientPhone.create({ data: { tenantId: tid, patientId: row.id, numberE164: p.phone } });
    });
  for (const p of PATIENTS) await add(tenantId, p);
  await add(otherId, { firstName: "Ivy", lastName: "Stranger", dateOfBirth: "1948-03-17", mbi: "3FG7HJ8KM92", phone: "+13125550142" });
  const coord = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
  await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.coordinatorAssignment.create({ data: { tenantId, userId: coord.id } }));
  coordinator = new TestBrowser(db(), config, "workspace");
  await signIn(coordinator, coord);
});

const CASES: [string, string[]][] = [
  ["quill", ["Iris"]],
  ["1EG4-TE5-MK73", ["Iris"]],
  ["mk73", ["Iris"]],
  ["HJ81", ["Otto"]],
  ["1948-03-17", ["Iris"]],
  ["3/17/1948", ["Iris"]],
  ["03/17/1948", ["Iris"]],
  ["(312) 555-0142", ["Iris"]],
  ["312-555-0142", ["Iris"]],
  ["+1 773 555 0199", ["Otto"]],
  ["5550199", ["Otto"]],
  // Not identifiers: an impossible date, a bare year, too few digits, letters-only last four.
  ["1948-02-30", []],
  ["1948", []],
  ["0142", []],
  ["abcd", []],
  // Words narrow: a name and a birth date must both match.
  ["Otto 1948-03-17", []],
  ["Iris 1948-03-17", ["Iris"]],
];

describe("patient search by identifiers", () => {
  it.each(CASES)("%j finds %j", async (search, expected) => {
    const { rows } = await coordinator.call((c) => c.patients.list({ search }));
    expect(rows.map((r) => r.name.split(", ")[1]!).sort()).toEqual(expected);
  });
});
