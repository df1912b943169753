import pg from "pg";
import { getTestDatabase, createTestTenant } from "@carefold/db/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { TEST_PASSWORD, TestBrowser, createUser, signIn, testConfig } from "../../testing/api-test-kit.js";
import { generateTotp, generateTotpForStep, totpStepAt } from "./totp.js";

const config = testConfig();
const db = () => getTestDatabase().db;

async function platformEvents(action: string) {
  return db().platformAuditEvent.findMany({ where: { action }, orderBy: { seq: "asc" } });
}

describe("sign-in with password and TOTP", () => {
  it("needs the second factor before any protected procedure, then rotates the session token", async () => {
    const staff = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
    const browser = new TestBrowser(db(), config, "workspace");
    const first = await browser.call((c) => c.auth.signIn({ email: staff.email, password: TEST_PASSWORD }));
    expect(first).toEqual({ status: "signed_in", next: "verify_mfa" });
    const preMfaCookie = browser.cookie;
    await expect(browser.call((c) => c.account.sessions())).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    const wrong = await browser.call((c) => c.auth.verifyMfa({ code: "000000" }));
    expect(wrong).toMatchObject({ ok: false, isSignedOut: false });
    expect(await browser.call((c) => c.auth.verifyMfa({ code: generateTotp(staff.totpSecret!) }))).toEqual({ ok: true });
    expect(browser.cookie).not.toBe(preMfaCookie);
    const sessions = await browser.call((c) => c.account.sessions());
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ app: "workspace", isCurrent: true, ip: "203.0.113.7", userAgent: "vitest" });

    // The pre-MFA token is dead.
    const stale = new TestBrowser(db(), config, "workspace");
    stale.cookie = preMfaCookie;
    expect(await stale.call((c) => c.auth.me())).toMatchObject({ user: null, signedOutReason: "revoked" });
  });

  it("refuses a code that was already used (RFC 6238 §5.2), also when two sign-ins race with it", async () => {
    const staff = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
    const code = generateTotp(staff.totpSecret!);
    const first = new TestBrowser(db(), config, "workspace");
    await first.call((c) => c.auth.signIn({ email: staff.email, password: TEST_PASSWORD }));
    expect(await first.call((c) => c.auth.verifyMfa({ code }))).toEqual({ ok: true });

    const replay = new TestBrowser(db(), config, "workspace");
    await replay.call((c) => c.auth.signIn({ email: staff.email, password: TEST_PASSWORD }));
    expect(await replay.call((c) => c.auth.verifyMfa({ code }))).toEqual({
      ok: false,
      isSignedOut: false,
      message: "That code was already used. Wait for the next code in your authenticator app.",
    });
    await expect(replay.call((c) => c.account.sessions())).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    // The next step's code is fresh; two sessions racing with it: exactly one gets in.
    const next = generateTotpForStep(staff.totpSecret!, totpStepAt(Date.now()) + 1);
    const racers = [new TestBrowser(db(), config, "workspace"), new TestBrowser(db(), config, "workspace")];
    for (const b of racers) await b.call((c) => c.auth.signIn({ email: staff.email, password: TEST_PASSWORD }));
    const results = await Promise.all(racers.map((b) => b.call((c) => c.auth.verifyMfa({ code: next }))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("answers the same for an unknown e-mail and a wrong password", async () => {
    const user = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"] });
    const browser = new TestBrowser(db(), config, "workspace");
    const unknown = await browser.call((c) => c.auth.signIn({ email: "nobody@example.org", password: "whatever-it-is" }));
    const wrong = await browser.call((c) => c.auth.signIn({ email: user.email, password: "not the password" }));
    expect(unknown).toEqual(wrong);
    expect(wrong).toMatchObject({ status: "invalid_credentials" });
    expect(browser.cookie).toBeUndefined();
  });

  it("locks the account after 6 failed sign-ins, audits each, and unlocks after the lockout", async () => {
    const user = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
    const browser = new TestBrowser(db(), config, "workspace", "198.51.100.9");
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await browser.call((c) => c.auth.signIn({ email: user.email, password: `wrong-${i}` })));
    expect(results.slice(0, 5).map((r) => r.status)).toEqual(Array(5).fill("invalid_credentials"));
    expect(results[5]).toMatchObject({ status: "locked", message: expect.stringMatching(/Try again in 15 minutes/) });
    // Even the right password is refused while locked.
    expect(await browser.call((c) => c.auth.signIn({ email: user.email, password: TEST_PASSWORD }))).toMatchObject({ status: "locked" });

    const events = (await platformEvents("auth.signIn")).filter((e) => e.actorUserId === user.id);
    expect(events).toHaveLength(7);
    expect(events.every((e) => e.outcome === "failure" && e.ip === "198.51.100.9")).toBe(true);
    expect(events.map((e) => (e.details as { result: string }).result)).toEqual([...Array(5).fill("invalid_credentials"), "locked", "locked"]);

    // The lockout counts the address's failures of the last 15 minutes: let them age out.
    const owner = new pg.Client({ connectionString: getTestDatabase().ownerUrl });
    await owner.connect();
    await owner.query("UPDATE sign_in_attempt SET at = at - interval '16 minutes' WHERE email = $1", [user.email]);
    await owner.end();
    expect(await browser.call((c) => c.auth.signIn({ email: user.email, password: TEST_PASSWORD }))).toMatchObject({ status: "signed_in" });
  });

  it("rate-limits an IP address that keeps failing, across accounts", async () => {
    const limited = testConfig({ signInAttemptsPerIp: 3 });
    const browser = new TestBrowser(db(), limited, "portal", "192.0.2.44");
    for (let i = 0; i < 3; i++) await browser.call((c) => c.auth.signIn({ email: `x${i}@example.org`, password: "nope-nope" }));
    expect(await browser.call((c) => c.auth.signIn({ email: "y@example.org", password: "nope-nope" }))).toMatchObject({ status: "rate_limited" });
  });

  it("refuses a clinic account in the workspace and a vendor account in the portal", async () => {
    const tenant = await createTestTenant(db());
    const clinicUser = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_staff" }] });
    const result = await new TestBrowser(db(), config, "workspace").call((c) => c.auth.signIn({ email: clinicUser.email, password: TEST_PASSWORD }));
    expect(result).toMatchObject({ status: "wrong_app", message: expect.stringContaining("clinic portal") });
  });
});

describe("sessions", () => {
  let browser: TestBrowser;
  beforeEach(async () => {
    const tenant = await createTestTenant(db());
    const user = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_admin" }] });
    browser = new TestBrowser(db(), config, "portal");
    expect(await signIn(browser, user)).toEqual({ status: "signed_in", next: "done" });
  });

  it("signs the user out after the idle timeout and says why", async () => {
    expect(await browser.call((c) => c.auth.me())).toMatchObject({ user: { kind: "clinic" } });
    await db().userSession.updateMany({ data: { lastSeenAt: new Date(Date.now() - 16 * 60_000) } });
    expect(await browser.call((c) => c.auth.me())).toEqual({ user: null, signedOutReason: "idle_timeout" });
    const me = await db().userSession.findMany({ where: { revokedReason: "idle_timeout" } });
    expect(me).toHaveLength(1);
  });

  it("ends at the absolute lifetime even when active", async () => {
    await db().userSession.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await browser.call((c) => c.auth.me())).toEqual({ user: null, signedOutReason: "expired" });
  });

  it("signs out every session of the account", async () => {
    const other = new TestBrowser(db(), config, "portal", "192.0.2.1");
    const me = await browser.call((c) => c.auth.me());
    await signIn(other, { id: me.user!.id, email: me.user!.email, totpSecret: null });
    expect(await browser.call((c) => c.account.sessions())).toHaveLength(2);
    expect(await browser.call((c) => c.account.signOutEverywhere())).toEqual({ sessionsRevoked: 2 });
    expect(await other.call((c) => c.auth.me())).toMatchObject({ user: null, signedOutReason: "revoked" });
    expect(browser.cookie).toBeUndefined();
  });
});

