import { Secret, TOTP } from "otpauth";
import { test, type BrowserContext, type Page } from "@playwright/test";
import { withDb } from "./db.js";
import { expect, open } from "./page-checks.js";
import { DEMO_PASSWORD, type TestUser } from "./users.js";

const PERIOD_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits for the authenticator's clock. The wait is not the app's time, so the running test's
 * budget grows by it: a test that signs the same account in twice may wait up to a whole window.
 */
async function waitForClock(ms: number) {
  const info = test.info();
  if (info.timeout > 0) info.setTimeout(info.timeout + ms);
  await sleep(ms);
}

/**
 * A 6-digit code for a base32 secret, as an authenticator app shows it. The server refuses a time
 * step it already accepted for the account (replay guard), so when `email` names an account that
 * signed in within this window, the next step's code is used (accepted for clock drift) or the
 * clock is waited for. Close to a window's end, waits for the next window so the code arrives valid.
 */
export async function totpCode(secret: string, email?: string): Promise<string> {
  const lastUsed = email ? await lastAcceptedTotpStep(email) : null;
  for (;;) {
    const msLeft = PERIOD_MS - (Date.now() % PERIOD_MS);
    if (msLeft < 3_000) {
      await waitForClock(msLeft + 250);
      continue;
    }
    const current = Math.floor(Date.now() / PERIOD_MS);
    const step = lastUsed !== null && lastUsed >= current ? lastUsed + 1 : current;
    if (step <= current + 1) return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: step * PERIOD_MS });
    await waitForClock(msLeft + 250);
  }
}

async function lastAcceptedTotpStep(email: string): Promise<number | null> {
  return withDb(async (client) => {
    const { rows } = await client.query<{ step: string | null }>("SELECT totp_last_step AS step FROM app_user WHERE email = $1", [email]);
    return rows[0]?.step == null ? null : Number(rows[0].step);
  });
}

type Cookies = Awaited<ReturnType<BrowserContext["cookies"]>>;
/** Signed-in sessions of two-step accounts, per app (Playwright project) and account (see signIn). */
const twoStepSessions = new Map<string, Cookies>();

/**
 * Fills the sign-in form (and the two-step code when the account has one) and waits to land.
 * A two-step account's code can be used once (the server refuses a replayed time step), so an
 * account signs in at most about once per 30 s; to keep the suite fast, a two-step account that
 * already signed in during this run reuses that session when it is still valid (a test that signed
 * out, revoked or aged it gets a full sign-in). Flows that test sign-in itself call signInFully.
 */
export async function signIn(page: Page, user: TestUser, path = "/sign-in") {
  const key = `${test.info().project.name}|${user.email}`;
  const cached = user.totpSecret && path === "/sign-in" ? twoStepSessions.get(key) : undefined;
  if (cached) {
    await page.context().addCookies(cached);
    await open(page, "/");
    if (!new URL(page.url()).pathname.startsWith("/sign-in")) {
      await expect(page.getByRole("button", { name: /Account menu/ })).toBeVisible();
      return;
    }
    twoStepSessions.delete(key);
    await page.context().clearCookies();
  }
  await signInFully(page, user, path);
  if (user.totpSecret) twoStepSessions.set(key, await page.context().cookies());
}

/** The whole sign-in form, always (password, then the two-step code when the account has one). */
export async function signInFully(page: Page, user: TestUser, path = "/sign-in") {
  await open(page, path);
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password ?? DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (user.totpSecret) {
    await expect(page).toHaveURL(/\/sign-in\/verify/);
    await page.getByLabel("Authentication code").fill(await totpCode(user.totpSecret, user.email));
    await page.getByRole("button", { name: "Verify and continue" }).click();
  }
  await expect(page).not.toHaveURL(/\/sign-in/);
  await expect(page.getByRole("button", { name: /Account menu/ })).toBeVisible();
}

/** Signs out through the user menu in the top bar. */
export async function signOut(page: Page) {
  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in\?reason=signed_out/);
  await expect(page.getByText("You're signed out")).toBeVisible();
}
