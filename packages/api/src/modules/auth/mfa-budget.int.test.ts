// Issue 17, item 1: the second factor's attempt budget is enforced in the database, so a tRPC
// batch (many calls on one request context), concurrent requests and fresh password sign-ins
// cannot buy more guesses; too many failures across sessions lock the account, with an alert.
import { getTestDatabase } from "@carefold/db/testing";
import { describe, expect, it } from "vitest";
import { TEST_PASSWORD, TestBrowser, callerFor, createUser, testConfig, type CreatedUser } from "../../testing/api-test-kit.js";
import { MAX_MFA_FAILURES, MFA_LOCK_THRESHOLD } from "./mfa.service.js";
import { generateTotp } from "./totp.js";

const config = testConfig();
const db = () => getTestDatabase().db;

/** A code that is certainly wrong for this secret right now (not in the ±1 step window). */
function wrongCode(user: CreatedUser, salt = 0): string {
  const valid = new Set([-30_000, 0, 30_000].map((d) => generateTotp(user.totpSecret!, Date.now() + d)));
  for (let n = 100_000 + salt; ; n++) if (!valid.has(String(n))) return String(n);
}

async function passwordStep(user: CreatedUser, ip?: string) {
  const browser = new TestBrowser(db(), config, "workspace", ip);
  expect(await browser.call((c) => c.auth.signIn({ email: user.email, password: TEST_PASSWORD }))).toEqual({ status: "signed_in", next: "verify_mfa" });
  return browser;
}

/** Like one tRPC batch: every call shares one request context (the session was resolved once). */
async function batchOn(browser: TestBrowser) {
  const { caller } = await callerFor(db(), config, "workspace", browser.cookie);
  return caller;
}

const failuresOf = async (userId: string) => (await db().appUser.findUniqueOrThrow({ where: { id: userId } })).mfaFailedCount;

