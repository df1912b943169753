import type { Page } from "@playwright/test";
import { signIn, signOut } from "../support/auth.js";
import { expect, test } from "../support/page-checks.js";
import {
  PANEL_CSV_HEADER,
  letters,
  randomMbi,
  snapFromTop,
  writeCsv,
} from "../support/patients.js";
import { expectTermOnlyInPostBodies, recordRequests } from "../support/private-search.js";
import { DEMO_PASSWORD, USERS } from "../support/users.js";

const rowsOf = (page: Page) => page.getByRole("table", { name: /^Patients/ }).locator("tbody tr");

test("the patient list searches and filters by CCM status, eligibility and practitioner, in pages", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.mapleAdmin);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Patients" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Patients" })).toBeVisible();
  const pages = page.getByRole("navigation", { name: "Pages" });
  await expect(pages).toContainText(/Showing 1–25 of \d+ patients/);
  await expect(rowsOf(page)).toHaveCount(25);
  // Lists never show a whole MBI.
  for (const text of await rowsOf(page).allInnerTexts()) {
    expect(text).not.toMatch(/\b[1-9][A-Z][0-9A-Z]\d[A-Z][0-9A-Z]\d[A-Z]{2}\d{2}\b/);
  }
  await snapFromTop(page, testInfo, "portal", "patients");

  await pages.getByRole("link", { name: "Page 2" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(pages.getByRole("link", { name: "Page 2" })).toHaveAttribute("aria-current", "page");

  await page.getByLabel("Eligibility").selectOption({ label: "PCM candidate" });
  await expect(page).toHaveURL(/eligibility=pcm_candidate/);
  await expect(page).not.toHaveURL(/page=2/);
  await expect(rowsOf(page).first()).toContainText("PCM candidate");
  await expect(rowsOf(page).filter({ hasNotText: "PCM candidate" })).toHaveCount(0);

  await page.getByLabel("CCM status").selectOption({ label: "Enrolled" });
  await expect(page).toHaveURL(/status=enrolled/);
  await expect(
    page.getByRole("heading", { name: "No patients match — try fewer filters" }),
  ).toBeVisible();
  await page.getByRole("link", { name: "Clear filters" }).first().click();
  await expect(page).toHaveURL("/patients");
  // The form shows the cleared filters before the next one is chosen.
  await expect(page.getByLabel("CCM status")).toHaveValue("");
  await expect(page.getByLabel("Eligibility")).toHaveValue("");

  await page.getByLabel("Billing practitioner").selectOption({ label: "Dr. Priya Patel, MD" });
  await expect(page).toHaveURL(/practitioner=/);
  // The address changes before the filtered rows arrive: wait until no other practitioner's row is left.
  await expect(rowsOf(page).filter({ hasNotText: "Dr. Priya Patel" })).toHaveCount(0);
  await expect(rowsOf(page).first()).toContainText("Dr. Priya Patel");

  await page.getByRole("searchbox", { name: "Search patients" }).fill("zzznobody");
  await page.getByRole("searchbox", { name: "Search patients" }).press("Enter");
  await expect(
    page.getByRole("heading", { name: "No patients match — try fewer filters" }),
  ).toBeVisible();
  // The practitioner filter stays in the address; the term does not.
  await expect(page).toHaveURL(/practitioner=/);
  expect(page.url()).not.toContain("zzznobody");
  expect(consoleErrors).toEqual([]);
});

const ELIGIBILITY_LABELS = ["Eligible for CCM", "PCM candidate", "Not eligible"];

test("a name search is posted: the patient is found and the name stands in no address, after Back and with a filter too", async ({
  page,
  consoleErrors,
}, testInfo) => {
  const seen = recordRequests(page);
  await signIn(page, USERS.mapleAdmin);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Patients" })
    .click();
  const row = rowsOf(page).nth(2);
  const listName = (await row.getByRole("link").innerText()).trim();
  const rowText = await row.innerText();
  const own = ELIGIBILITY_LABELS.find((label) => rowText.includes(label))!;
  expect(own, `an eligibility in "${rowText}"`).toBeTruthy();
  const [last, first] = listName.split(", ") as [string, string];
  const term = `${first} ${last}`;

  const box = page.getByRole("searchbox", { name: "Search patients" });
  await box.fill(term);
  await box.press("Enter");
  const matching = page.getByRole("table", { name: /^Patients matching your filters/ });
  await expect(matching.getByRole("link", { name: listName })).toBeVisible();
  for (const text of await rowsOf(page).allInnerTexts()) expect(text).toContain(last);
  await expect(page).toHaveURL("/patients");
  await snapFromTop(page, testInfo, "portal", "patients-search");

  // To the chart and Back: the same search again (kept in this tab's memory, not in the address).
  await matching.getByRole("link", { name: listName }).click();
  await expect(page).toHaveURL(/\/patients\/[0-9a-f-]{36}$/);
  await page.goBack();
  await expect(box).toHaveValue(term);
  await expect(matching.getByRole("link", { name: listName })).toBeVisible();

  // A filter narrows the search: the filter (not PHI) goes in the address, the term stays out.
  await page.getByLabel("Eligibility").selectOption({ label: own });
  await expect(page).toHaveURL(/eligibility=/);
  await expect(matching.getByRole("link", { name: listName })).toBeVisible();
  await expect(box).toHaveValue(term);
  const other = ELIGIBILITY_LABELS.find((label) => label !== own)!;
  await page.getByLabel("Eligibility").selectOption({ label: other });
  await expect(page.getByRole("link", { name: listName })).toHaveCount(0);
  expectTermOnlyInPostBodies(page, seen, term);

  // An old link with the term in it lands on the same list without it.
  await page.goto("/patients?q=Garcia&status=enrolled");
  await expect(page).toHaveURL("/patients?status=enrolled");
  await expect(box).toHaveValue("");
  expect(consoleErrors).toEqual([]);
});

