// Issue 17 item 2, as an attacker would try it: a clinic admin "invites" the e-mail address of a
// person who works at another clinic. The invitation must not capture the account: no access, no
// details of the person, until the person signs in and accepts.
import { signIn, signOut, totpCode } from "../support/auth.js";
import { expect, snap, test } from "../support/page-checks.js";
import { createMapleGroveMember, sendInvitation, signInWithPassword } from "../support/portal.js";
import { CLINICS, USERS } from "../support/users.js";

test("a clinic admin who invites another clinic's user gets a pending invitation and sees nothing of them until they accept", async ({
  page,
  consoleErrors,
}, testInfo) => {
  test.slow(); // four sign-ins, an acceptance and a two-step set-up
  // The person works at Maple Grove (a new account, accepted through its invitation link).
  const password = "quiet harbour lantern 42";
  const email = await createMapleGroveMember(page, "Quinn Harper", password);

  // Desert Sky's admin invites that address under another name. The answer is the same as for an
  // address nobody uses: nothing says an account exists.
  await signIn(page, USERS.desertAdmin);
  await sendInvitation(page, { name: "Somebody Else", email });
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
  await signInWithPassword(page, email, password);
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
