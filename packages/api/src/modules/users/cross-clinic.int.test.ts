// Issue 17 item 2: a clinic admin must not capture an account of another clinic by inviting its
// e-mail address. The membership waits for the person's acceptance; until then the inviting clinic
// learns nothing about the account; deactivation ends only that clinic's access and sessions.
import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, signIn, testConfig, TestBrowser, type CreatedUser } from "../../testing/api-test-kit.js";

const config = testConfig();
const db = () => getTestDatabase().db;

let clinicA: string;
let clinicB: string;
let adminB: TestBrowser;
let person: CreatedUser;
let personInA: TestBrowser;

const membershipOf = (tenantId: string, userId: string) =>
  withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.membership.findUniqueOrThrow({ where: { tenantId_userId: { tenantId, userId } } }));

beforeAll(async () => {
  clinicA = (await createTestTenant(db(), { name: "Alder Clinic" })).id;
  clinicB = (await createTestTenant(db(), { name: "Birch Clinic" })).id;
  person = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: clinicA, role: "practitioner" }] });
  // The person's history in clinic A, from before any invitation by clinic B.
  personInA = new TestBrowser(db(), config, "portal", "198.51.100.23");
  await signIn(personInA, person);
  const admin = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: clinicB, role: "clinic_admin" }] });
  adminB = new TestBrowser(db(), config, "portal");
  await signIn(adminB, admin);
});

