import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { signIn } from "../support/auth.js";
import { expect, test } from "../support/page-checks.js";
import { extractPdfText } from "../support/pdf-text.js";
import { PORTAL_URL, letters, openAppAs, snapFromTop } from "../support/patients.js";
import { CLINICS, USERS } from "../support/users.js";

const chartName = (listName: string) => listName.split(", ").reverse().join(" ");

/**
 * Opens the chart of the first Maple Grove patient with a CCM status (that `fits`, when given) and
 * returns their name as the list shows it ("Garcia, Maria").
 */
async function openMaplePatient(
  page: Page,
  status: string,
  fits?: (page: Page) => Promise<boolean>,
): Promise<string> {
  await page.goto(`/patients?status=${status}`);
  const rows = page
    .getByRole("table", { name: /Patients/ })
    .locator("tbody tr")
    .filter({ hasText: CLINICS.maple });
  await expect(rows.first()).toBeVisible();
  const count = await rows.count();
  for (let i = 0; i < count; i++) {
    const link = rows.nth(i).getByRole("link");
    const listName = (await link.innerText()).trim();
    await link.click();
    await expect(page.getByRole("heading", { level: 1, name: chartName(listName) })).toBeVisible();
    if (!fits || (await fits(page))) return listName;
    await page.goBack();
    await expect(rows.first()).toBeVisible();
  }
  throw new Error(`No ${CLINICS.maple} patient with status ${status} fits this test.`);
}

const carePlanTab = (page: Page) =>
  page.getByRole("navigation", { name: "Patient chart" }).getByRole("link", { name: /Care plan/ });

