import type { Page } from "@playwright/test";
import { expect } from "./page-checks.js";
import { uniqueEmail } from "./users.js";

/** Invites someone through the Users page and returns their address. */
export async function inviteClinicUser(
  page: Page,
  name: string,
  role: string,
  domain = "maplegrove.demo",
) {
  const email = uniqueEmail(name, domain);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await page.getByRole("button", { name: "Invite user" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite a user" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Work email").fill(email);
  await dialog.getByLabel("Role").selectOption({ label: role });
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status")).toContainText(`Invitation sent to ${email}`);
  return email;
}
