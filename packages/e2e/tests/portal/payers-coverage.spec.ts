import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Page, TestInfo } from "@playwright/test";
import { signIn } from "../support/auth.js";
import { makeBillable, monthAgo } from "../support/billable.js";
import { withDb } from "../support/db.js";
import { expect, test } from "../support/page-checks.js";
import {
  WORKSPACE_URL,
  letters,
  openAppAs,
  randomMbi,
  snapFromTop,
  writeCsv,
} from "../support/patients.js";
import { CLINICS, USERS } from "../support/users.js";

/** Where one element's screenshot goes, beside snap()'s full pages (packages/e2e/screenshots). */
const shot = (testInfo: TestInfo, name: string) =>
  path.resolve(testInfo.project.testDir, "..", "..", "screenshots", `portal-${name}.png`);

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

test("a clinic admin adds a Medicare Advantage plan with a fee schedule, imports patients with coverage, sees it on each chart, and after the close sees per-payer totals and one claim file per payer", async ({
  page,
  browser,
  consoleErrors,
}, testInfo) => {
  test.setTimeout(240_000);
  // The month billed at the end: three months ago, which nothing else closes (the demo seed closes
  // the month before last; month-close and invoicing close last month). Coverage starts with it,
  // so nothing depends on the calendar year.
  const billed = monthAgo(-3);
  const tag = letters(4);
  const plan = `Sunrise Advantage ${tag}`;
  const planId = `SUN${tag}`;
  const gap = `Evergreen Medigap ${tag}`;
  await signIn(page, USERS.mapleAdmin);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Payers" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Payers" })).toBeVisible();
  // The payer-program rules (program choice) are one step away.
  await expect(page.getByRole("link", { name: "Programs each payer pays" })).toHaveAttribute(
    "href",
    "/billing/payer-programs",
  );

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
  await expect(
    page.getByRole("status").filter({ hasText: `99490 for ${year} is now $52.75` }),
  ).toBeVisible();
  const schedule = page.getByTestId("payer-fee-schedule");
  await expect(schedule.getByRole("row").filter({ hasText: "99490" })).toContainText("$52.75");
  await expect(page.getByRole("link", { name: `Fee schedule of ${plan}` })).toContainText("(1)");
  await snapFromTop(page, testInfo, "portal", "payers");
  await page
    .locator("section")
    .filter({ has: page.getByRole("heading", { name: `Fee schedule — ${plan}` }) })
    .screenshot({ path: shot(testInfo, "payer-fee-schedule") });

  // A panel with coverage columns: traditional (MBI only), the MA plan, Medicare + Medigap.
  const family = `Cover${letters(5).toLowerCase()}`;
  const csv = await writeCsv(`coverage-${family}.csv`, [
    [
      "first_name",
      "last_name",
      "date_of_birth",
      "mbi",
      "Primary Insurance",
      "Plan Type",
      "Member ID",
      "Effective Date",
      "Secondary Insurance",
      "Secondary Member ID",
    ],
    ["Tess", family, "1941-04-01", randomMbi(), "", "", "", "", "", ""],
    [
      "Mateo",
      family,
      "1942-05-02",
      randomMbi(),
      planId,
      "medicare advantage",
      `H${tag}0042`,
      `${billed.value}-01`,
      "",
      "",
    ],
    [
      "Gloria",
      family,
      "1943-06-03",
      randomMbi(),
      `Medicare Part B ${tag}`,
      "medicare",
      "",
      `${billed.value}-01`,
      gap,
      `G${tag}77`,
    ],
  ]);
  await page.goto("/patients/import");
  await page.getByLabel("Panel file (CSV)").setInputFiles(csv);
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(
    page.getByRole("heading", { name: `coverage-${family}.csv is ready to import` }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Import 3 patients" }).click();
  await expect(page.getByRole("status").filter({ hasText: "3 new patients" })).toBeVisible();

  await openPatient(page, family, "Tess");
  let primary = page.getByTestId("coverage-primary");
  // An MBI alone: the clinic's traditional Medicare payer (the demo seed's, recorded first), assumed.
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
  const card = page
    .locator("section")
    .filter({ has: page.getByRole("heading", { name: "Coverage", exact: true }) });
  await card.screenshot({ path: shot(testInfo, "coverage-card") });
  await snapFromTop(page, testInfo, "portal", "patient-coverage");

  // End the Medigap coverage on the chart: history keeps the earlier version.
  await page.getByRole("button", { name: "End secondary coverage" }).click();
  const end = page.getByRole("dialog", { name: `End ${gap} coverage` });
  await end.getByLabel("Last day covered").fill(billed.lastDay);
  await end.getByRole("button", { name: "End coverage" }).click();
  await expect(end).toBeHidden();
  await expect(page.getByTestId("coverage-secondary")).toContainText("None in force today");
  await page
    .locator("summary")
    .filter({ hasText: /History \(\d+\)/ })
    .click();
  await expect(page.getByRole("list", { name: "Coverage history" })).toContainText(
    `ended on ${billed.lastDay}`,
  );
  expect(consoleErrors).toEqual([]);

  // The care team sees the same coverage on the workspace chart.
  const patientPath = new URL(page.url()).pathname;
  const workspace = await openAppAs(browser, WORKSPACE_URL, USERS.coordinator);
  try {
    await workspace.page.goto(patientPath);
    const card = workspace.page
      .locator("section")
      .filter({ has: workspace.page.getByRole("heading", { name: "Coverage", exact: true }) });
    await expect(card.getByTestId("coverage-primary")).toContainText(`Medicare Part B ${tag}`);
    await expect(card.getByTestId("coverage-secondary")).toContainText("None in force today");
    await card.screenshot({
      path: path.resolve(
        testInfo.project.testDir,
        "..",
        "..",
        "screenshots",
        "workspace-coverage-card.png",
      ),
    });
    expect(workspace.consoleErrors).toEqual([]);
  } finally {
    await workspace.close();
  }

  // The month bills: the three patients' care is recorded (enrolment, consent, visit, care plan,
  // problems, 25 minutes each) — everything but coverage, which is what this spec is about.
  const ids = await withDb(
    async (db) =>
      (
        await db.query<{ id: string; first_name: string }>(
          "SELECT id, first_name FROM patient WHERE last_name = $1 ORDER BY first_name",
          [family],
        )
      ).rows,
  );
  expect(ids.map((p) => p.first_name)).toEqual(["Gloria", "Mateo", "Tess"]);
  await makeBillable(
    CLINICS.maple,
    ids.map((p) => p.id),
    billed.value,
  );

  // The vendor admin closes that month for the clinic.
  const admin = await openAppAs(browser, WORKSPACE_URL, USERS.vendorAdmin);
  try {
    await admin.page.goto(`/admin/month-close?month=${billed.value}`);
    const row = admin.page
      .getByRole("table", { name: `Month close for ${billed.label}` })
      .getByRole("row")
      .filter({ hasText: CLINICS.maple });
    await row.getByRole("button", { name: `Close ${billed.label} for ${CLINICS.maple}` }).click();
    await expect(row).toContainText("Awaiting clinic approval", { timeout: 30_000 });
    expect(admin.consoleErrors).toEqual([]);
  } finally {
    await admin.close();
  }

  // The clinic admin sees the month priced per payer: the plan's contracted 99490, Medicare's for
  // the others; Gloria's 20 % is the Medigap's, Tess's and Mateo's their own.
  await page.goto(`/billing?month=${billed.value}`);
  await expect(
    page.getByRole("heading", { level: 1, name: `Billing worksheet · ${billed.label}` }),
  ).toBeVisible();
  const byPayer = page.getByRole("table", { name: "Totals by payer" });
  // Cells: payer, claims, amount, coinsurance, patient share, secondary pays, expected from payer.
  const planCells = byPayer.getByRole("row").filter({ hasText: plan }).getByRole("cell");
  await expect(planCells.nth(1)).toHaveText("1");
  await expect(planCells.nth(2)).toHaveText("$52.75");
  await expect(planCells.nth(3)).toHaveText("$10.55");
  await expect(planCells.nth(6)).toHaveText("$42.20");
  const medicareCells = byPayer
    .getByRole("row")
    .filter({ hasText: `Medicare Part B ${tag}` })
    .getByRole("cell");
  // Gloria: traditional Medicare with a Medigap secondary, which pays her 20 %.
  await expect(medicareCells.nth(1)).toHaveText("1");
  await expect(medicareCells.nth(4)).toHaveText("$0.00");
  await expect(medicareCells.nth(5)).toHaveText(await medicareCells.nth(3).innerText());
  await expect(medicareCells.nth(5)).not.toHaveText("$0.00");
  await page.getByRole("button", { name: "Approve month" }).click();
  await page
    .getByRole("dialog", { name: `Approve ${billed.label}?` })
    .getByRole("button", { name: "Approve" })
    .click();
  await expect(page.getByRole("status")).toContainText("Approved:");
  await page.getByRole("button", { name: "Export 837P" }).click();
  // One 837P per payer, each named for its payer: Gloria's traditional Medicare payer and the
  // plan (Mateo); Tess's assumed coverage goes to the clinic's first Medicare payer, in its own file.
  const status = page.getByRole("status");
  await expect(status).toContainText(`(Medicare Part B ${tag}, 1)`);
  await expect(status).toContainText(`(${plan}, 1)`);
  const planFile = page.getByRole("button", {
    // File names carry the payer id in lower case.
    name: new RegExp(`^Download claims-837p-${billed.value}-${planId}-\\d+\\.837p\\.txt`, "i"),
  });
  const [download] = await Promise.all([page.waitForEvent("download"), planFile.click()]);
  const x12 = await readFile((await download.path())!, "utf8");
  // The plan's file: its payer id in 2010BB, the plan member id (not an MBI), SBR09 16 (MA), $52.75.
  expect(x12).toContain(`NM1*PR*2*${plan.toUpperCase()}*****PI*${planId}~`);
  expect(x12).toContain(`*MI*H${tag}0042~`);
  expect(x12).toMatch(/SBR\*P\*18\*+16~/);
  expect(x12).toContain("SV1*HC:99490*52.75*UN*1");
  await snapFromTop(page, testInfo, "portal", "billing-per-payer-files");
  expect(consoleErrors).toEqual([]);
});
