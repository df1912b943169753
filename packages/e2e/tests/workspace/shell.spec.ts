import { signIn } from "../support/auth.js";
import { pendingTimeEntries } from "../support/db.js";
import { checkHealthz, checkSignIn, expect, open, snap, test } from "../support/page-checks.js";
import { CLINICS, USERS } from "../support/users.js";

/**
 * Pages a vendor admin who has done no care work sees empty, and the empty state naming the next
 * step. Patients is a real list (tests/workspace/patients.spec.ts), and so are Invoicing
 * (tests/workspace/invoicing.spec.ts) and Calls & messages (tests/workspace/calls.spec.ts).
 */
const PAGES = [
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
] as const;

const ADMIN_NAV = ["Clinics", "Staff", "Month close", "Invoicing", "Audit log", "Mailbox"];

test("a coordinator's worklist shows the chart layout and their assigned clinics", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.coordinator);
  await expect(page).toHaveURL("/");
  await expect(page).toHaveTitle("Worklist · Carefold Workspace");
  await expect(page.getByRole("heading", { level: 1, name: "Worklist" })).toBeVisible();
  const scope = page.getByRole("combobox", { name: "Clinics shown" });
  await expect(scope.locator("option:checked")).toHaveText("All assigned clinics (2)");
  await expect(scope.locator("option")).toHaveText([
    "All assigned clinics (2)",
    CLINICS.desert,
    CLINICS.maple,
  ]);
  // One clinic selector on the page: the top bar's (the worklist once had its own as well).
  await expect(page.getByRole("combobox", { name: /clinic/i })).toHaveCount(1);

  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Worklist" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByText("Admin", { exact: true })).toHaveCount(0);
  // Navigation shows only what the role may open: time review is for supervisors (the API says 403).
  await expect(nav.getByRole("link", { name: "Time review" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Account menu/ })).toContainText(
    "Care coordinator",
  );

  // The demo coordinator works a real queue: rows, a selected patient, and the tools rail.
  const list = page.getByRole("list", { name: "Patients, riskiest first" });
  await expect(list.getByRole("listitem").first()).toBeVisible();
  expect(await list.getByRole("listitem").count()).toBeGreaterThan(5);
  await expect(page.getByRole("link", { name: "Open chart" })).toBeVisible();
  const rail = page.getByRole("complementary", { name: "Patient tools" });
  for (const panel of ["Timer", "This month", "Call", "Open tasks"]) {
    await expect(rail.getByRole("heading", { name: panel, exact: true })).toBeVisible();
  }
  await expect(rail.getByRole("timer")).toHaveText("00:00");
  // This month's minutes for the selected patient: against the next threshold, or on their own
  // when billing is blocked (near month end a blocked patient can top the queue) — with the next
  // code or the reason it is blocked.
  await expect(rail.getByRole("progressbar")).toHaveAttribute(
    "aria-valuetext",
    /^\d+( of \d+)? min$/,
  );
  await expect(rail.getByTestId("next-code")).toHaveText(/min to \d{5}|No billable code yet|Every threshold of this lane is met/);
  await expect(page.getByTestId("system-status")).toContainText("Connected");
  await snap(page, testInfo, "workspace", "worklist");

  // Narrowing the view to one clinic is remembered across pages.
  await Promise.all([
    page.waitForResponse((r) => r.url().includes("/scope") && r.ok()),
    scope.selectOption({ label: CLINICS.maple }),
  ]);
  await expect(scope.locator("option:checked")).toHaveText(CLINICS.maple);
  // The worklist reloads for the narrowed scope (leaving mid-reload would interrupt it).
  await expect(list.getByText(CLINICS.desert)).toHaveCount(0);
  await expect(list.getByText(CLINICS.maple).first()).toBeVisible();
  await nav.getByRole("link", { name: "Tasks" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Tasks" })).toBeVisible();
  await page.reload();
  await expect(
    page.getByRole("combobox", { name: "Clinics shown" }).locator("option:checked"),
  ).toHaveText(CLINICS.maple);
  await Promise.all([
    page.waitForResponse((r) => r.url().includes("/scope") && r.ok()),
    page.getByRole("combobox", { name: "Clinics shown" }).selectOption({ index: 0 }),
  ]);
  expect(consoleErrors).toEqual([]);
});

test("? opens the keyboard shortcuts overlay and Escape closes it", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.coordinator);
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
  await snap(page, testInfo, "workspace", "shortcuts");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  await page.getByRole("button", { name: /Shortcuts/ }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
  expect(consoleErrors).toEqual([]);
});

test("a vendor admin sees the admin area; every placeholder page names the next action", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.vendorAdmin);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByText("Admin", { exact: true })).toBeVisible();
  for (const label of ADMIN_NAV) {
    await expect(nav.getByRole("link", { name: label, exact: true })).toBeVisible();
  }
  await expect(
    page.getByRole("combobox", { name: "Clinics shown" }).locator("option:checked"),
  ).toHaveText(/^All clinics \(\d+\)$/);

  for (const { nav: label, path, empty } of PAGES) {
    await nav.getByRole("link", { name: label, exact: true }).click();
    await expect(page).toHaveURL(path);
    await expect(page.getByRole("heading", { level: 1, name: label })).toBeVisible();
    await expect(nav.getByRole("link", { name: label, exact: true })).toHaveAttribute(
      "aria-current",
      "page",
    );
    if (path === "/time-review" && (await pendingTimeEntries()) > 0) {
      // Earlier specs leave entries for review (a claim above the measured time): the queue lists
      // each of them, one review form per entry, instead of the empty state.
      await expect(page.getByRole("form", { name: /^Review \d+ min for / })).toHaveCount(await pendingTimeEntries());
    } else {
      await expect(page.getByRole("heading", { name: empty })).toBeVisible();
    }
    await snap(page, testInfo, "workspace", path.slice(1).replace("/", "-"));
  }

  await open(page, "/admin");
  await expect(page).toHaveURL("/admin/clinics");
  await expect(page.getByRole("heading", { level: 1, name: "Clinics" })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test("a supervisor has no admin area, and its addresses say so", async ({ page }, testInfo) => {
  await signIn(page, USERS.supervisor);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Worklist" })).toBeVisible();
  await expect(nav.getByText("Admin", { exact: true })).toHaveCount(0);
  for (const path of ["/admin/clinics", "/admin/month-close", "/admin/mailbox"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(
      page.getByRole("heading", { name: "You don't have access to this page" }),
    ).toBeVisible();
  }
  await snap(page, testInfo, "workspace", "forbidden");
});

test("sign-in page has labelled fields, validates, and answers a wrong password generically", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await open(page, "/sign-in");
  await expect(page).toHaveTitle("Sign in · Carefold Workspace");
  await snap(page, testInfo, "workspace", "sign-in");
  await checkSignIn(page, "Carefold Workspace");
  await snap(page, testInfo, "workspace", "sign-in-error");
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
