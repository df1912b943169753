import { signIn } from "../support/auth.js";
import { checkHealthz, checkSignIn, expect, open, snap, test } from "../support/page-checks.js";
import { CLINICS, USERS } from "../support/users.js";

/** Sidebar entries showing the demo panel (their pages are tested in portal/patients.spec.ts). */
const PATIENT_PAGES = ["Patients", "Enrollment", "Care plans"];

/** Sidebar entries with their own specs: Reports (portal/reports.spec.ts), Invoices (workspace/invoicing.spec.ts). */
const OWN_SPEC_PAGES = ["Reports", "Invoices"];

test("a clinic admin lands on the overview with their clinic, the full navigation and a user menu", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.mapleAdmin);
  await expect(page).toHaveURL("/");
  await expect(page).toHaveTitle("Overview · Carefold Portal");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("current-clinic")).toContainText(CLINICS.maple);

  const nav = page.getByRole("navigation", { name: "Main" });
  for (const label of [
    "Overview",
    ...PATIENT_PAGES,
    ...OWN_SPEC_PAGES,
    "Users",
    "Audit log",
  ]) {
    await expect(nav.getByRole("link", { name: label, exact: true })).toBeVisible();
  }
  await expect(nav.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("system-status")).toContainText("Connected");
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeAttached();

  // The user menu: who is signed in, account security, sign out.
  const menuButton = page.getByRole("button", { name: /Account menu/ });
  await expect(menuButton).toContainText(USERS.mapleAdmin.name);
  await expect(menuButton).toContainText("Clinic admin");
  await menuButton.click();
  await expect(menuButton).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByText(USERS.mapleAdmin.email)).toBeVisible();
  await expect(page.getByRole("link", { name: "Account security" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await snap(page, testInfo, "portal", "user-menu");
  await page.keyboard.press("Escape");
  await expect(menuButton).toHaveAttribute("aria-expanded", "false");
  await expect(menuButton).toBeFocused();

  await snap(page, testInfo, "portal", "overview");
  expect(consoleErrors).toEqual([]);
});

test("a page behind sign-in sends a visitor to sign in, then back to that page", async ({
  page,
  consoleErrors,
}) => {
  await open(page, "/reports");
  await expect(page).toHaveURL("/sign-in?redirectTo=%2Freports");
  await signIn(page, USERS.drPatel, "/sign-in?redirectTo=%2Freports");
  await expect(page).toHaveURL("/reports");
  await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test("sign-in page has labelled fields, validates, and answers a wrong password generically", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await open(page, "/sign-in");
  await expect(page).toHaveTitle("Sign in · Carefold Portal");
  await snap(page, testInfo, "portal", "sign-in");
  await checkSignIn(page, "Carefold Portal");
  await snap(page, testInfo, "portal", "sign-in-error");
  expect(consoleErrors).toEqual([]);
});

test("an unknown address shows a designed not-found page with a way back", async ({
  page,
}, testInfo) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(
    page.getByRole("heading", { level: 1, name: "We can't find that page" }),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to the overview" })).toHaveAttribute("href", "/");
  await snap(page, testInfo, "portal", "not-found");
});

test("documents carry the security headers", async ({ page }) => {
  const response = await page.goto("/sign-in");
  const headers = response?.headers() ?? {};
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
});

test("/healthz answers JSON with the database reachable", async ({ page }) => {
  await checkHealthz(page);
});