test("the next person to sign in in the same tab cannot bring the last person's search back", async ({
  page,
  consoleErrors,
}) => {
  await signIn(page, USERS.mapleAdmin);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Patients" })
    .click();
  const last = (await rowsOf(page).first().getByRole("link").innerText()).split(",")[0]!.trim();
  const box = page.getByRole("searchbox", { name: "Search patients" });
  await box.fill(last);
  await box.press("Enter");
  await expect(page.getByRole("table", { name: /^Patients matching your filters/ })).toBeVisible();
  // Where this history entry is (React Router keeps its index in history.state).
  const historyIndex = () =>
    page.evaluate(() => (history.state as { idx?: number } | null)?.idx ?? NaN);
  const searchedEntry = await historyIndex();
  expect(Number.isInteger(searchedEntry)).toBe(true);

  // Signing out and in again happens inside the page (no reload): this tab's memory is still there.
  await signOut(page);
  await page.getByLabel("Email", { exact: true }).fill(USERS.drPatel.email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: /Account menu/ })).toContainText(
    USERS.drPatel.name,
  );
  // Back to the searched list's history entry: the whole list, not Morgan's search. In one jump, as
  // a person picks it from Back's history list: stepping through the entries in between would
  // visit the sign-in page, which sends a signed-in person on to "/" again.
  await page.evaluate((delta) => history.go(delta), searchedEntry - (await historyIndex()));
  await page.waitForFunction(() => {
    const router = (
      window as {
        __remixRouter?: {
          state: { location: { pathname: string }; navigation: { state: string } };
        };
      }
    ).__remixRouter;
    return (
      router?.state.location.pathname === window.location.pathname &&
      router.state.navigation.state === "idle"
    );
  });
  await expect(page).toHaveURL("/patients");
  await expect(page.getByRole("table", { name: /^Patients \(\d+\)$/ })).toBeVisible();
  await expect(box).toHaveValue("");
  expect(consoleErrors).toEqual([]);
});

