// Issue 17, item 13 (neutral messages): "locked" must not tell a stranger that an account exists.
// The password lockout is kept per e-mail address, so an unknown address locks exactly like a
// known one, and a lock set for second-factor failures is only mentioned to someone who gave the
// right password.
import { getTestDatabase } from "@carefold/db/testing";
import { describe, expect, it } from "vitest";
import { TEST_PASSWORD, TestBrowser, createUser, testConfig } from "../../testing/api-test-kit.js";

const config = testConfig();
const db = () => getTestDatabase().db;

async function attempts(email: string, ip: string, count: number) {
  const browser = new TestBrowser(db(), config, "workspace", ip);
  const results = [];
  for (let i = 0; i < count; i++) results.push(await browser.call((c) => c.auth.signIn({ email, password: `wrong-guess-${i}` })));
  return results;
}

describe("neutral sign-in answers", () => {
  it("an unknown e-mail address answers exactly like a known account, through the lockout", async () => {
    const user = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"] });
    const known = await attempts(user.email, "198.51.100.31", config.lockoutThreshold + 2);
    const unknown = await attempts("nobody-here@example.org", "198.51.100.32", config.lockoutThreshold + 2);
    expect(unknown).toEqual(known);
    expect(known.at(-1)).toMatchObject({ status: "locked", message: expect.not.stringContaining("account is locked") });
  });

  it("a lock for second-factor failures is not revealed to a wrong password", async () => {
    const user = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
    await db().appUser.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() + 15 * 60_000), mfaFailedCount: 10 } });
    const browser = new TestBrowser(db(), config, "workspace", "198.51.100.33");
    expect(await browser.call((c) => c.auth.signIn({ email: user.email, password: "not the password" }))).toMatchObject({ status: "invalid_credentials" });
    expect(await browser.call((c) => c.auth.signIn({ email: user.email, password: TEST_PASSWORD }))).toMatchObject({ status: "locked" });
  });

  it("a password reset lifts the lockout of the address", async () => {
    const user = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"] });
    await attempts(user.email, "198.51.100.34", config.lockoutThreshold);
    const browser = new TestBrowser(db(), config, "workspace", "198.51.100.35");
    expect(await browser.call((c) => c.auth.signIn({ email: user.email, password: TEST_PASSWORD }))).toMatchObject({ status: "locked" });
    await browser.call((c) => c.auth.requestPasswordReset({ email: user.email }));
    const mail = await db().mailOutbox.findFirstOrThrow({ where: { kind: "password_reset", toAddress: user.email } });
    const token = /reset-password\/([\w-]+)/.exec(mail.bodyText)![1]!;
    await browser.call((c) => c.auth.resetPassword({ token, password: "a fresh long pass phrase" }));
    expect(await browser.call((c) => c.auth.signIn({ email: user.email, password: "a fresh long pass phrase" }))).toMatchObject({ status: "signed_in" });
  });
});
