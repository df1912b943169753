// Issue 17 abuse spec, input and files: what an attacker types into a sign-in form or a panel file
// stays inert (CSV formula) and never silently overwrites a patient (import updates need a tick).
import { readFile } from "node:fs/promises";
import { signIn } from "../support/auth.js";
import { expect, open, test } from "../support/page-checks.js";
import { PANEL_CSV_HEADER, letters, randomMbi, snapFromTop, writeCsv } from "../support/patients.js";
import { USERS } from "../support/users.js";

const FORMULA = '=HYPERLINK("http://evil.example","x")';

test("a formula in an unauthenticated sign-in's User-Agent is inert in the downloaded audit-log CSV", async ({
  browser,
  page,
  consoleErrors,
}) => {
  // The attacker: no account, a browser whose User-Agent is a spreadsheet formula, a wrong password.
  const attacker = await browser.newContext({ userAgent: FORMULA });
  const attackerPage = await attacker.newPage();
  await open(attackerPage, "/sign-in");
  await attackerPage.getByLabel("Email", { exact: true }).fill(USERS.mapleAdmin.email);
  await attackerPage.getByLabel("Password", { exact: true }).fill(`wrong-${letters(8)}`);
  await attackerPage.getByRole("button", { name: "Sign in" }).click();
  await expect(attackerPage).toHaveURL(/\/sign-in/);
  await attacker.close();

  // The clinic admin downloads the sign-in part of the audit log.
  await signIn(page, USERS.mapleAdmin);
  await open(page, "/audit-log?action=auth.");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  const csv = await readFile((await download.path())!, "utf8");
  // The attempt is in the file, its user agent prefixed with ' (text, never a formula), RFC 4180-quoted.
  expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
  expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  expect(consoleErrors).toEqual([]);
});

test("an import row matching a patient on file is an update with a field-by-field diff that must be ticked", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const family = `Overwrite${letters(5).toLowerCase()}`;
  const mbi = randomMbi();
  const row = (first: string, last: string, dob: string) => [first, last, dob, "female", mbi, "612-555-0142", "MN", "", "E11.9;I10"];

  await signIn(page, USERS.mapleAdmin);
  await open(page, "/patients/import");
  await page.getByLabel("Panel file (CSV)").setInputFiles(await writeCsv(`first-${family}.csv`, [PANEL_CSV_HEADER, row("Ada", family, "1948-03-17")]));
  await page.getByRole("button", { name: "Check file" }).click();
  await page.getByRole("button", { name: "Import 1 patient" }).click();
  await expect(page.getByRole("status").filter({ hasText: "1 new patient" })).toBeVisible();

  // The same MBI with another name and birth date: shown as an update, old → new, not ticked.
  await open(page, "/patients/import");
  await page.getByLabel("Panel file (CSV)").setInputFiles(await writeCsv(`second-${family}.csv`, [PANEL_CSV_HEADER, row("Adah", `${family}-Smith`, "1948-03-18")]));
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(page.getByRole("heading", { name: "1 patient on file would change" })).toBeVisible();
  const update = page.getByTestId("import-update");
  await expect(update).toHaveCount(1);
  await expect(update).toContainText(`${family}, Ada`);
  await expect(update).toContainText("matched by MBI");
  await expect(update.locator("[data-field='first_name']")).toContainText("Ada");
  await expect(update.locator("[data-field='first_name'] ins")).toHaveText("Adah");
  await expect(update.locator("[data-field='last_name'] ins")).toHaveText(`${family}-Smith`);
  await expect(update.locator("[data-field='date_of_birth'] del")).toHaveText("1948-03-17");
  await expect(update.locator("[data-field='date_of_birth'] ins")).toHaveText("1948-03-18");
  const tick = update.getByRole("checkbox");
  await expect(tick).not.toBeChecked();
  await snapFromTop(page, testInfo, "portal", "import-update-diff");

  // Ticked, it is applied with the rest of the file.
  await tick.check();
  await page.getByRole("button", { name: "Import 1 patient" }).click();
  await expect(page.getByRole("status").filter({ hasText: "existing patient" })).toContainText("0 new patients added and 1 existing patient updated");
  expect(consoleErrors).toEqual([]);
});