describe("MFA attempt budget", () => {
  it("checks at most the session's budget of codes in one batch, however many calls it carries", async () => {
    const staff = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
    const browser = await passwordStep(staff);
    const caller = await batchOn(browser);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => caller.auth.verifyMfa({ code: wrongCode(staff, i * 7) })));
    expect(answers.every((a) => !a.ok)).toBe(true);
    expect(await failuresOf(staff.id)).toBe(MAX_MFA_FAILURES);
    const session = await db().userSession.findFirstOrThrow({ where: { userId: staff.id } });
    expect(session).toMatchObject({ mfaFailedAttempts: MAX_MFA_FAILURES, revokedReason: "mfa_failures" });
  });

  it("refuses a correct code on an exhausted session exactly like a wrong one (no oracle), and grants nothing", async () => {
    const staff = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
    const browser = await passwordStep(staff);
    const caller = await batchOn(browser);
    for (let i = 0; i < MAX_MFA_FAILURES; i++) await caller.auth.verifyMfa({ code: wrongCode(staff, i) });
    // Same request context as the failures (a batch): the session was valid when it was resolved.
    const right = await caller.auth.verifyMfa({ code: generateTotp(staff.totpSecret!) });
    const wrong = await caller.auth.verifyMfa({ code: wrongCode(staff, 99) });
    expect(right).toEqual(wrong);
    expect(right).toMatchObject({ ok: false, isSignedOut: true });
    expect(await db().userSession.count({ where: { userId: staff.id, isMfaVerified: true } })).toBe(0);
    // The refused code was never checked, so its step is not claimed and not revealed.
    expect((await db().appUser.findUniqueOrThrow({ where: { id: staff.id } })).totpLastStep).toBeNull();
  });

  it("does not reset the budget on a new password sign-in, and locks the account across sessions with an audited alert", async () => {
    const staff = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
    let guesses = 0;
    let browser = await passwordStep(staff);
    for (let i = 0; i < MFA_LOCK_THRESHOLD + 5; i++) {
      if (i > 0 && i % MAX_MFA_FAILURES === 0) {
        const next = new TestBrowser(db(), config, "workspace");
        const again = await next.call((c) => c.auth.signIn({ email: staff.email, password: TEST_PASSWORD }));
        if (again.status !== "signed_in") break;
        browser = next;
      }
      const answer = await browser.call((c) => c.auth.verifyMfa({ code: wrongCode(staff, i) }));
      if (answer.ok === false) guesses++;
      expect(answer.ok).toBe(false);
    }
    expect(await failuresOf(staff.id)).toBe(MFA_LOCK_THRESHOLD);
    expect(guesses).toBe(MFA_LOCK_THRESHOLD);
    // Locked: even the right password and then the right code are refused.
    const after = new TestBrowser(db(), config, "workspace");
    expect(await after.call((c) => c.auth.signIn({ email: staff.email, password: TEST_PASSWORD }))).toMatchObject({ status: "locked" });
    const alerts = await db().platformAuditEvent.findMany({ where: { action: "auth.mfaLockout", actorUserId: staff.id } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ outcome: "denied", details: { failures: MFA_LOCK_THRESHOLD } });
  });

  it("refuses even the right code on a pre-MFA session once the account is locked for MFA failures", async () => {
    const staff = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
    const waiting = await passwordStep(staff, "192.0.2.10");
    const staleWaiting = await batchOn(waiting); // resolved before the lock, like a batch in flight
    const attackers = [];
    for (let s = 0; s * MAX_MFA_FAILURES < MFA_LOCK_THRESHOLD; s++) attackers.push(await passwordStep(staff, "198.51.100.66"));
    // Concurrent requests from several sessions: the budget holds across them (calls that arrive
    // after their session ended are refused at the door, as UNAUTHORIZED).
    const settled = await Promise.allSettled(
      attackers.flatMap((b, s) => Array.from({ length: MAX_MFA_FAILURES + 3 }, (_, i) => b.call((c) => c.auth.verifyMfa({ code: wrongCode(staff, s * 50 + i) })))),
    );
    expect(settled.every((r) => (r.status === "fulfilled" ? !r.value.ok : (r.reason as { code: string }).code === "UNAUTHORIZED"))).toBe(true);
    expect(await failuresOf(staff.id)).toBe(MFA_LOCK_THRESHOLD);
    expect(await staleWaiting.auth.verifyMfa({ code: generateTotp(staff.totpSecret!) })).toMatchObject({ ok: false, isSignedOut: true });
    await expect(waiting.call((c) => c.auth.verifyMfa({ code: generateTotp(staff.totpSecret!) }))).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await db().userSession.count({ where: { userId: staff.id, isMfaVerified: true } })).toBe(0);
    expect((await db().appUser.findUniqueOrThrow({ where: { id: staff.id } })).totpLastStep).toBeNull();
  });

  it("recovery codes draw on the same budget", async () => {
    const staff = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
    const browser = await passwordStep(staff);
    const caller = await batchOn(browser);
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => caller.auth.useRecoveryCode({ code: `aaaa-bbbb-${String(1000 + i)}` })));
    expect(answers.every((a) => !a.ok)).toBe(true);
    expect(await failuresOf(staff.id)).toBe(MAX_MFA_FAILURES);
    expect(await caller.auth.verifyMfa({ code: generateTotp(staff.totpSecret!) })).toMatchObject({ ok: false, isSignedOut: true });
  });

  it("a correct second factor clears the account's failure count", async () => {
    const staff = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
    const browser = await passwordStep(staff);
    await browser.call((c) => c.auth.verifyMfa({ code: wrongCode(staff) }));
    expect(await failuresOf(staff.id)).toBe(1);
    expect(await browser.call((c) => c.auth.verifyMfa({ code: generateTotp(staff.totpSecret!) }))).toEqual({ ok: true });
    expect(await failuresOf(staff.id)).toBe(0);
  });
});
