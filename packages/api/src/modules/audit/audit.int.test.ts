import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import {
  TestBrowser,
  createUser,
  signIn,
  testConfig,
  type CreatedUser,
} from "../../testing/api-test-kit.js";

const config = testConfig();
const db = () => getTestDatabase().db;

let admin: CreatedUser;
let member: CreatedUser;
let outsider: CreatedUser;
let adminBrowser: TestBrowser;

beforeAll(async () => {
  const clinic = await createTestTenant(db(), { name: "Audit Clinic" });
  const other = await createTestTenant(db(), { name: "Other Clinic" });
  admin = await createUser(db(), config, {
    kind: "clinic",
    memberships: [{ tenantId: clinic.id, role: "clinic_admin" }],
  });
  member = await createUser(db(), config, {
    kind: "clinic",
    memberships: [{ tenantId: clinic.id, role: "clinic_staff" }],
  });
  outsider = await createUser(db(), config, {
    kind: "clinic",
    memberships: [{ tenantId: other.id, role: "clinic_staff" }],
  });
  adminBrowser = new TestBrowser(db(), config, "portal");
  await signIn(adminBrowser, admin);
});

describe("clinic audit log", () => {
  it("shows the clinic's members' sign-ins and failed attempts, but not other clinics' people", async () => {
    await signIn(new TestBrowser(db(), config, "portal"), member);
    await new TestBrowser(db(), config, "portal").call((c) =>
      c.auth.signIn({ email: member.email, password: "not the password at all" }),
    );
    await signIn(new TestBrowser(db(), config, "portal"), outsider);

    const events = await adminBrowser.call((c) =>
      c.audit.clinicEvents({ action: "auth.", limit: 100 }),
    );
    const memberSignIns = events.filter(
      (e) => e.action === "auth.signIn" && e.actorUserId === member.id,
    );
    expect(memberSignIns.map((e) => e.outcome).sort()).toEqual(["failure", "success"]);
    expect(memberSignIns[0]).toMatchObject({
      chain: "platform",
      actor: member.email,
      ip: "203.0.113.7",
    });
    expect(events.some((e) => e.actorUserId === outsider.id || e.actor === outsider.email)).toBe(
      false,
    );
    // Newest first across both chains.
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort().reverse());

    const failuresOnly = await adminBrowser.call((c) =>
      c.audit.clinicEvents({ action: "auth.signIn", outcome: "failure", limit: 100 }),
    );
    expect(failuresOnly.filter((e) => e.actorUserId === member.id)).toHaveLength(1);
    const csv = await adminBrowser.call((c) => c.audit.clinicCsv({ action: "auth.", limit: 1000 }));
    expect(csv.csv).toContain(member.email);
    expect(csv.csv).not.toContain(outsider.email);
  });
});
