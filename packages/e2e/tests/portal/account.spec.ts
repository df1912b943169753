import { signIn } from "../support/auth.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { USERS } from "../support/users.js";

test("account security lists sessions; one can be signed out, then all of them", async ({
  page,
  browser,
  consoleErrors,
}, testInfo) => {
  const { baseURL, viewport } = testInfo.project.use;
  // A second browser of the same person.
  const other = await browser.newContext({
    baseURL,
    viewport,
    userAgent:
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  });
  const otherPage = await other.newPage();
  await signIn(otherPage, USERS.mapleAdmin);
  await signIn(page, USERS.mapleAdmin);

  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("link", { name: "Account security" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Account security" })).toBeVisible();
  await expect(page.getByText("Two-step sign-in", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Set up two-step sign-in" })).toBeVisible();
  const sessions = page.getByRole("table", { name: "Active sessions" });
  const current = sessions.getByRole("row").filter({ hasText: "This browser" });
  await expect(current).toHaveCount(1);
  await expect(current).toContainText("Clinic portal");
  await expect(current).toContainText("127.0.0.1");
  const windows = sessions.getByRole("row").filter({ hasText: "Chrome on Windows" });
  await expect(windows.first()).toBeVisible();
  await snap(page, testInfo, "portal", "account-security");

  await windows
    .first()
    .getByRole("button", { name: /Sign out Chrome on Windows/ })
    .click();
  await expect(page.getByRole("status")).toContainText("Chrome on Windows was signed out.");

  // The other browser is signed out on its next request.
  await otherPage.reload();
  await expect(otherPage).toHaveURL(/\/sign-in\?reason=revoked/);
  await expect(otherPage.getByText("You were signed out", { exact: true })).toBeVisible();
  await other.close();

  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  const confirm = page.getByRole("dialog", { name: "Sign out everywhere?" });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL("/sign-in?reason=signed_out_everywhere");
  await expect(page.getByText("You're signed out everywhere")).toBeVisible();

  await open(page, "/account/security");
  await expect(page).toHaveURL(/\/sign-in/);
  expect(consoleErrors).toEqual([]);
});
