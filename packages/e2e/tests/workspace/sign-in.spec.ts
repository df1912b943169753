import { totpCode } from "../support/auth.js";
import { ageSessions } from "../support/db.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { DEMO_PASSWORD, USERS } from "../support/users.js";

test("a coordinator signs in with password and authenticator code and reaches the worklist", async ({
  page,
  context,
  consoleErrors,
}, testInfo) => {
  await open(page, "/");
  await expect(page).toHaveURL("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(USERS.coordinator.email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL("/sign-in/verify");
  await expect(page.getByRole("heading", { level: 1, name: "Enter your code" })).toBeVisible();
  // Half signed in: the app itself is still closed.
  const early = await page.request.get("/tasks", { maxRedirects: 0 });
  expect(early.status()).toBe(302);
  expect(early.headers()["location"]).toBe("/sign-in/verify?redirectTo=%2Ftasks");
  await snap(page, testInfo, "workspace", "verify");

  await page.getByLabel("Authentication code").fill("000000");
  await page.getByRole("button", { name: "Verify and continue" }).click();
  await expect(page.getByRole("alert")).toContainText("That code did not match");
  await expect(page.getByLabel("Authentication code")).toBeFocused();
  await snap(page, testInfo, "workspace", "verify-error");

  const before = (await context.cookies()).find((c) => c.name === "cf_workspace_session")?.value;
  await page.getByLabel("Authentication code").fill(await totpCode(USERS.coordinator.totpSecret, USERS.coordinator.email));
  await page.getByRole("button", { name: "Verify and continue" }).click();
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("heading", { level: 1, name: "Worklist" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Account menu/ })).toContainText(
    USERS.coordinator.name,
  );

  // The session token is replaced once the second factor is verified.
  const after = (await context.cookies()).find((c) => c.name === "cf_workspace_session");
  expect(after?.value).toBeTruthy();
  expect(after?.value).not.toBe(before);
  expect(after?.httpOnly).toBe(true);
  expect(after?.sameSite).toBe("Lax");
  expect(consoleErrors).toEqual([]);
});

test("an idle session is signed out by the server and the sign-in page says why", async ({
  page,
  consoleErrors,
}) => {
  await open(page, "/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(USERS.coordinator.email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByLabel("Authentication code").fill(await totpCode(USERS.coordinator.totpSecret, USERS.coordinator.email));
  await page.getByRole("button", { name: "Verify and continue" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Worklist" })).toBeVisible();

  // Sixteen minutes without a request, as far as the server can tell.
  expect(await ageSessions(USERS.coordinator.email, 16)).toBeGreaterThan(0);
  await page.reload();
  await expect(page).toHaveURL("/sign-in?reason=idle_timeout");
  await expect(
    page.getByText("You were signed out after 15 minutes without activity"),
  ).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();

  // The session is gone for good: going back does not reopen the app.
  await open(page, "/tasks");
  await expect(page).toHaveURL(/\/sign-in/);
  expect(consoleErrors).toEqual([]);
});

test("a clinic account is pointed to the clinic portal", async ({ page, consoleErrors }) => {
  await open(page, "/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(USERS.mapleAdmin.email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  const notice = page.getByRole("status");
  await expect(notice).toContainText("This account signs in to the clinic portal, not here.");
  await expect(notice.getByRole("link", { name: "Go to the clinic portal" })).toHaveAttribute(
    "href",
    /\/sign-in$/,
  );
  expect(consoleErrors).toEqual([]);
});

test("a minute before the idle timeout a dialog offers to stay; unanswered, the session ends", async ({
  page,
  consoleErrors,
}, testInfo) => {
  // The browser's clock is simulated; the server's idle timeout is the real authority (see above).
  await page.clock.install();
  await open(page, "/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(USERS.coordinator.email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByLabel("Authentication code").fill(await totpCode(USERS.coordinator.totpSecret, USERS.coordinator.email));
  await page.getByRole("button", { name: "Verify and continue" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Worklist" })).toBeVisible();

  const dialog = page.getByRole("dialog", { name: "Are you still there?" });
  await page.clock.fastForward("12:30");
  await expect(dialog).toBeHidden();
  await page.clock.fastForward("00:45");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("You'll be signed out in");
  await expect(dialog).toContainText("signed out after 15 minutes without activity");
  await snap(page, testInfo, "workspace", "idle-warning");

  // Staying asks the server, which counts it as activity.
  await dialog.getByRole("button", { name: "Stay signed in" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("heading", { level: 1, name: "Worklist" })).toBeVisible();

  await page.clock.fastForward("13:10");
  await expect(dialog).toBeVisible();
  await page.clock.fastForward("01:05");
  await expect(page).toHaveURL("/sign-in?reason=idle_timeout&minutes=15");
  await expect(
    page.getByText("You were signed out after 15 minutes without activity"),
  ).toBeVisible();
  await open(page, "/");
  await expect(page).toHaveURL("/sign-in");
  expect(consoleErrors).toEqual([]);
});
