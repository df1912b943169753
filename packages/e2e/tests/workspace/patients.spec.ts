import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { signIn } from "../support/auth.js";
import { expect, test } from "../support/page-checks.js";
import { snapFromTop } from "../support/patients.js";
import { expectTermOnlyInPostBodies, recordRequests } from "../support/private-search.js";
import { CLINICS, USERS } from "../support/users.js";

/** "Garcia, Maria" (lists) → "Maria Garcia" (chart heading). */
const chartName = (listName: string) => listName.split(", ").reverse().join(" ");

test("a coordinator sees patients across assigned clinics and filters them", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.coordinator);
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Patients" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Patients" })).toBeVisible();
  const table = page.getByRole("table", { name: /Patients/ });
  await expect(table.getByRole("columnheader", { name: "Clinic" })).toBeVisible();
  await expect(table.getByRole("cell", { name: CLINICS.maple }).first()).toBeVisible();
  await expect(table.getByRole("cell", { name: CLINICS.desert }).first()).toBeVisible();
  // MBIs are masked in the list: only the last four characters show.
  await expect(table.getByText(/^•••-•••-[0-9A-Z]{4}$/).first()).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Pages" })).toContainText(/of \d+ patients/);
  await snapFromTop(page, testInfo, "workspace", "patients");

  await page.getByLabel("CCM status").selectOption({ label: "Enrolled" });
  await expect(page).toHaveURL(/status=enrolled/);
  const rows = table.locator("tbody tr");
  await expect(rows.first()).toContainText("Enrolled");
  await expect(rows.filter({ hasNotText: "Enrolled" })).toHaveCount(0);
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL("/patients");
  expect(consoleErrors).toEqual([]);
});

test("a coordinator's name search is posted: the patient is found and the name stands in no address", async ({
  page,
  consoleErrors,
}, testInfo) => {
  const seen = recordRequests(page);
  await signIn(page, USERS.coordinator);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Patients" })
    .click();
  const table = page.getByRole("table", { name: /Patients/ });
  const listName = (await table.locator("tbody tr").nth(3).getByRole("link").innerText()).trim();
  const [last, first] = listName.split(", ") as [string, string];
  const term = `${last} ${first}`;

  const box = page.getByRole("searchbox", { name: "Search patients" });
  await box.fill(term);
  await box.press("Enter");
  // The answer has come once every row is of that name (the patient was on the whole list too).
  await expect(table.locator("tbody tr").filter({ hasNotText: last })).toHaveCount(0);
  await expect(table.getByRole("link", { name: listName }).first()).toBeVisible();
  await expect(page).toHaveURL("/patients");
  await snapFromTop(page, testInfo, "workspace", "patients-search");

  // The chart and Back: the same search again; then a status filter joins it in the address.
  await table.getByRole("link", { name: listName }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: `${first} ${last}` })).toBeVisible();
  await page.goBack();
  await expect(box).toHaveValue(term);
  await expect(table.getByRole("link", { name: listName }).first()).toBeVisible();
  await page.getByLabel("CCM status").selectOption({ label: "Declined" });
  await expect(page).toHaveURL("/patients?status=declined");
  await expect(box).toHaveValue(term);
  for (const text of await table.locator("tbody tr").allInnerTexts()) {
    expect(text).toMatch(new RegExp(`${last}.*Declined|No patients match`, "s"));
  }
  expectTermOnlyInPostBodies(page, seen, term);

  // The calls list's search (a patient or a phone number) posts too.
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Calls & messages" })
    .click();
  const calls = page.getByRole("searchbox", { name: "Search calls and messages" });
  await calls.fill("612-555-0142");
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/calls")),
    calls.press("Enter"),
  ]);
  await expect(page).toHaveURL("/calls");
  expectTermOnlyInPostBodies(page, seen, "612-555-0142");
  expect(consoleErrors).toEqual([]);
});

