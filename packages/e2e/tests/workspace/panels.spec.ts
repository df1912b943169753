import type { Locator, Page } from "@playwright/test";
import { signIn } from "../support/auth.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { expectTermOnlyInPostBodies, recordRequests } from "../support/private-search.js";
import { CLINICS, USERS } from "../support/users.js";

const worklist = (page: Page) => page.getByRole("list", { name: "Patients, riskiest first" });

/**
 * Another person at the same browser. Sessions stay live (no sign-out), so signing the same
 * account in again reuses its session instead of needing a fresh authenticator code.
 */
async function switchTo(page: Page, user: (typeof USERS)[keyof typeof USERS]) {
  await page.context().clearCookies();
  await signIn(page, user);
}

/** Picks the option whose text contains `text` ("Desert Sky … (12 patients)"). */
async function chooseOption(select: Locator, text: string) {
  const value = await select.locator("option", { hasText: text }).first().getAttribute("value");
  await select.selectOption(value!);
}

/** The caseload table's row of one coordinator. */
const coordinatorRow = (page: Page, name: string) =>
  page.getByRole("table", { name: "Caseload per coordinator" }).getByRole("row").filter({ hasText: name });

test("a supervisor reassigns a patient and the coordinator's worklist changes", async ({
  page,
  consoleErrors,
}, testInfo) => {
  // Casey's worklist: the first Maple Grove patient on her own panel (Jordan works only Maple Grove).
  await signIn(page, USERS.coordinator);
  const row = worklist(page)
    .locator("[data-patient-id]")
    .filter({ hasText: CLINICS.maple })
    .filter({ hasText: "My panel" })
    .first();
  await expect(row).toBeVisible();
  const patientId = (await row.getAttribute("data-patient-id"))!;
  const name = (await row.locator("span.font-semibold").first().textContent())!.trim();

  // The supervisor finds the patient on Casey's panel and gives them to Jordan.
  await switchTo(page, USERS.supervisor);
  const seen = recordRequests(page);
  await page.getByRole("navigation").getByRole("link", { name: "Panel assignment" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Panel assignment" })).toBeVisible();
  const filters = page.getByRole("form", { name: "Filter patients" });
  await filters.getByLabel("Clinic").selectOption({ label: CLINICS.maple });
  await filters.getByLabel("Coordinator").selectOption({ label: USERS.coordinator.name });
  const lastName = name.split(",")[0]!;
  await filters.getByLabel("Name starts with").fill(lastName);
  await filters.getByRole("button", { name: "Show" }).click();
  // The searched list has loaded once the address carries the filters (selection resets per
  // list); the name was posted and is not among them.
  await expect(page).toHaveURL(/[?&]clinic=.*&coordinator=/);
  const patients = page.getByRole("table", { name: "Panel patients" });
  const patientRow = patients.getByRole("row").filter({ hasText: name });
  await expect(patientRow).toContainText(USERS.coordinator.name);

  const bulk = page.getByRole("group", { name: "Bulk assignment" });
  await expect(bulk.getByRole("button", { name: "Assign" })).toBeDisabled();
  await patientRow.getByRole("checkbox", { name: `Select ${name}` }).check();
  await expect(bulk).toContainText("1 selected");
  await bulk.getByLabel("Assign to").selectOption({ label: USERS.jordan.name });
  await bulk.getByRole("button", { name: "Assign 1" }).click();
  await expect(page.getByText(`1 patient now on ${USERS.jordan.name}'s panel`)).toBeVisible();
  // The list is still filtered to Casey's panel: the patient has left it.
  await expect(patientRow).toHaveCount(0);
  await filters.getByLabel("Coordinator").selectOption({ label: USERS.jordan.name });
  await filters.getByRole("button", { name: "Show" }).click();
  await expect(patients.getByRole("row").filter({ hasText: name })).toContainText(USERS.jordan.name);
  await expect(filters.getByLabel("Name starts with")).toHaveValue(lastName);
  for (const text of await patients.locator("tbody tr").allInnerTexts()) expect(text).toContain(lastName);
  expectTermOnlyInPostBodies(page, seen, lastName);
  await snap(page, testInfo, "workspace", "panel-assignment");

  // Casey no longer has the patient; Jordan does.
  await switchTo(page, USERS.coordinator);
  await expect(worklist(page).locator("[data-patient-id]").first()).toBeVisible();
  await expect(worklist(page).locator(`[data-patient-id="${patientId}"]`)).toHaveCount(0);

  await switchTo(page, USERS.jordan);
  await expect(worklist(page).locator(`[data-patient-id="${patientId}"]`)).toBeVisible();
  await expect(worklist(page).locator("[data-patient-id]").filter({ hasText: CLINICS.desert })).toHaveCount(0);
  await snap(page, testInfo, "workspace", "worklist-second-coordinator");
  expect(consoleErrors).toEqual([]);
});

test("the caseload page shows each coordinator's load and moves a clinic's caseload", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.supervisor);
  await open(page, "/caseload");
  await expect(page.getByRole("heading", { level: 1, name: "Caseload" })).toBeVisible();
  const casey = coordinatorRow(page, USERS.coordinator.name);
  const jordan = coordinatorRow(page, USERS.jordan.name);
  // Columns: coordinator, clinics, patients, minutes, touched, billable, at risk, open tasks.
  const patientsOf = async (row: typeof casey) => Number(await row.getByRole("cell").nth(2).textContent());
  const caseyBefore = await patientsOf(casey);
  const jordanBefore = await patientsOf(jordan);
  expect(caseyBefore).toBeGreaterThan(5);
  await expect(casey.getByRole("cell").nth(1)).toContainText(CLINICS.desert);

  // The productivity charts name every coordinator with a panel.
  const chart = page.getByRole("figure", { name: "Panel patients by progress this month" });
  await expect(chart.getByText(USERS.coordinator.name)).toBeVisible();
  await expect(chart.getByText(USERS.jordan.name)).toBeVisible();
  await expect(page.getByRole("figure", { name: "Minutes logged on their panel this month" })).toBeVisible();
  await snap(page, testInfo, "workspace", "caseload");

  // Casey cannot lose Maple Grove while patients there are on her panel.
  await casey.getByRole("button", { name: `Clinics of ${USERS.coordinator.name}` }).click();
  const clinicsDialog = page.getByRole("dialog", { name: `Clinics ${USERS.coordinator.name} works` });
  await clinicsDialog.getByRole("button", { name: `Remove ${CLINICS.maple}` }).click();
  await expect(clinicsDialog.getByText(/still has \d+ patients in this clinic/)).toBeVisible();
  await clinicsDialog.getByRole("button", { name: "Done" }).click();

  // Jordan takes Desert Sky too, then Casey's whole Desert Sky caseload moves to Jordan.
  await jordan.getByRole("button", { name: `Clinics of ${USERS.jordan.name}` }).click();
  const jordanClinics = page.getByRole("dialog", { name: `Clinics ${USERS.jordan.name} works` });
  await jordanClinics.getByRole("button", { name: `Assign ${CLINICS.desert}` }).click();
  await expect(jordanClinics.getByText(`${USERS.jordan.name} now works ${CLINICS.desert}.`)).toBeVisible();
  await jordanClinics.getByRole("button", { name: "Done" }).click();
  await expect(jordan.getByRole("cell").nth(1)).toContainText(CLINICS.desert);

  await casey.getByRole("button", { name: `Move ${USERS.coordinator.name}'s patients` }).click();
  const move = page.getByRole("dialog", { name: `Move ${USERS.coordinator.name}'s patients` });
  await chooseOption(move.getByLabel("Clinic"), CLINICS.desert);
  await chooseOption(move.getByLabel("Move to"), USERS.jordan.name);
  const moveButton = move.getByRole("button", { name: /^Move \d+ patients?$/ });
  const moving = Number(/(\d+)/.exec((await moveButton.textContent())!)![1]);
  await moveButton.click();
  await expect(page.getByText(new RegExp(`Moved ${moving} patients?.* to ${USERS.jordan.name}`))).toBeVisible();
  await expect.poll(() => patientsOf(jordan)).toBe(jordanBefore + moving);
  expect(await patientsOf(casey)).toBe(caseyBefore - moving);

  // And back, so the demo data stays as it was for the other specs.
  await jordan.getByRole("button", { name: `Move ${USERS.jordan.name}'s patients` }).click();
  const back = page.getByRole("dialog", { name: `Move ${USERS.jordan.name}'s patients` });
  await chooseOption(back.getByLabel("Clinic"), CLINICS.desert);
  await chooseOption(back.getByLabel("Move to"), USERS.coordinator.name);
  await back.getByRole("button", { name: /^Move \d+ patients?$/ }).click();
  await expect.poll(() => patientsOf(casey)).toBe(caseyBefore);
  await jordan.getByRole("button", { name: `Clinics of ${USERS.jordan.name}` }).click();
  await jordanClinics.getByRole("button", { name: `Remove ${CLINICS.desert}` }).click();
  await expect(jordanClinics.getByText(`${USERS.jordan.name} no longer works ${CLINICS.desert}.`)).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
