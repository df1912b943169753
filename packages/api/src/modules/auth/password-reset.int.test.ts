// Issue 17, item 10: reset links. A newer link revokes the older ones (an old link used to keep
// working after a newer one was used), and reset requests are limited per account and per client
// address while the answer stays the same whether or not anything was sent.
import { getTestDatabase, createTestTenant } from "@carefold/db/testing";
import { describe, expect, it } from "vitest";
import { TestBrowser, createUser, testConfig } from "../../testing/api-test-kit.js";
import { RESET_REQUESTS_PER_ACCOUNT, RESET_REQUESTS_PER_IP } from "./invitation.service.js";

const config = testConfig();
const db = () => getTestDatabase().db;

async function clinicUser() {
  const tenant = await createTestTenant(db());
  return createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_staff" }] });
}

const resetMails = (email: string) => db().mailOutbox.findMany({ where: { kind: "password_reset", toAddress: email }, orderBy: { createdAt: "asc" } });
const tokenOf = (bodyText: string) => /reset-password\/([\w-]+)/.exec(bodyText)![1]!;

describe("password reset links", () => {
  it("a newer link revokes the older one, before and after it is used", async () => {
    const user = await clinicUser();
    const visitor = new TestBrowser(db(), config, "portal", "192.0.2.71");
    await visitor.call((c) => c.auth.requestPasswordReset({ email: user.email }));
    await visitor.call((c) => c.auth.requestPasswordReset({ email: user.email }));
    const [older, newer] = (await resetMails(user.email)).map((m) => tokenOf(m.bodyText));
    await expect(visitor.call((c) => c.auth.resetPassword({ token: older!, password: "an older pass phrase" }))).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await visitor.call((c) => c.auth.resetPassword({ token: newer!, password: "the newest pass phrase" }))).toEqual({ ok: true });
    await expect(visitor.call((c) => c.auth.resetPassword({ token: older!, password: "an older pass phrase" }))).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });

  it("using a link revokes every other outstanding link of the account", async () => {
    const user = await clinicUser();
    const visitor = new TestBrowser(db(), config, "portal", "192.0.2.72");
    await visitor.call((c) => c.auth.requestPasswordReset({ email: user.email }));
    const [first] = (await resetMails(user.email)).map((m) => tokenOf(m.bodyText));
    // A second outstanding link, e.g. issued before this rule existed.
    const other = await db().authToken.findFirstOrThrow({ where: { userId: user.id, kind: "password_reset" } });
    await db().authToken.create({ data: { tokenHash: "f".repeat(64), kind: "password_reset", userId: user.id, expiresAt: other.expiresAt } });
    expect(await visitor.call((c) => c.auth.resetPassword({ token: first!, password: "a brand new pass phrase" }))).toEqual({ ok: true });
    expect(await db().authToken.count({ where: { userId: user.id, kind: "password_reset", usedAt: null } })).toBe(0);
  });

  it("limits requests per account with the same answer", async () => {
    const user = await clinicUser();
    const answers = [];
    for (let i = 0; i < RESET_REQUESTS_PER_ACCOUNT + 2; i++) {
      // Different addresses: only the account's own limit applies.
      answers.push(await new TestBrowser(db(), config, "portal", `198.51.100.${100 + i}`).call((c) => c.auth.requestPasswordReset({ email: user.email })));
    }
    expect(answers.every((a) => a.ok === true && Object.keys(a).length === 1)).toBe(true);
    expect(await resetMails(user.email)).toHaveLength(RESET_REQUESTS_PER_ACCOUNT);
  });

  it("limits requests per client address across accounts, known or not, with the same answer", async () => {
    const users = [await clinicUser(), await clinicUser(), await clinicUser()];
    const attacker = new TestBrowser(db(), config, "portal", "203.0.113.200");
    for (let i = 0; i < RESET_REQUESTS_PER_IP - 1; i++) {
      expect(await attacker.call((c) => c.auth.requestPasswordReset({ email: `ghost${i}@example.org` }))).toEqual({ ok: true });
    }
    expect(await attacker.call((c) => c.auth.requestPasswordReset({ email: users[0]!.email }))).toEqual({ ok: true });
    expect(await attacker.call((c) => c.auth.requestPasswordReset({ email: users[1]!.email }))).toEqual({ ok: true });
    expect(await resetMails(users[0]!.email)).toHaveLength(1);
    expect(await resetMails(users[1]!.email)).toHaveLength(0);
    // Another address is not affected.
    await new TestBrowser(db(), config, "portal", "203.0.113.201").call((c) => c.auth.requestPasswordReset({ email: users[2]!.email }));
    expect(await resetMails(users[2]!.email)).toHaveLength(1);
    const audited = await db().platformAuditEvent.findFirstOrThrow({ where: { action: "auth.requestPasswordReset", ip: "203.0.113.200" }, orderBy: { seq: "desc" } });
    expect(audited.details).toMatchObject({ isRateLimited: true });
  });
});
