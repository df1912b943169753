// Every search that reaches LIKE/ILIKE takes the user's `%`, `_` and `\` literally (issue 17, item 13).
import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig } from "../testing/api-test-kit.js";

const config = testConfig();
const db = () => getTestDatabase().db;
let tenantId: string;
let coordinator: TestBrowser;
let supervisor: TestBrowser;

const NAMES = ["Ann_a", "Annxa", "Pct%Lee", "Pctzlee", "Back\\Slash", "Backslash"];

beforeAll(async () => {
  tenantId = (await createTestTenant(db(), { name: "Wildcard Clinic", timeZone: "America/Chicago" })).id;
  await withTenantScope(db(), { tenantIds: [tenantId] }, async (tx) => {
    for (const firstName of NAMES) {
      const p = await tx.patient.create({ data: { tenantId, firstName, lastName: "Wild", dateOfBirth: new Date("1950-01-01"), timeZone: "America/Chicago" } });
      await tx.programEnrollment.create({ data: { tenantId, patientId: p.id, program: "ccm", status: "enrolled" } });
    }
  });
  const coord = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
  const sup = await createUser(db(), config, { kind: "vendor", vendorRoles: ["supervisor"], withTotp: true });
  await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.coordinatorAssignment.create({ data: { tenantId, userId: coord.id } }));
  coordinator = new TestBrowser(db(), config, "workspace");
  await signIn(coordinator, coord);
  supervisor = new TestBrowser(db(), config, "workspace");
  await signIn(supervisor, sup);
});

const CASES: [string, string[]][] = [
  ["_", ["Ann_a"]],
  ["n_a", ["Ann_a"]],
  ["%", ["Pct%Lee"]],
  ["Pct%", ["Pct%Lee"]],
  ["\\", ["Back\\Slash"]],
  ["k\\s", ["Back\\Slash"]],
];

describe("LIKE wildcards in search terms are plain characters", () => {
  it.each(CASES)("patients.list search %j finds only %j", async (search, expected) => {
    const { rows } = await coordinator.call((c) => c.patients.list({ search }));
    expect(rows.map((r) => r.name.split(", ")[1]!).sort()).toEqual(expected);
  });

  it.each([
    ["_", []],
    ["%", []],
    ["\\", []],
    ["Ann_", ["Ann_a"]],
    ["pct%", ["Pct%Lee"]],
    ["Back\\", ["Back\\Slash"]],
  ] as [string, string[]][])("panels.patients (prefix) %j finds only %j", async (search, expected) => {
    const { rows } = await supervisor.call((c) => c.panels.patients({ tenantId, search }));
    expect(rows.map((r) => r.name.split(", ")[1]!).sort()).toEqual(expected);
  });
});