test("a coordinator records verbal consent with the four disclosures and enrolls the patient", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.coordinator);
  await page.goto("/patients?status=outreach");
  const row = page
    .getByRole("table", { name: /Patients/ })
    .locator("tbody tr")
    .filter({ hasText: CLINICS.maple })
    .first();
  const listName = (await row.getByRole("link").innerText()).trim();
  await row.getByRole("link").click();

  const name = chartName(listName);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const program = page.getByRole("complementary", { name: "Program and consent" });
  await expect(program).toContainText("In outreach");
  await expect(page.getByTestId("mbi")).toContainText("•••-•••-");

  // Consent needs every disclosure: three of four is refused, and nothing changes.
  await program.getByRole("button", { name: "Record consent" }).click();
  const dialog = page.getByRole("dialog", { name: "Record consent" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("radio", { name: /Verbal/ })).toBeChecked();
  await dialog.getByRole("checkbox", { name: "CCM is available, and what it includes" }).check();
  await dialog.getByRole("checkbox", { name: "It may cost them money" }).check();
  await dialog.getByRole("checkbox", { name: "They can stop at any time" }).check();
  await dialog.getByRole("button", { name: "Record consent" }).click();
  await expect(dialog.getByRole("alert")).toContainText(
    "Still to confirm: “Only one practitioner can bill CCM each month”",
  );
  await expect(program).toContainText("In outreach");

  await dialog
    .getByRole("checkbox", { name: "Only one practitioner can bill CCM each month" })
    .check();
  await dialog.getByRole("button", { name: "Record consent" }).click();
  await expect(dialog).toBeHidden();
  await expect(program.getByRole("status")).toContainText("Verbal consent recorded");
  await expect(program.getByTestId("consent").first()).toContainText("Verbal consent on");
  await expect(program.getByTestId("consent").first()).toContainText(
    `Obtained by ${USERS.coordinator.name}`,
  );
  await expect(
    page.getByTestId("chart-header").getByText("Consented", { exact: true }),
  ).toBeVisible();

  // Enrolling names the billing practitioner and records the step.
  await program.getByRole("button", { name: "Enroll in CCM" }).click();
  const enroll = page.getByRole("dialog", { name: "Enroll in CCM" });
  await expect(enroll).toContainText("Dr. Priya Patel");
  await enroll.getByLabel("Note (optional)").fill("Agreed on the call; prefers mornings.");
  await enroll.getByRole("button", { name: "Enroll" }).click();
  await expect(enroll).toBeHidden();
  await expect(program.getByRole("status")).toContainText("Moved to Enrolled.");
  await expect(
    page.getByTestId("chart-header").getByText("Enrolled", { exact: true }),
  ).toBeVisible();
  await expect(program.getByRole("list").first()).toContainText("Consented → Enrolled");
  await expect(program).toContainText("Agreed on the call; prefers mornings.");
  await expect(program.getByRole("button", { name: "Disenroll" })).toBeVisible();
  await snapFromTop(page, testInfo, "workspace", "chart");

  // The list shows the new status.
  await page.goto(`/patients?status=enrolled`);
  await expect(page.getByRole("link", { name: listName }).first()).toBeVisible();
  await page.goBack();

  // Later the patient asks to stop: leaving the program takes a reason from the taxonomy. (This
  // also takes the patient, who has no minutes this month, off the coordinator's worklist again.)
  await program.getByRole("button", { name: "Disenroll" }).click();
  const stop = page.getByRole("dialog", { name: "Disenroll" });
  await stop.getByLabel("Reason").selectOption({ label: "Patient asked to stop" });
  await stop.getByRole("button", { name: "Move to Disenrolled" }).click();
  await expect(stop).toBeHidden();
  await expect(program.getByRole("status")).toContainText("Moved to Disenrolled.");
  await expect(program).toContainText("Reason: Patient asked to stop");
  await expect(program.getByRole("list").first()).toContainText("Enrolled → Disenrolled");
  expect(consoleErrors).toEqual([]);
});

test("written consent needs the signed form, which then downloads from the chart", async ({
  page,
  consoleErrors,
}) => {
  const form = path.join(tmpdir(), `signed-consent-${Date.now()}.pdf`);
  await writeFile(form, "%PDF-1.4\n% a scanned consent form (test)\n%%EOF\n");
  await signIn(page, USERS.coordinator);
  await page.goto("/patients?status=unable_to_reach");
  const row = page
    .getByRole("table", { name: /Patients/ })
    .locator("tbody tr")
    .filter({ hasText: CLINICS.maple })
    .first();
  await row.getByRole("link").click();
  const program = page.getByRole("complementary", { name: "Program and consent" });
  await expect(program).toContainText("Unable to reach");

  await program.getByRole("button", { name: "Record consent" }).click();
  const dialog = page.getByRole("dialog", { name: "Record consent" });
  await dialog.getByRole("radio", { name: /Written/ }).check();
  for (const box of await dialog.getByRole("checkbox").all()) await box.check();
  await dialog.getByRole("button", { name: "Record consent" }).click();
  await expect(dialog.getByRole("alert")).toContainText("Attach the signed consent form");

  await dialog.getByLabel("Signed consent form").setInputFiles(form);
  await dialog.getByRole("button", { name: "Record consent" }).click();
  await expect(dialog).toBeHidden();
  const consent = program.getByTestId("consent").first();
  await expect(consent).toContainText("Written consent (signed form)");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    consent.getByRole("button", { name: "Download signed form" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(path.basename(form));

  // The patient changes their mind: a revoked consent ends the program at the end of the month.
  await consent.getByRole("button", { name: "Revoke" }).click();
  const revoke = page.getByRole("dialog", { name: "Revoke consent" });
  await revoke.getByRole("button", { name: "Revoke consent" }).click();
  await expect(revoke).toBeHidden();
  await expect(program.getByRole("status")).toContainText("Consent revoked. CCM continues until");
  await expect(consent).toContainText("Revoked");
  await expect(consent).toContainText("(end of that month)");
  await expect(
    page.getByTestId("chart-header").getByText("Disenrolled", { exact: true }),
  ).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
