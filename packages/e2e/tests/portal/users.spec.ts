import { signIn, signOut, totpCode } from "../support/auth.js";
import { latestMailLink } from "../support/db.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { createMapleGroveMember, inviteClinicUser, sendInvitation, signInWithPassword } from "../support/portal.js";
import { CLINICS, USERS } from "../support/users.js";

test("a clinic admin invites a user, who accepts, lands signed in, signs out and signs in again", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.mapleAdmin);
  const email = await inviteClinicUser(page, "Jordan Rivera", "Clinic staff");
  const row = page.getByRole("row").filter({ hasText: email });
  await expect(row).toContainText("Jordan Rivera");
  await expect(row).toContainText("Clinic staff");
  await expect(row).toContainText("Invitation sent");
  // Until the person accepts, the clinic sees only what it typed (no sign-in or two-step status).
  await expect(row).not.toContainText("Never");
  await snap(page, testInfo, "portal", "users");

  const link = await latestMailLink(email);
  expect(link).toMatch(/\/invitations\/[\w-]{20,}$/);
  await signOut(page);

  await open(page, new URL(link).pathname);
  await expect(
    page.getByRole("heading", { level: 1, name: "Accept your invitation" }),
  ).toBeVisible();
  const summary = page.getByTestId("invitation-summary");
  await expect(summary).toContainText(CLINICS.maple);
  await expect(summary).toContainText("Clinic staff");
  await expect(summary).toContainText(email);
  await expect(page.getByLabel("Your name")).toHaveValue("Jordan Rivera");
  await expect(page.getByText("At least 12 characters.")).toBeVisible();
  await snap(page, testInfo, "portal", "invitation");

  await page.getByLabel("Password", { exact: true }).fill("short one");
  await page.getByLabel("Type it again").fill("short one");
  await page.getByRole("button", { name: "Create account and sign in" }).click();
  await expect(page.getByText("Use at least 12 characters — this one has 9.")).toBeVisible();

  const password = "quiet harbour lantern 42";
  await page.getByLabel("Your name").fill("Jordan Rivera, MA");
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Type it again").fill(password);
  await page.getByRole("button", { name: "Create account and sign in" }).click();
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("current-clinic")).toContainText(CLINICS.maple);
  await expect(page.getByRole("button", { name: /Account menu/ })).toContainText(
    "Jordan Rivera, MA",
  );
  // Clinic staff don't manage users.
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }),
  ).toHaveCount(0);

  await signOut(page);
  await signIn(page, { email, name: "Jordan Rivera, MA", password });
  await expect(page.getByRole("button", { name: /Account menu/ })).toContainText("Clinic staff");

  // The invitation worked once.
  await signOut(page);
  await open(page, new URL(link).pathname);
  await expect(
    page.getByRole("heading", { level: 1, name: "This invitation can't be used" }),
  ).toBeVisible();
  await expect(page.getByText("This invitation was already used. Sign in instead.")).toBeVisible();
  // That page is answered with 410 Gone, which the browser reports on the console.
  expect(consoleErrors).toEqual([expect.stringContaining("status of 410 (Gone)")]);
  consoleErrors.length = 0;
});

test("a clinic admin deactivates and reactivates a user, after confirming", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.mapleAdmin);
  const email = await inviteClinicUser(page, "Riley Chen", "Billing practitioner");
  const row = page.getByRole("row").filter({ hasText: email });

  await row.getByRole("button", { name: "Deactivate Riley Chen" }).click();
  const confirm = page.getByRole("dialog", { name: "Deactivate Riley Chen?" });
  await expect(confirm).toContainText("signed out at once");
  await snap(page, testInfo, "portal", "users-deactivate");
  await confirm.getByRole("button", { name: "Deactivate" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("status")).toContainText("Riley Chen was deactivated");
  await expect(row).toContainText("Deactivated");

  await row.getByRole("button", { name: "Reactivate Riley Chen" }).click();
  await expect(page.getByRole("status")).toContainText("Riley Chen can sign in again");
  await expect(row).toContainText("Invitation sent");

  // Nobody deactivates themselves: there is no button on one's own row.
  const me = page.getByRole("row").filter({ hasText: USERS.mapleAdmin.email });
  await expect(me).toContainText("(you)");
  await expect(me.getByRole("button")).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test("someone who works at two clinics switches between them", async ({
  page,
  consoleErrors,
}, testInfo) => {
  // Maple Grove invites a person; they accept and sign out.
  const password = "silver birch meadow 19";
  const email = await createMapleGroveMember(page, "Sasha Nguyen", password);

  // Desert Sky invites the same person: the existing account joins only once they accept.
  await signIn(page, USERS.desertAdmin);
  await sendInvitation(page, { name: "Sasha Nguyen", email });
  await signOut(page);

  await signInWithPassword(page, email, password);
  const prompt = page.getByTestId("pending-invitations");
  await expect(prompt).toContainText(`${CLINICS.desert} invited you`);
  await prompt.getByRole("button", { name: "Accept invitation" }).click();
  await page.waitForURL((url) => url.pathname !== "/sign-in" && url.pathname !== "/account/invitations");
  await expect(prompt).toBeHidden();
  if (new URL(page.url()).pathname === "/sign-in/setup-mfa") {
    // Desert Sky requires two-step sign-in: a member without an authenticator sets one up first.
    const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s+/g, "");
    await page.getByLabel("Code from the app").fill(await totpCode(secret));
    await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
    await page.getByLabel("I saved these codes somewhere safe").check();
    await page.getByRole("button", { name: "Continue" }).click();
  }

  const switcher = page.getByRole("combobox", { name: "Clinic", exact: true });
  await expect(switcher.locator("option:checked")).toHaveText(CLINICS.desert);
  await expect(switcher.locator("option")).toHaveText([CLINICS.desert, CLINICS.maple]);
  await snap(page, testInfo, "portal", "clinic-switcher");
  await Promise.all([
    page.waitForResponse((r) => r.url().includes("/account/switch-clinic") && r.ok()),
    switcher.selectOption({ label: CLINICS.maple }),
  ]);
  await expect(switcher.locator("option:checked")).toHaveText(CLINICS.maple);
  await page.reload();
  await expect(
    page.getByRole("combobox", { name: "Clinic", exact: true }).locator("option:checked"),
  ).toHaveText(CLINICS.maple);
  expect(consoleErrors).toEqual([]);
});

test("a clinic that requires two-step sign-in has a new member set it up before anything else", async ({
  page,
}, testInfo) => {
  await signIn(page, USERS.desertAdmin);
  const email = await inviteClinicUser(page, "Robin Ortiz", "Clinic staff", "desertsky.demo");
  const link = await latestMailLink(email);
  await signOut(page);
  await open(page, new URL(link).pathname);
  const password = "amber canyon drift 31";
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Type it again").fill(password);
  await page.getByRole("button", { name: "Create account and sign in" }).click();
  await expect(page).toHaveURL("/sign-in/setup-mfa", { timeout: 3_000 });
  await snap(page, testInfo, "portal", "setup-mfa");
});
