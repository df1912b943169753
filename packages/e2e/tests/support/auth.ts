import { Secret, TOTP } from "otpauth";
import type { Page } from "@playwright/test";
import { expect, open } from "./page-checks.js";
import { DEMO_PASSWORD, type TestUser } from "./users.js";

/**
 * The current 6-digit code for a base32 secret, as an authenticator app shows it. With less than
 * 3 s left in the 30 s window, waits for the next window so the code is still valid on arrival.
 */
export async function totpCode(secret: string): Promise<string> {
  const secondsLeft = 30 - (Math.floor(Date.now() / 1000) % 30);
  if (secondsLeft < 3)
    await new Promise((resolve) => setTimeout(resolve, secondsLeft * 1000 + 250));
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate();
}

/** Fills the sign-in form (and the two-step code when the account has one) and waits to land. */
export async function signIn(page: Page, user: TestUser, path = "/sign-in") {
  await open(page, path);
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password ?? DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (user.totpSecret) {
    await expect(page).toHaveURL(/\/sign-in\/verify/);
    await page.getByLabel("Authentication code").fill(await totpCode(user.totpSecret));
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
