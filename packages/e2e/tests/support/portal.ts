import type { Page } from "@playwright/test";
import { signIn, signOut } from "./auth.js";
import { latestMailLink } from "./db.js";
import { expect, open } from "./page-checks.js";
import { USERS, uniqueEmail } from "./users.js";

/** Invites someone through the Users page and returns their address. */
export async function inviteClinicUser(
  page: Page,
  name: string,
  role: string,
  domain = "maplegrove.demo",
) {
  const email = uniqueEmail(name, domain);
  await sendInvitation(page, { name, email, role });
  return email;
}

/**
 * Sends the invite dialog on the Users page for a given address (a new one, or one that already
 * has an account: the answer is the same either way).
 */
export async function sendInvitation(page: Page, invitee: { name: string; email: string; role?: string }) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await page.getByRole("button", { name: "Invite user" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite a user" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Name").fill(invitee.name);
  await dialog.getByLabel("Work email").fill(invitee.email);
  if (invitee.role) await dialog.getByLabel("Role").selectOption({ label: invitee.role });
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status")).toContainText(`Invitation sent to ${invitee.email}`);
}

/**
 * A person with a Maple Grove account: Maple Grove's admin invites them, they accept the link
 * with `password` and sign out. Returns their address.
 */
export async function createMapleGroveMember(page: Page, name: string, password: string) {
  await signIn(page, USERS.mapleAdmin);
  const email = await inviteClinicUser(page, name, "Clinic staff");
  const link = await latestMailLink(email);
  await signOut(page);
  await open(page, new URL(link).pathname);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Type it again").fill(password);
  await page.getByRole("button", { name: "Create account and sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await signOut(page);
  return email;
}

/** Signs in with e-mail and password only (an account without two-step sign-in). */
export async function signInWithPassword(page: Page, email: string, password: string) {
  await open(page, "/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