describe("inviting a person who already has an account", () => {
  it("answers exactly as for a new address, keeps the membership pending and shows nothing of the account", async () => {
    const fresh = await adminB.call((c) => c.users.invite({ email: "brand-new@example.org", name: "Brand New", role: "clinic_staff" }));
    const existing = await adminB.call((c) => c.users.invite({ email: person.email, name: "Whoever", role: "clinic_admin" }));
    expect(Object.keys(existing).sort()).toEqual(Object.keys(fresh).sort());
    expect(existing).toMatchObject({ status: "invitation_sent" });
    expect(fresh).toMatchObject({ status: "invitation_sent" });

    expect(await membershipOf(clinicB, person.id)).toMatchObject({ status: "pending", acceptedAt: null });
    // No access to clinic B: B is not among the person's clinics.
    const me = await personInA.call((c) => c.auth.me());
    expect(me.memberships?.map((m) => m.tenantId)).toEqual([clinicA]);

    const listed = (await adminB.call((c) => c.users.list())).find((u) => u.userId === person.id)!;
    expect(listed).toMatchObject({ membershipStatus: "pending", name: "Whoever", hasTotp: null, lastSignInAt: null, accountStatus: null });
    const listedFresh = (await adminB.call((c) => c.users.list())).find((u) => u.email === "brand-new@example.org")!;
    expect(Object.keys(listedFresh).sort()).toEqual(Object.keys(listed).sort());
    expect(listedFresh).toMatchObject({ membershipStatus: "pending", hasTotp: null, lastSignInAt: null, accountStatus: null });

    const events = await adminB.call((c) => c.audit.clinicEvents({ limit: 500 }));
    expect(events.filter((e) => e.actorUserId === person.id)).toEqual([]);
    expect(JSON.stringify(events)).not.toContain("198.51.100.23");
    expect(JSON.stringify(events)).not.toMatch(/isNewAccount/);
  });

  it("a pending invitation cannot be turned active by the inviting clinic", async () => {
    expect(await adminB.call((c) => c.users.reactivate({ userId: person.id }))).toEqual({ changed: false });
    expect((await membershipOf(clinicB, person.id)).status).toBe("pending");
    // Withdrawn and "reactivated", it is pending again, never active.
    await adminB.call((c) => c.users.deactivate({ userId: person.id }));
    expect(await adminB.call((c) => c.users.reactivate({ userId: person.id }))).toEqual({ changed: true });
    expect((await membershipOf(clinicB, person.id)).status).toBe("pending");
  });

  it("inviting vendor staff answers the same and gives no conflict that would reveal the account", async () => {
    const vendor = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"] });
    expect(await adminB.call((c) => c.users.invite({ email: vendor.email, name: "Vee", role: "clinic_staff" }))).toMatchObject({ status: "invitation_sent" });
    expect((await membershipOf(clinicB, vendor.id)).status).toBe("pending");
  });

  it("after the person signs in and accepts, the membership is active and the clinic sees only its own events", async () => {
    const invitations = await personInA.call((c) => c.account.pendingInvitations());
    expect(invitations).toEqual([expect.objectContaining({ tenantId: clinicB, clinicName: "Birch Clinic", role: "clinic_admin" })]);
    expect(await personInA.call((c) => c.account.acceptInvitation({ tenantId: clinicB }))).toEqual({ ok: true });
    expect(await membershipOf(clinicB, person.id)).toMatchObject({ status: "active", acceptedAt: expect.any(Date) });
    const me = await personInA.call((c) => c.auth.me());
    expect(me.memberships?.map((m) => m.tenantId).sort()).toEqual([clinicA, clinicB].sort());
    await expect(personInA.call((c) => c.account.acceptInvitation({ tenantId: clinicB }))).rejects.toMatchObject({ code: "NOT_FOUND" });

    const listed = (await adminB.call((c) => c.users.list())).find((u) => u.userId === person.id)!;
    expect(listed).toMatchObject({ membershipStatus: "active", hasTotp: false, accountStatus: "active" });
    expect(listed.name).not.toBe("Whoever");

    // A sign-in that works in clinic A is not clinic B's to see; one in clinic B is.
    const inA = new TestBrowser(db(), config, "portal", "198.51.100.24");
    await signIn(inA, person);
    await inA.call((c) => c.account.switchClinic({ tenantId: clinicA }));
    await inA.call((c) => c.auth.signOut());
    const inB = new TestBrowser(db(), config, "portal", "198.51.100.25");
    await signIn(inB, person);
    await inB.call((c) => c.account.switchClinic({ tenantId: clinicB }));
    await inB.call((c) => c.auth.signOut());
    const events = (await adminB.call((c) => c.audit.clinicEvents({ limit: 500 }))).filter((e) => e.chain === "platform" && e.actorUserId === person.id);
    expect(events.map((e) => e.action)).toContain("auth.signOut");
    expect(events.map((e) => e.ip)).not.toContain("198.51.100.23");
    expect(events.map((e) => e.ip)).not.toContain("198.51.100.24");
    expect(events.every((e) => e.ip === "198.51.100.25")).toBe(true);
  });

  it("deactivation in one clinic ends only that clinic's membership and sessions", async () => {
    const workingInA = new TestBrowser(db(), config, "portal");
    await signIn(workingInA, person);
    await workingInA.call((c) => c.account.switchClinic({ tenantId: clinicA }));
    const workingInB = new TestBrowser(db(), config, "portal");
    await signIn(workingInB, person);
    await workingInB.call((c) => c.account.switchClinic({ tenantId: clinicB }));

    expect(await adminB.call((c) => c.users.deactivate({ userId: person.id }))).toEqual({ changed: true });
    expect(await workingInB.call((c) => c.auth.me())).toMatchObject({ user: null, signedOutReason: "revoked" });
    const stillInA = await workingInA.call((c) => c.auth.me());
    expect(stillInA).toMatchObject({ user: { id: person.id }, activeTenantId: clinicA });
    expect((await membershipOf(clinicA, person.id)).status).toBe("active");
    // Repeating it is no lock-out either.
    expect(await adminB.call((c) => c.users.deactivate({ userId: person.id }))).toEqual({ changed: false });
    expect(await workingInA.call((c) => c.auth.me())).toMatchObject({ user: { id: person.id } });
  });
});

describe("the invitation link of a new account", () => {
  it("accepts the membership together with the password", async () => {
    const admin = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: clinicA, role: "clinic_admin" }] });
    const adminA = new TestBrowser(db(), config, "portal");
    await signIn(adminA, admin);
    await adminA.call((c) => c.users.invite({ email: "link-person@example.org", name: "Link Person", role: "clinic_staff" }));
    const user = await db().appUser.findUniqueOrThrow({ where: { email: "link-person@example.org" } });
    expect((await membershipOf(clinicA, user.id)).status).toBe("pending");
    const mail = await db().mailOutbox.findFirstOrThrow({ where: { toAddress: "link-person@example.org" } });
    const token = /invitations\/([\w-]+)/.exec(mail.bodyText)![1]!;
    await new TestBrowser(db(), config, "portal").call((c) => c.auth.acceptInvitation({ token, name: "Link Person", password: "a long enough pass phrase" }));
    expect(await membershipOf(clinicA, user.id)).toMatchObject({ status: "active", acceptedAt: expect.any(Date) });
  });
});
