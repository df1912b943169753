import { checkHealthz, checkSignIn, expect, open, snap, test } from "../support/page-checks.js";

const CLINIC = "Maple Grove Family Medicine";

/** Every sidebar entry, the page heading it opens and the empty state that names the next step. */
const PAGES = [
  { nav: "Overview", path: "/", empty: "No patients yet — import your panel" },
  { nav: "Patients", path: "/patients", empty: "No patients yet — import your panel" },
  {
    nav: "Enrollment",
    path: "/enrollment",
    empty: "Nobody to enroll yet — import your panel first",
  },
  {
    nav: "Care plans",
    path: "/care-plans",
    empty: "No care plans to sign — they arrive as patients are enrolled",
  },
  {
    nav: "Billing",
    path: "/billing",
    empty: "No billing month to review yet — enroll patients first",
  },
  {
    nav: "Reports",
    path: "/reports",
    empty: "No reports yet — they start with your first month of care",
  },
  {
    nav: "Invoices",
    path: "/invoices",
    empty: "No invoices yet — the first follows your first approved month",
  },
  {
    nav: "Audit log",
    path: "/audit-log",
    empty: "Nothing recorded yet — entries appear as your team works",
  },
  {
    nav: "Users",
    path: "/users",
    empty: "No users yet — invite your clinic admins and billing practitioners",
  },
] as const;

test("overview shows the clinic, the navigation, the key numbers and what to do first", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await open(page, "/");
  await expect(page).toHaveTitle("Overview · Carefold Portal");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("current-clinic")).toContainText(CLINIC);

  const nav = page.getByRole("navigation", { name: "Main" });
  for (const { nav: label } of PAGES)
    await expect(nav.getByRole("link", { name: label, exact: true })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");

  for (const label of [
    "Enrolled",
    "Billable this month",
    "Minutes this month",
    "Expected revenue",
  ]) {
    await expect(page.getByText(label, { exact: true }).first()).toBeVisible();
  }
  await expect(page.getByText("No data yet").first()).toBeAttached();
  await expect(
    page.getByRole("heading", { name: "No patients yet — import your panel" }),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to Patients" })).toBeVisible();

  const status = page.getByTestId("system-status");
  await expect(status).toContainText("Database");
  await expect(status).toContainText("Connected");

  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeAttached();
  await snap(page, testInfo, "portal", "overview");
  expect(consoleErrors).toEqual([]);
});

test("every sidebar entry opens its page with an empty state that names the next action", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await open(page, "/");
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const { nav: label, path, empty } of PAGES.slice(1)) {
    await nav.getByRole("link", { name: label, exact: true }).click();
    await expect(page).toHaveURL(path);
    await expect(page.getByRole("heading", { level: 1, name: label })).toBeVisible();
    await expect(nav.getByRole("link", { name: label, exact: true })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await expect(page.getByRole("heading", { name: empty })).toBeVisible();
    await expect(page.getByTestId("current-clinic")).toContainText(CLINIC);
    await snap(page, testInfo, "portal", path.slice(1));
  }
  expect(consoleErrors).toEqual([]);
});

test("sign-in page has labelled fields and explains that sign-in is not switched on yet", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await open(page, "/sign-in");
  await expect(page).toHaveTitle("Sign in · Carefold Portal");
  await snap(page, testInfo, "portal", "sign-in");
  await checkSignIn(page, "Carefold Portal");
  await snap(page, testInfo, "portal", "sign-in-submitted");
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

test("/healthz answers JSON with the database reachable", async ({ page }) => {
  await checkHealthz(page);
});