test("a care plan built from templates is signed by the practitioner in the portal, and its PDF has the goals", async ({
  page,
  consoleErrors,
  browser,
}, testInfo) => {
  const goal = `Walk twenty minutes after lunch on five days a week ${letters(4)}`;
  await signIn(page, USERS.coordinator);
  const listName = await openMaplePatient(page, "consented", async (chart) =>
    (await carePlanTab(chart).innerText()).includes("No care plan"),
  );
  const name = chartName(listName);

  // (c) Start from the condition templates suggested by the problem list.
  await carePlanTab(page).click();
  await expect(
    page.getByRole("heading", { name: "Start the care plan — choose the conditions it covers" }),
  ).toBeVisible();
  const suggested = page.getByRole("checkbox", { checked: true });
  if ((await suggested.count()) === 0)
    await page.getByRole("checkbox", { name: "Hypertension" }).check();
  await page.getByRole("button", { name: /^Start from \d+ templates?$/ }).click();
  await expect(page.getByText("Not saved yet", { exact: true })).toBeVisible();
  const goals = page.getByLabel(/^Goal \d+$/);
  const templateGoal = await goals.first().inputValue();
  expect(templateGoal.length).toBeGreaterThan(5);

  // Tailor it: one goal of the patient's own, with measure, target and date.
  const before = await goals.count();
  await page.getByRole("button", { name: "Add goal" }).click();
  await expect(goals).toHaveCount(before + 1);
  await goals.last().fill(goal);
  await page
    .getByLabel("Measure", { exact: true })
    .last()
    .fill("Days walked, from the step counter");
  await page.getByLabel("Target", { exact: true }).last().fill("5 days a week");
  await page.getByLabel("By", { exact: true }).last().fill("2027-03-31");
  await page.getByLabel("What matters to the patient").fill("Wants to keep gardening.");
  await page.getByRole("button", { name: "Save as version 1" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Version 1 saved" })).toBeVisible();
  await expect(page.getByText("All changes saved.")).toBeVisible();
  const rail = page.getByRole("complementary", { name: "Saving and sign-off" });
  await expect(rail.getByText("Awaiting sign-off").first()).toBeVisible();
  await expect(rail.getByRole("list", { name: "Care plan checklist" })).toContainText(
    "No copy of the care plan is recorded as given to the patient or caregiver.",
  );
  await snapFromTop(page, testInfo, "workspace", "care-plan-editor");

  // (d) The billing practitioner reads and signs it in the clinic portal.
  const portal = await openAppAs(browser, PORTAL_URL, USERS.drPatel);
  await portal.page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Care plans" })
    .click();
  await expect(portal.page.getByRole("heading", { level: 1, name: "Care plans" })).toBeVisible();
  await portal.page
    .getByRole("link", { name: `Review and sign the care plan of ${listName}` })
    .click();
  await expect(portal.page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(portal.page.getByRole("table", { name: "Goals" })).toContainText(goal);
  await expect(portal.page.getByRole("table", { name: "Goals" })).toContainText(templateGoal);
  await portal.page.getByRole("button", { name: "Sign version 1" }).click();
  const confirm = portal.page.getByRole("dialog", { name: "Sign version 1?" });
  await expect(confirm).toContainText(USERS.drPatel.name);
  await confirm.getByRole("button", { name: "Sign care plan" }).click();
  await expect(
    portal.page.getByRole("status").filter({ hasText: "Care plan signed" }),
  ).toContainText(`Signed by ${USERS.drPatel.name}`);
  await expect(portal.page.getByTestId("signature")).toContainText(
    `Signed by ${USERS.drPatel.name}`,
  );
  await snapFromTop(portal.page, testInfo, "portal", "care-plan-signoff");

  // (e) The patient copy is a PDF with the patient's goals in it.
  const [download] = await Promise.all([
    portal.page.waitForEvent("download"),
    portal.page.getByRole("button", { name: "Download PDF" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  const pdf = await readFile(await download.path());
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  const text = extractPdfText(pdf).replace(/\s+/g, " ");
  expect(text).toContain(goal);
  expect(text).toContain(templateGoal);
  expect(text).toContain(name);
  expect(portal.consoleErrors).toEqual([]);
  await portal.close();

  // Back in the workspace: signed, then shared with the patient.
  await page.reload();
  await expect(rail.getByText(`Signed by ${USERS.drPatel.name}`).first()).toBeVisible();
  await rail.getByLabel("How", { exact: true }).selectOption({ label: "Mail" });
  await rail.getByRole("button", { name: "Record as shared" }).click();
  await expect(rail.getByRole("status").filter({ hasText: "Recorded: shared" })).toContainText(
    "by mail",
  );
  await expect(rail.getByTestId("shared")).toContainText("by mail");
  await expect(rail.getByRole("list", { name: "Care plan checklist" })).not.toContainText(
    "No copy of the care plan is recorded",
  );
  expect(consoleErrors).toEqual([]);
});

test("a stale save is refused with a clear message and the edits stay on screen", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.coordinator);
  await openMaplePatient(page, "enrolled");
  await carePlanTab(page).click();
  const start = page.getByRole("button", { name: /^Start (from|a blank)/ });
  const save = page.getByRole("button", { name: /^Save as version \d+$/ });
  await expect(start.or(save)).toBeVisible();
  if (await start.isVisible()) {
    await start.click();
    await save.click();
    await expect(page.getByText("All changes saved.")).toBeVisible();
  }
  const url = page.url();

  const theirs = `Prefers calls in the morning (${letters(4)}).`;
  const mine = `Daughter joins every call; speak slowly (${letters(4)}).`;

  // A colleague has the same plan open in another tab and saves first.
  const other = await page.context().newPage();
  await other.goto(url);
  await other.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await other.getByLabel("What matters to the patient").fill(theirs);
  await other.getByRole("button", { name: /^Save as version \d+$/ }).click();
  await expect(other.getByText("All changes saved.")).toBeVisible();
  const savedByOther = (
    await other.getByRole("button", { name: /^Save as version \d+$/ }).innerText()
  ).match(/\d+/)![0];
  await other.close();

  // This tab still edits the older version: its save is refused, nothing is lost.
  await page.getByLabel("What matters to the patient").fill(mine);
  await save.click();
  const notice = page
    .getByRole("status")
    .filter({ hasText: "Not saved: someone else saved first" });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText("Your edits were not saved");
  await expect(page.getByLabel("What matters to the patient")).toHaveValue(mine);
  await expect(page.getByText("You have unsaved changes.")).toBeVisible();
  await snapFromTop(page, testInfo, "workspace", "care-plan-conflict");

  // Loading the latest version shows the colleague's text.
  const current = Number(savedByOther) - 1;
  await notice.getByRole("button", { name: `Load version ${current}` }).click();
  await expect(page.getByLabel("What matters to the patient")).toHaveValue(theirs);
  await expect(page.getByText("All changes saved.")).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