test("a search longer than a page pages by posting, with and without JavaScript", async ({
  page,
  browser,
  consoleErrors,
}, testInfo) => {
  // 27 patients of one family: more than the 25 a page shows.
  const family = `Pagewell${letters(5).toLowerCase()}`;
  const rows = [
    PANEL_CSV_HEADER,
    ...Array.from({ length: 27 }, (_, i) => [
      `Ann${String.fromCharCode(97 + (i % 26))}${i >= 26 ? "x" : ""}`,
      family,
      `19${40 + i}-0${(i % 9) + 1}-1${i % 10}`,
      i % 2 ? "male" : "female",
      randomMbi(),
      "",
      "MN",
      "",
      "E11.9;I10",
    ]),
  ];
  await signIn(page, USERS.mapleAdmin);
  await page.goto("/patients/import");
  await page
    .getByLabel("Panel file (CSV)")
    .setInputFiles(await writeCsv(`panel-${family}.csv`, rows));
  await page.getByRole("button", { name: "Check file" }).click();
  await page.getByRole("button", { name: "Import 27 patients" }).click();
  await expect(page.getByRole("status").filter({ hasText: "27 new patients" })).toBeVisible();

  const seen = recordRequests(page);
  await page.goto("/patients");
  const box = page.getByRole("searchbox", { name: "Search patients" });
  await box.fill(family);
  await box.press("Enter");
  const pages = page.getByRole("navigation", { name: "Pages" });
  await expect(pages).toContainText("Showing 1–25 of 27 patients");
  await pages.getByRole("button", { name: "Page 2" }).click();
  await expect(pages).toContainText("Showing 26–27 of 27 patients");
  await expect(page).toHaveURL("/patients?page=2");
  for (const text of await rowsOf(page).allInnerTexts()) expect(text).toContain(family);
  await expect(box).toHaveValue(family);
  await snapFromTop(page, testInfo, "portal", "patients-search-page-2");
  await page.goBack();
  await expect(pages).toContainText("Showing 1–25 of 27 patients");
  await expect(page).toHaveURL("/patients");
  expectTermOnlyInPostBodies(page, seen, family);

  // Without JavaScript the same form posts as plain HTML, and so do the page buttons.
  const context = await browser.newContext({
    baseURL: new URL(page.url()).origin,
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  const plain = await context.newPage();
  const plainSeen = recordRequests(plain);
  await plain.goto("/patients");
  await plain.getByRole("searchbox", { name: "Search patients" }).fill(family);
  await plain.getByRole("searchbox", { name: "Search patients" }).press("Enter");
  const plainPages = plain.getByRole("navigation", { name: "Pages" });
  await expect(plainPages).toContainText("Showing 1–25 of 27 patients");
  await plainPages.getByRole("button", { name: "Page 2" }).click();
  await expect(plainPages).toContainText("Showing 26–27 of 27 patients");
  for (const text of await rowsOf(plain).allInnerTexts()) expect(text).toContain(family);
  expectTermOnlyInPostBodies(plain, plainSeen, family);
  await context.close();
  expect(consoleErrors).toEqual([]);
});

test("a patient summary shows demographics, problems and eligibility, program history, consent and the care plan", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.mapleAdmin);
  await page.goto("/patients?status=enrolled");
  await rowsOf(page).first().getByRole("link").click();
  await expect(page.getByText("Patient", { exact: true })).toBeVisible();
  for (const heading of [
    "Problems and eligibility",
    "Chronic Care Management",
    "Consent",
    "Demographics",
    "Care plan",
  ]) {
    await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
  }
  await expect(page.getByText("Eligible for CCM").first()).toBeVisible();
  await expect(
    page
      .getByRole("table", { name: "Problem list" })
      .getByText(/^Chronic · /)
      .first(),
  ).toBeVisible();
  await expect(page.getByText("Consented → Enrolled")).toBeVisible();
  await expect(page.getByTestId("consent").first()).toContainText("Verbal consent on");
  await expect(page.getByTestId("mbi")).toContainText("•••-•••-");
  await snapFromTop(page, testInfo, "portal", "patient-summary");

  // A clinic admin who is not a practitioner can read the plan but not sign it.
  await page.getByRole("link", { name: /Review and sign|Read the care plan/ }).click();
  await expect(page.getByText(/^Care plan · version \d+$/)).toBeVisible();
  await expect(page.getByRole("button", { name: /^Sign version/ })).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test("the enrollment funnel is drawn as bars with its numbers in a table, and the overview agrees", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.mapleAdmin);
  const enrolledTile = page
    .getByRole("region", { name: /Key numbers/ })
    .getByText(/^\d+$/)
    .first();
  const enrolledOnOverview = Number(await enrolledTile.innerText());
  expect(enrolledOnOverview).toBeGreaterThan(0);

  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Enrollment" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Enrollment" })).toBeVisible();
  const chart = page.getByRole("figure");
  await expect(chart).toContainText("Patients by CCM status");
  const table = page.getByRole("table", { name: "Enrollment funnel numbers" });
  await expect(table.locator("tbody tr")).toHaveCount(9);
  await expect(table.getByRole("row", { name: /^Enrolled/ })).toContainText(
    String(enrolledOnOverview),
  );
  await expect(page.getByRole("heading", { name: "Why patients did not enroll" })).toBeVisible();
  // The reasons add up to the closed step's total in the funnel.
  const declined = Number(
    (
      await table
        .getByRole("row", { name: /^Declined/ })
        .getByRole("cell")
        .nth(2)
        .innerText()
    ).replace(/\D/g, ""),
  );
  expect(declined).toBeGreaterThan(0);
  const byReason = page.getByRole("table", { name: "Declined by reason" });
  await expect(byReason.getByRole("row", { name: /Cost sharing \/ coinsurance/ })).toBeVisible();
  const reasonCounts = await byReason.locator("td:last-child").allInnerTexts();
  expect(reasonCounts.reduce((sum, n) => sum + Number(n), 0)).toBe(declined);
  await snapFromTop(page, testInfo, "portal", "enrollment");

  await chart.getByRole("link", { name: "Enrolled", exact: true }).click();
  await expect(page).toHaveURL("/patients?status=enrolled");
  await expect(rowsOf(page)).toHaveCount(enrolledOnOverview);
  expect(consoleErrors).toEqual([]);
});

test("care plans waiting for sign-off are listed for the clinic", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.drPatel);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Care plans" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Care plans" })).toBeVisible();
  const queue = page.getByRole("table", { name: "Care plans awaiting sign-off" });
  await expect(
    queue.getByRole("link", { name: /^Review and sign the care plan of / }).first(),
  ).toBeVisible();
  await snapFromTop(page, testInfo, "portal", "care-plans");
  expect(consoleErrors).toEqual([]);
});
