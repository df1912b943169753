import path from "node:path";
import type { Page, TestInfo } from "@playwright/test";
import { signIn } from "../support/auth.js";
import { expect, test } from "../support/page-checks.js";
import { WORKSPACE_URL, letters, openAppAs, randomMbi, snapFromTop, writeCsv } from "../support/patients.js";
import { USERS } from "../support/users.js";

/** Where one element's screenshot goes, beside snap()'s full pages (packages/e2e/screenshots). */
const shot = (testInfo: TestInfo, name: string) => path.resolve(testInfo.project.testDir, "..", "..", "screenshots", `portal-${name}.png`);

/** Adds a payer through the directory's dialog and waits for its row. */
async function addPayer(page: Page, name: string, kind: string, payerId: string) {
  await page.getByRole("button", { name: "Add payer" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a payer" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Kind").selectOption({ label: kind });
  await dialog.getByLabel("Payer id").fill(payerId);
  await dialog.getByRole("button", { name: "Add payer" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText(payerId);
}

async function openPatient(page: Page, family: string, first: string) {
  await page.goto("/patients");
  const box = page.getByRole("searchbox", { name: "Search patients" });
  await box.fill(`${family}`);
  await box.press("Enter");
  await page.getByRole("link", { name: new RegExp(`${family}, ${first}`) }).click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(first) })).toBeVisible();
}

test("a clinic admin adds a Medicare Advantage plan with a fee schedule, imports patients with coverage and sees it on each chart", async ({
  page,
  browser,
  consoleErrors,
}, testInfo) => {
  test.setTimeout(150_000);
  const tag = letters(4);
  const plan = `Sunrise Advantage ${tag}`;
  const planId = `SUN${tag}`;
  const gap = `Evergreen Medigap ${tag}`;
  await signIn(page, USERS.mapleAdmin);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Payers" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Payers" })).toBeVisible();

  // The directory: traditional Medicare (the clinic's MAC), the MA plan and a Medigap carrier.
  await addPayer(page, `Medicare Part B ${tag}`, "Traditional Medicare", `MC${tag}`);
  await addPayer(page, plan, "Medicare Advantage", planId);
  await addPayer(page, gap, "Medigap", `GAP${tag}`);

  // The plan's contracted rate for 99490.
  await page.getByRole("link", { name: `Fee schedule of ${plan}` }).click();
  await expect(page.getByRole("heading", { name: `Fee schedule — ${plan}` })).toBeVisible();
  const year = String(new Date().getUTCFullYear());
  await page.getByLabel("Code").fill("99490");
  await page.getByLabel("Year").fill(year);
  await page.getByLabel("Per unit (USD)").fill("52.75");
  await page.getByLabel("Source").fill(`${plan} provider contract, exhibit B`);
  await page.getByRole("button", { name: "Save rate" }).click();
  await expect(page.getByRole("status").filter({ hasText: `99490 for ${year} is now $52.75` })).toBeVisible();
  const schedule = page.getByTestId("payer-fee-schedule");
  await expect(schedule.getByRole("row").filter({ hasText: "99490" })).toContainText("$52.75");
  await expect(page.getByRole("link", { name: `Fee schedule of ${plan}` })).toContainText("(1)");
  await snapFromTop(page, testInfo, "portal", "payers");
  await page.locator("section").filter({ has: page.getByRole("heading", { name: `Fee schedule — ${plan}` }) }).screenshot({ path: shot(testInfo, "payer-fee-schedule") });

  // A panel with coverage columns: traditional (MBI only), the MA plan, Medicare + Medigap.
  const family = `Cover${letters(5).toLowerCase()}`;
  const csv = await writeCsv(`coverage-${family}.csv`, [
    ["first_name", "last_name", "date_of_birth", "mbi", "Primary Insurance", "Plan Type", "Member ID", "Effective Date", "Secondary Insurance", "Secondary Member ID"],
    ["Tess", family, "1941-04-01", randomMbi(), "", "", "", "", "", ""],
    ["Mateo", family, "1942-05-02", randomMbi(), planId, "medicare advantage", `H${tag}0042`, `${year}-01-01`, "", ""],
    ["Gloria", family, "1943-06-03", randomMbi(), `Medicare Part B ${tag}`, "medicare", "", `${year}-01-01`, gap, `G${tag}77`],
  ]);
  await page.goto("/patients/import");
  await page.getByLabel("Panel file (CSV)").setInputFiles(csv);
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(page.getByRole("heading", { name: `coverage-${family}.csv is ready to import` })).toBeVisible();
  await page.getByRole("button", { name: "Import 3 patients" }).click();
  await expect(page.getByRole("status").filter({ hasText: "3 new patients" })).toBeVisible();

  await openPatient(page, family, "Tess");
  let primary = page.getByTestId("coverage-primary");
  await expect(primary).toContainText(`Medicare Part B ${tag}`);
  await expect(primary).toContainText("Traditional Medicare");
  await expect(primary).toContainText("Assumed — verify eligibility");
  await expect(page.getByTestId("coverage-secondary")).toContainText("None in force today");

  await openPatient(page, family, "Mateo");
  primary = page.getByTestId("coverage-primary");
  await expect(primary).toContainText(plan);
  await expect(primary).toContainText("Medicare Advantage");
  await expect(primary).toContainText(`•••0042`);
  await expect(primary).not.toContainText(`H${tag}0042`);
  await expect(primary).not.toContainText("Assumed");

  await openPatient(page, family, "Gloria");
  await expect(page.getByTestId("coverage-primary")).toContainText(`Medicare Part B ${tag}`);
  const secondary = page.getByTestId("coverage-secondary");
  await expect(secondary).toContainText(gap);
  await expect(secondary).toContainText("Medigap");
  const card = page.locator("section").filter({ has: page.getByRole("heading", { name: "Coverage", exact: true }) });
  await card.screenshot({ path: shot(testInfo, "coverage-card") });
  await snapFromTop(page, testInfo, "portal", "patient-coverage");

  // End the Medigap coverage on the chart: history keeps the earlier version.
  await page.getByRole("button", { name: "End secondary coverage" }).click();
  const end = page.getByRole("dialog", { name: `End ${gap} coverage` });
  await end.getByLabel("Last day covered").fill(`${year}-01-31`);
  await end.getByRole("button", { name: "End coverage" }).click();
  await expect(end).toBeHidden();
  await expect(page.getByTestId("coverage-secondary")).toContainText("None in force today");
  await page.locator("summary").filter({ hasText: /History \(\d+\)/ }).click();
  await expect(page.getByRole("list", { name: "Coverage history" })).toContainText(`ended on ${year}-01-31`);
  expect(consoleErrors).toEqual([]);

  // The care team sees the same coverage on the workspace chart.
  const patientPath = new URL(page.url()).pathname;
  const workspace = await openAppAs(browser, WORKSPACE_URL, USERS.coordinator);
  try {
    await workspace.page.goto(patientPath);
    const card = workspace.page.locator("section").filter({ has: workspace.page.getByRole("heading", { name: "Coverage", exact: true }) });
    await expect(card.getByTestId("coverage-primary")).toContainText(`Medicare Part B ${tag}`);
    await expect(card.getByTestId("coverage-secondary")).toContainText("None in force today");
    await card.screenshot({ path: path.resolve(testInfo.project.testDir, "..", "..", "screenshots", "workspace-coverage-card.png") });
    expect(workspace.consoleErrors).toEqual([]);
  } finally {
    await workspace.close();
  }
});
