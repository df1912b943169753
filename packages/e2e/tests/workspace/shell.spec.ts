import { checkHealthz, checkSignIn, expect, open, snap, test } from "../support/page-checks.js";

const SCOPE = "All assigned clinics (2)";

/** Every sidebar entry, the page heading it opens and the empty state that names the next step. */
const PAGES = [
  {
    nav: "Worklist",
    path: "/",
    empty: "Your worklist is empty — a supervisor assigns clinics and patients to you",
  },
  {
    nav: "Patients",
    path: "/patients",
    empty: "No patients assigned to you yet — a supervisor assigns clinic panels",
  },
  { nav: "Tasks", path: "/tasks", empty: "No open tasks — add one from a patient's chart" },
  {
    nav: "Calls & messages",
    path: "/calls",
    empty: "No calls or messages yet — call a patient from their chart",
  },
  {
    nav: "Time review",
    path: "/time-review",
    empty: "Nothing to review — submitted time entries wait here",
  },
  {
    nav: "Clinics",
    path: "/admin/clinics",
    empty: "No clinics yet — onboard your first partner clinic",
  },
  {
    nav: "Staff",
    path: "/admin/staff",
    empty: "No staff yet — invite your coordinators and supervisors",
  },
  {
    nav: "Month close",
    path: "/admin/month-close",
    empty: "No months to close yet — a clinic needs enrolled patients first",
  },
  {
    nav: "Invoicing",
    path: "/admin/invoicing",
    empty: "No invoices yet — create one from an approved month close",
  },
] as const;

test("worklist shows the three-column chart layout, all empty, with the clinic scope", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await open(page, "/");
  await expect(page).toHaveTitle("Worklist · Carefold Workspace");
  await expect(page.getByRole("heading", { level: 1, name: "Worklist" })).toBeVisible();
  await expect(page.getByTestId("current-clinic")).toContainText(SCOPE);

  const nav = page.getByRole("navigation", { name: "Main" });
  for (const { nav: label } of PAGES)
    await expect(nav.getByRole("link", { name: label, exact: true })).toBeVisible();
  await expect(nav.getByText("Admin", { exact: true })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Worklist" })).toHaveAttribute("aria-current", "page");

  // Left: worklist. Middle: chart. Right rail: timer, month-to-date progress, call panel, tasks.
  await expect(page.getByRole("heading", { name: PAGES[0].empty })).toBeVisible();
  const chart = page.getByRole("region", { name: "Patient chart" });
  await expect(
    chart.getByRole("heading", { name: "No patient open — choose one from your worklist" }),
  ).toBeVisible();
  const rail = page.getByRole("complementary", { name: "Patient tools" });
  for (const panel of ["Timer", "This month", "Call", "Open tasks"]) {
    await expect(rail.getByRole("heading", { name: panel, exact: true })).toBeVisible();
  }
  await expect(rail.getByRole("timer")).toHaveText("00:00");
  const progress = rail.getByRole("progressbar", { name: "Minutes this month" });
  await expect(progress).toHaveAttribute("aria-valuenow", "0");
  await expect(progress).toHaveAttribute("aria-valuemax", "60");
  await expect(progress).toHaveAttribute("aria-valuetext", "0 of 20 min");
  await expect(rail.getByRole("button", { name: "Start timer" })).toBeDisabled();
  await expect(rail.getByRole("button", { name: "Call patient" })).toBeDisabled();

  await expect(page.getByTestId("system-status")).toContainText("Connected");
  await snap(page, testInfo, "workspace", "worklist");
  expect(consoleErrors).toEqual([]);
});

test("? opens the keyboard shortcuts overlay and Escape closes it", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await open(page, "/");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeHidden();

  // Typing ? into a field is text, not a shortcut.
  const search = page.getByRole("searchbox", { name: "Search the worklist" });
  await search.fill("?");
  await expect(dialog).toBeHidden();
  await search.fill("");
  await search.blur();

  await page.keyboard.press("?");
  await expect(dialog).toBeVisible();
  for (const key of ["j", "k", "Enter", "c", "t", "n"]) {
    await expect(dialog.locator("kbd").getByText(key, { exact: true })).toBeVisible();
  }
  for (const action of [
    "Next patient in the worklist",
    "Call the patient",
    "Start or stop the timer",
    "Add a note",
  ]) {
    await expect(dialog.getByText(action)).toBeVisible();
  }
  await snap(page, testInfo, "workspace", "shortcuts");

  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // The top-bar button opens the same overlay for mouse users.
  await page.getByRole("button", { name: /Shortcuts/ }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
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
    await expect(page.getByTestId("current-clinic")).toContainText(SCOPE);
    await snap(page, testInfo, "workspace", path.slice(1).replace("/", "-"));
  }
  expect(consoleErrors).toEqual([]);
});

test("/admin opens the first admin section", async ({ page, consoleErrors }) => {
  await open(page, "/admin");
  await expect(page).toHaveURL("/admin/clinics");
  await expect(page.getByRole("heading", { level: 1, name: "Clinics" })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test("sign-in page has labelled fields and explains that sign-in is not switched on yet", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await open(page, "/sign-in");
  await expect(page).toHaveTitle("Sign in · Carefold Workspace");
  await snap(page, testInfo, "workspace", "sign-in");
  await checkSignIn(page, "Carefold Workspace");
  await snap(page, testInfo, "workspace", "sign-in-submitted");
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
  await expect(page.getByRole("link", { name: "Go to the worklist" })).toHaveAttribute("href", "/");
  await snap(page, testInfo, "workspace", "not-found");
});

test("/healthz answers JSON with the database reachable", async ({ page }) => {
  await checkHealthz(page);
});
