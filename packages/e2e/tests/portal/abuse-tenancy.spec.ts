// Issue 17 item 2, as an attacker would try it: a clinic admin "invites" the e-mail address of a
// person who works at another clinic. The invitation must not capture the account: no access, no
// details of the person, until the person signs in and accepts.
import { signIn, signOut, totpCode } from "../support/auth.js";
import { latestMailLink } from "../support/db.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { inviteClinicUser } from "../support/portal.js";
import { CLINICS, USERS } from "../support/users.js";

test("a clinic admin who invites another clinic's user gets a pending invitation and sees nothing of them until they accept", async ({
  page,
  consoleErrors,
}, testInfo) => {
  test.slow(); // four sign-ins, an acceptance and a two-step set-up
  // The person works at Maple Grove (a new account, accepted through its invitation link).
  await signIn(page, USERS.mapleAdmin);
  const email = await inviteClinicUser(page, "Quinn Harper", "Clinic staff");
  const link = await latestMailLink(email);
  await signOut(page);
  const password = "quiet harbour lantern 42";
  await open(page, new URL(link).pathname);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Type it again").fill(password);
  await page.getByRole("button", { name: "Create account and sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await signOut(page);

  // Desert Sky's admin invites that address under another name.
  await signIn(page, USERS.desertAdmin);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await page.getByRole("button", { name: "Invite user" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite a user" });
  await dialog.getByLabel("Name").fill("Somebody Else");
  await dialog.getByLabel("Work email").fill(email);
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  // The same answer as for an address nobody uses: nothing says an account exists.
  await expect(page.getByRole("status")).toContainText(`Invitation sent to ${email}. They join your clinic once they accept it.`);
  const row = page.getByRole("row").filter({ hasText: email });
  await expect(row).toContainText("Invitation sent");
  await expect(row).not.toContainText("Quinn Harper");
  await expect(row).not.toContainText(/Never|On|Off|ago/);
  await snap(page, testInfo, "portal", "users-pending-invitation");
  // Nothing about the person in Desert Sky's audit log (their Maple Grove sign-ins stay there).
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await expect(page.getByTestId("audit-row").first()).toContainText("Invited a user");
  await expect(page.getByTestId("audit-row").filter({ hasText: email })).toHaveCount(0);
  await signOut(page);

  // The person signs in, sees the invitation and accepts it.
  await open(page, "/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const prompt = page.getByTestId("pending-invitations");
  await expect(prompt).toContainText(`${CLINICS.desert} invited you`);
  await expect(page.getByRole("combobox", { name: "Clinic", exact: true })).toHaveCount(0);
  await snap(page, testInfo, "portal", "invitation-prompt");
  await prompt.getByRole("button", { name: "Accept invitation" }).click();
  // Desert Sky requires two-step sign-in, so the new member sets it up before anything else.
  await expect(page).toHaveURL("/sign-in/setup-mfa");
  const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s+/g, "");
  await page.getByLabel("Code from the app").fill(await totpCode(secret));
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await page.getByLabel("I saved these codes somewhere safe").check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("combobox", { name: "Clinic", exact: true }).locator("option:checked")).toHaveText(CLINICS.desert);
  await signOut(page);

  // Now the membership is active and Desert Sky sees the person as they are.
  await signIn(page, USERS.desertAdmin);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  const member = page.getByRole("row").filter({ hasText: email });
  await expect(member).toContainText("Quinn Harper");
  await expect(member).toContainText("Active");
  expect(consoleErrors).toEqual([]);
});
