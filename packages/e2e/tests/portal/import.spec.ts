import { signIn } from "../support/auth.js";
import { expect, test } from "../support/page-checks.js";
import {
  PANEL_CSV_HEADER,
  letters,
  randomMbi,
  snapFromTop,
  writeCsv,
} from "../support/patients.js";
import { USERS } from "../support/users.js";

const HEADER = PANEL_CSV_HEADER;

test("a clinic admin imports a panel: errors by row and column, fix, import, find the patients", async ({
  page,
  consoleErrors,
}, testInfo) => {
  const family = `Quillon${letters(5).toLowerCase()}`;
  const mbis = [randomMbi(), randomMbi(), randomMbi(), randomMbi()];
  const good = [
    [
      "Ada",
      family,
      "1948-03-17",
      "female",
      mbis[0]!,
      "612-555-0142",
      "MN",
      "1234567893",
      "E11.9;I10",
    ],
    ["Bert", family, "02/11/1951", "male", mbis[1]!, "", "MN", "", "J44.9"],
  ];
  const withErrors = [
    HEADER,
    ...good,
    // Row 4: an MBI one character short. Row 5: a date that does not exist. Row 6: not ICD-10.
    ["Cora", family, "1950-06-01", "female", "1EG4-TE5-MK7", "", "MN", "", "I10"],
    ["Dale", family, "1949-02-30", "male", mbis[2]!, "", "MN", "", "E78.5;I10"],
    ["Edna", family, "1952-09-09", "female", mbis[3]!, "", "MN", "", "E11.9;XYZ"],
  ];

  await signIn(page, USERS.mapleAdmin);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Patients" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Patients" })).toBeVisible();
  await page.getByRole("link", { name: "Import panel" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Import your panel" })).toBeVisible();

  // The documented template downloads from the page.
  const [template] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download template" }).click(),
  ]);
  expect(template.suggestedFilename()).toBe("carefold-panel-template.csv");

  // 1. A file with three bad rows: nothing is imported, every problem is named.
  await page
    .getByLabel("Panel file (CSV)")
    .setInputFiles(await writeCsv(`panel-${family}.csv`, withErrors));
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(
    page.getByRole("heading", { name: `panel-${family}.csv: 3 problems in 3 rows` }),
  ).toBeVisible();
  const problems = page.getByRole("table", {
    name: "Problems found in the file, by row and column",
  });
  await expect(problems.getByRole("row")).toHaveCount(4);
  await expect(problems.locator("tr[data-row='4']")).toContainText("mbi");
  await expect(problems.locator("tr[data-row='4']")).toContainText("1EG4-TE5-MK7");
  await expect(problems.locator("tr[data-row='5']")).toContainText("date_of_birth");
  await expect(problems.locator("tr[data-row='5']")).toContainText("1949-02-30");
  await expect(problems.locator("tr[data-row='6']")).toContainText("icd10_codes");
  await expect(problems.locator("tr[data-row='6']")).toContainText("XYZ is not an ICD-10-CM code");
  await expect(page.getByRole("button", { name: /^Import \d+ patients?$/ })).toHaveCount(0);
  await snapFromTop(page, testInfo, "portal", "import-errors");

  // 2. The corrected file passes, and only then can it be imported.
  const fixed = withErrors.map((row) => [...row]);
  fixed[3]![4] = randomMbi();
  fixed[4]![2] = "1949-02-28";
  fixed[5]![8] = "E11.9;I48.91";
  await page
    .getByLabel("Panel file (CSV)")
    .setInputFiles(await writeCsv(`panel-${family}-fixed.csv`, fixed));
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(
    page.getByRole("heading", { name: `panel-${family}-fixed.csv is ready to import` }),
  ).toBeVisible();
  await expect(page.getByText("All 5 rows passed the checks")).toBeVisible();
  await page.getByRole("button", { name: "Import 5 patients" }).click();
  await expect(
    page.getByRole("heading", { name: `panel-${family}-fixed.csv is imported` }),
  ).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "5 new patients" })).toContainText(
    "5 new patients added and 0 existing patients updated",
  );
  const recent = page.getByRole("table", { name: "Recent panel imports" });
  await expect(
    recent.getByRole("row", { name: new RegExp(`panel-${family}-fixed\\.csv`) }),
  ).toContainText("Imported: 5 new, 0 updated");
  await expect(
    recent.getByRole("row", { name: new RegExp(`panel-${family}\\.csv`) }),
  ).toContainText("3 problems — not imported");

  // 3. The new patients are in the list, with eligibility worked out from their problems.
  await page.getByRole("link", { name: "View patients" }).click();
  await expect(page).toHaveURL("/patients");
  await page.getByRole("searchbox", { name: "Search patients" }).fill(family);
  await page.getByRole("searchbox", { name: "Search patients" }).press("Enter");
  const list = page.getByRole("table", { name: /Patients matching your filters/ });
  await expect(list).toBeVisible();
  // The name was posted, not put in the address.
  await expect(page).toHaveURL("/patients");
  await expect(list.getByRole("row")).toHaveCount(6);
  const ada = list.getByRole("row", { name: new RegExp(`${family}, Ada`) });
  await expect(ada).toContainText("Eligible for CCM");
  await expect(ada).toContainText(`•••-•••-${mbis[0]!.slice(7)}`);
  await expect(ada).toContainText("Not started");
  await expect(ada).toContainText("Dr. Priya Patel");
  await expect(list.getByRole("row", { name: new RegExp(`${family}, Bert`) })).toContainText(
    "PCM candidate",
  );

  // 4. The summary page masks the MBI until someone deliberately shows it.
  await ada.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: `Ada ${family}` })).toBeVisible();
  const mbi = page.getByTestId("mbi");
  await expect(mbi).not.toContainText(mbis[0]!.slice(0, 4));
  await page.getByRole("button", { name: "Show full MBI" }).click();
  await expect(mbi).toHaveText(
    `${mbis[0]!.slice(0, 4)}-${mbis[0]!.slice(4, 7)}-${mbis[0]!.slice(7)}`,
  );
  await expect(page.getByText("Qualifying chronic conditions (2)")).toBeVisible();
  await expect(page.getByRole("table", { name: "Problem list" })).toContainText("E11.9");
  await page.getByRole("button", { name: "Hide" }).click();
  await expect(mbi).not.toContainText(mbis[0]!.slice(0, 4));
  expect(consoleErrors).toEqual([]);
});
