import { signIn, totpCode } from "../support/auth.js";
import { latestMailLink } from "../support/db.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { CLINICS, USERS, uniqueClinicName, uniqueEmail } from "../support/users.js";

test("a vendor admin onboards a clinic and its first admin's invitation is in the mailbox", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.vendorAdmin);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Clinics" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Clinics" })).toBeVisible();
  const table = page.getByRole("table", { name: "Partner clinics" });
  await expect(table).toContainText(CLINICS.maple);
  await expect(table).toContainText(CLINICS.desert);

  const name = uniqueClinicName();
  const slug = name.toLowerCase().replace(/ /g, "-");
  const adminEmail = uniqueEmail("Harper Quinn", `${slug.split("-")[0]}.demo`);
  await page.getByRole("button", { name: "Onboard clinic" }).click();
  const dialog = page.getByRole("dialog", { name: "Onboard a clinic" });
  await dialog.getByLabel("Clinic name").fill(name);
  await expect(dialog.getByLabel("Short name")).toHaveValue(slug);
  await dialog.getByLabel("Time zone").selectOption("America/Denver");
  await dialog.getByLabel("Setting").selectOption({ label: "Rural health clinic" });
  await dialog.getByLabel("Name", { exact: true }).fill("Harper Quinn");
  await dialog.getByLabel("Email", { exact: true }).fill("not-an-email");
  await snap(page, testInfo, "workspace", "admin-clinics-onboard");
  await dialog.getByRole("button", { name: "Create clinic and send invitation" }).click();
  await expect(
    dialog.getByText("Enter a valid e-mail address, like name@clinic.org."),
  ).toBeVisible();
  await expect(dialog.getByLabel("Email", { exact: true })).toHaveAttribute("aria-invalid", "true");

  await dialog.getByLabel("Email", { exact: true }).fill(adminEmail);
  await dialog.getByRole("button", { name: "Create clinic and send invitation" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status")).toContainText(`We emailed an invitation to ${adminEmail}`);
  const row = table.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Onboarding");
  await expect(row).toContainText("Rural health clinic");
  await expect(row).toContainText("Mountain");
  await snap(page, testInfo, "workspace", "admin-clinics");

  await page.getByRole("link", { name: "Open the mailbox" }).click();
  await expect(page).toHaveURL("/admin/mailbox");
  await expect(page.getByRole("heading", { level: 1, name: "Mailbox" })).toBeVisible();
  const messages = page.getByRole("navigation", { name: "Messages" });
  await expect(messages.getByRole("link").first()).toContainText(adminEmail);
  await expect(messages.getByRole("link").first()).toContainText("You are invited to Carefold");
  const article = page.getByRole("article");
  await expect(article.getByRole("heading", { name: "You are invited to Carefold" })).toBeVisible();
  await expect(article).toContainText(`clinic administrator at ${name}`);
  const link = await latestMailLink(adminEmail);
  await expect(article.getByRole("link", { name: link })).toBeVisible();
  await snap(page, testInfo, "workspace", "admin-mailbox");

  // The link opens the invitation in the clinic portal.
  expect(new URL(link).port).not.toBe(new URL(page.url()).port);
  expect(consoleErrors).toEqual([]);
});