describe("TOTP enrolment and recovery codes", () => {
  it("makes vendor staff enrol, then accepts a recovery code exactly once", async () => {
    const staff = await createUser(db(), config, { kind: "vendor", vendorRoles: ["vendor_admin"] });
    const browser = new TestBrowser(db(), config, "workspace");
    expect(await browser.call((c) => c.auth.signIn({ email: staff.email, password: TEST_PASSWORD }))).toEqual({ status: "signed_in", next: "enroll_mfa" });
    await expect(browser.call((c) => c.admin.clinics())).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    const enrollment = await browser.call((c) => c.auth.startMfaEnrollment());
    expect(enrollment.uri).toMatch(/^otpauth:\/\/totp\/Carefold:.*secret=/);
    expect(enrollment.qrSvg).toContain("<svg");
    await expect(browser.call((c) => c.auth.confirmMfaEnrollment({ code: "123456" }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const { recoveryCodes } = await browser.call((c) => c.auth.confirmMfaEnrollment({ code: generateTotp(enrollment.secret) }));
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(await browser.call((c) => c.admin.clinics())).toEqual(expect.any(Array));

    const stored = await db().appUser.findUniqueOrThrow({ where: { id: staff.id } });
    expect(stored.totpSecretEnc).not.toContain(enrollment.secret);

    const next = new TestBrowser(db(), config, "workspace");
    await next.call((c) => c.auth.signIn({ email: staff.email, password: TEST_PASSWORD }));
    expect(await next.call((c) => c.auth.useRecoveryCode({ code: recoveryCodes[0]! }))).toEqual({ ok: true, remaining: 9 });
    const again = new TestBrowser(db(), config, "workspace");
    await again.call((c) => c.auth.signIn({ email: staff.email, password: TEST_PASSWORD }));
    expect(await again.call((c) => c.auth.useRecoveryCode({ code: recoveryCodes[0]! }))).toMatchObject({ ok: false });
  });

  it("revokes the session after 5 wrong codes", async () => {
    const staff = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
    const browser = new TestBrowser(db(), config, "workspace");
    await browser.call((c) => c.auth.signIn({ email: staff.email, password: TEST_PASSWORD }));
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await browser.call((c) => c.auth.verifyMfa({ code: "111111" })));
    expect(answers.map((a) => "isSignedOut" in a && a.isSignedOut)).toEqual([false, false, false, false, true]);
    expect(await browser.call((c) => c.auth.me())).toMatchObject({ user: null });
  });
});

describe("invitations and password reset", () => {
  it("a clinic admin invites a user who accepts, is signed in, and cannot reuse the link", async () => {
    const tenant = await createTestTenant(db(), { name: "Lakeside Clinic" });
    const admin = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_admin" }] });
    const adminBrowser = new TestBrowser(db(), config, "portal");
    await signIn(adminBrowser, admin);
    const invited = await adminBrowser.call((c) => c.users.invite({ email: "New.Nurse@Example.org", name: "Nia Nurse", role: "clinic_staff" }));
    expect(invited).toMatchObject({ status: "invitation_sent" });

    const mail = await db().mailOutbox.findFirstOrThrow({ where: { toAddress: "new.nurse@example.org" } });
    expect(mail.subject).toBe("You are invited to Carefold");
    const token = /invitations\/([\w-]+)/.exec(mail.bodyText)![1]!;
    const visitor = new TestBrowser(db(), config, "portal");
    expect(await visitor.call((c) => c.auth.describeInvitation({ token }))).toMatchObject({ email: "new.nurse@example.org", clinicName: "Lakeside Clinic", role: "clinic_staff" });
    await expect(visitor.call((c) => c.auth.acceptInvitation({ token, name: "Nia Nurse", password: "short" }))).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/12 characters/) });
    expect(await visitor.call((c) => c.auth.acceptInvitation({ token, name: "Nia Nurse", password: "a long enough pass phrase" }))).toEqual({ next: "done", app: "portal" });
    expect(await visitor.call((c) => c.auth.me())).toMatchObject({ user: { email: "new.nurse@example.org" }, activeTenantId: tenant.id });
    await expect(new TestBrowser(db(), config, "portal").call((c) => c.auth.acceptInvitation({ token, name: "X", password: "another long pass phrase" }))).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });

    const users = await adminBrowser.call((c) => c.users.list());
    expect(users.find((u) => u.email === "new.nurse@example.org")).toMatchObject({ accountStatus: "active", role: "clinic_staff" });
  });

  it("resets a password through an e-mailed link and signs out every session; unknown addresses get the same answer", async () => {
    const tenant = await createTestTenant(db());
    const user = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "practitioner" }] });
    const browser = new TestBrowser(db(), config, "portal");
    await signIn(browser, user);
    const visitor = new TestBrowser(db(), config, "portal");
    expect(await visitor.call((c) => c.auth.requestPasswordReset({ email: "ghost@example.org" }))).toEqual({ ok: true });
    expect(await visitor.call((c) => c.auth.requestPasswordReset({ email: user.email }))).toEqual({ ok: true });
    const mails = await db().mailOutbox.findMany({ where: { kind: "password_reset" } });
    expect(mails.map((m) => m.toAddress)).toEqual([user.email]);
    const token = /reset-password\/([\w-]+)/.exec(mails[0]!.bodyText)![1]!;
    expect(await visitor.call((c) => c.auth.resetPassword({ token, password: "a brand new pass phrase" }))).toEqual({ ok: true });
    expect(await browser.call((c) => c.auth.me())).toMatchObject({ user: null, signedOutReason: "revoked" });
    expect(await visitor.call((c) => c.auth.signIn({ email: user.email, password: "a brand new pass phrase" }))).toMatchObject({ status: "signed_in" });
  });
});