test("a new staff member is invited, assigned a clinic, and sets up two-step sign-in with recovery codes", async ({
  page,
  browser,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.vendorAdmin);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Staff" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Staff" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: USERS.coordinator.email })).toContainText(
    CLINICS.maple,
  );

  const email = uniqueEmail("Taylor Brooks", "carefold.demo");
  await page.getByRole("button", { name: "Invite staff" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite staff" });
  await dialog.getByLabel("Name").fill("Taylor Brooks, RN");
  await dialog.getByLabel("Work email").fill(email);
  await expect(dialog.getByLabel("Care coordinator")).toBeChecked();
  await snap(page, testInfo, "workspace", "admin-staff-invite");
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status")).toContainText(`Invitation sent to ${email}`);
  const row = page.getByRole("row").filter({ hasText: email });
  await expect(row).toContainText("Invitation sent");
  await expect(row).toContainText("None assigned");

  // Assign a clinic, then take one away again.
  await row.getByRole("button", { name: "Clinics of Taylor Brooks, RN" }).click();
  const clinics = page.getByRole("dialog", { name: "Clinics for Taylor Brooks, RN" });
  await clinics.getByRole("button", { name: `Assign ${CLINICS.maple}` }).click();
  await expect(clinics.getByRole("button", { name: `Remove ${CLINICS.maple}` })).toBeVisible();
  await clinics.getByRole("button", { name: `Assign ${CLINICS.desert}` }).click();
  await expect(clinics.getByRole("button", { name: `Remove ${CLINICS.desert}` })).toBeVisible();
  await snap(page, testInfo, "workspace", "admin-staff-clinics");
  await clinics.getByRole("button", { name: `Remove ${CLINICS.desert}` }).click();
  await expect(clinics.getByRole("button", { name: `Assign ${CLINICS.desert}` })).toBeVisible();
  await clinics.getByRole("button", { name: "Done" }).click();
  await expect(row).toContainText(CLINICS.maple);
  await expect(row).not.toContainText(CLINICS.desert);
  await snap(page, testInfo, "workspace", "admin-staff");

  // The invitee, in their own browser.
  const { baseURL, viewport } = testInfo.project.use;
  const invitee = await browser.newContext({ baseURL, viewport });
  const newcomer = await invitee.newPage();
  const link = await latestMailLink(email);
  await open(newcomer, new URL(link).pathname);
  await expect(newcomer.getByTestId("invitation-summary")).toContainText("Care coordinator");
  const password = "morning tide compass 77";
  await newcomer.getByLabel("Password", { exact: true }).fill(password);
  await newcomer.getByLabel("Type it again").fill(password);
  await newcomer.getByRole("button", { name: "Create account and sign in" }).click();

  // Vendor staff always use two-step sign-in: set-up comes straight after the password.
  await expect(newcomer).toHaveURL("/sign-in/setup-mfa");
  await expect(
    newcomer.getByRole("heading", { level: 1, name: "Set up two-step sign-in" }),
  ).toBeVisible();
  await expect(newcomer.getByRole("img", { name: /QR code/ }).locator("svg")).toBeVisible();
  const secret = (await newcomer.getByTestId("totp-secret").innerText()).replace(/\s+/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await snap(newcomer, testInfo, "workspace", "setup-mfa");

  await newcomer.getByLabel("Code from the app").fill("123456");
  await newcomer.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await expect(newcomer.getByRole("alert")).toContainText("That code did not match");
  // The QR code on screen is still the one the phone scanned.
  expect((await newcomer.getByTestId("totp-secret").innerText()).replace(/\s+/g, "")).toBe(secret);

  await newcomer.getByLabel("Code from the app").fill(await totpCode(secret));
  await newcomer.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await expect(
    newcomer.getByRole("heading", { level: 1, name: "Save your recovery codes" }),
  ).toBeVisible();
  const codes = newcomer.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  await expect(codes.first()).toHaveText(/^1\.\s*[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
  const [download] = await Promise.all([
    newcomer.waitForEvent("download"),
    newcomer.getByRole("button", { name: "Download .txt" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("carefold-recovery-codes.txt");
  const continueButton = newcomer.getByRole("button", { name: "Continue" });
  await expect(continueButton).toBeDisabled();
  await snap(newcomer, testInfo, "workspace", "recovery-codes");
  await newcomer.getByLabel("I saved these codes somewhere safe").check();
  await continueButton.click();

  await expect(newcomer).toHaveURL("/");
  await expect(newcomer.getByRole("heading", { level: 1, name: "Worklist" })).toBeVisible();
  await expect(
    newcomer.getByRole("combobox", { name: "Clinics shown" }).locator("option:checked"),
  ).toHaveText("All assigned clinics (1)");
  await invitee.close();

  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: email })).toContainText("Active");
  expect(consoleErrors).toEqual([]);
});

test("a vendor admin reads every audit log and verifies that each chain is intact", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.vendorAdmin);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Audit log" })
    .click();
  await expect(page).toHaveURL("/admin/audit");
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toBeVisible();
  await expect(page.getByRole("table", { name: "Audit log" })).toContainText("Signed in");

  await page.getByRole("button", { name: "Verify integrity" }).click();
  await expect(page.getByText("All logs are intact")).toBeVisible();
  const results = page.getByTestId("chain-result");
  await expect(results.filter({ hasText: "Platform log" })).toContainText("Intact");
  await expect(results.filter({ hasText: CLINICS.maple })).toContainText("Intact");
  await expect(results.filter({ hasText: CLINICS.desert })).toContainText("Intact");
  await snap(page, testInfo, "workspace", "admin-audit");

  await page.getByRole("combobox", { name: "Log" }).selectOption({ label: "All clinics" });
  await expect(page).toHaveURL(/chain=clinics/);
  await expect(page.getByRole("columnheader", { name: "Log" })).toBeVisible();
  await page.getByRole("combobox", { name: "Log" }).selectOption({ label: CLINICS.maple });
  await expect(page).toHaveURL(/chain=[0-9a-f-]{36}/);
  expect(consoleErrors).toEqual([]);
});