describe("clinic settings at sign-in", () => {
  it("enforces a clinic's two-step requirement and its idle timeout for its members", async () => {
    const tenant = await createTestTenant(db(), { name: "Strict Clinic" });
    await db().$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('carefold.tenant_ids', ${tenant.id}, true)`;
      await tx.tenantSetting.update({ where: { tenantId: tenant.id }, data: { mfaRequired: true, idleTimeoutMinutes: 10 } });
    });
    const user = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_staff" }] });
    const browser = new TestBrowser(db(), config, "portal");
    expect(await browser.call((c) => c.auth.signIn({ email: user.email, password: TEST_PASSWORD }))).toEqual({ status: "signed_in", next: "enroll_mfa" });
    const me = await browser.call((c) => c.auth.me());
    expect(me).toMatchObject({ idleTimeoutMinutes: 10, mfa: { isRequired: true, isVerified: false } });
  });

  it("records invalid input in the audit log as invalid_input", async () => {
    const browser = new TestBrowser(db(), config, "portal");
    await expect(browser.call((c) => c.auth.signIn({ email: "not-an-email", password: "x" }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const row = await db().platformAuditEvent.findFirstOrThrow({ where: { action: "auth.signIn" }, orderBy: { seq: "desc" } });
    expect(row).toMatchObject({ outcome: "failure", details: { error: "invalid_input" } });
  });
});
