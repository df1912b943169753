import { signIn, signOut } from "../support/auth.js";
import { clearTimers } from "../support/db.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { USERS } from "../support/users.js";

// The server keeps one timer per person across tests: each test starts from none.
test.beforeEach(async () => {
  await clearTimers(USERS.coordinator.email);
});

/** An ISO date `days` before the given one. */
function daysBefore(iso: string, days: number) {
  const date = new Date(`${iso}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

test("a back-dated manual entry from the chart goes to review with its reason, and the supervisor sees who, when and the minutes", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.coordinator);
  await open(page, "/");
  const row = page
    .getByRole("list", { name: "Patients, riskiest first" })
    .locator("[data-patient-id]")
    .nth(12);
  const patientId = (await row.getAttribute("data-patient-id"))!;
  await open(page, `/patients/${patientId}`);
  const name = (await page.getByRole("heading", { level: 1 }).textContent())!.trim();

  await page.getByRole("button", { name: "Add time manually" }).click();
  const dialog = page.getByRole("dialog", { name: `Add time for ${name}` });
  const form = dialog.getByRole("form", { name: "Add time manually" });
  const today = await form.getByLabel("Date").inputValue();
  // Eight days back is beyond the 7-day window; the first of the month keeps it in an open month.
  const firstOfMonth = `${today.slice(0, 8)}01`;
  const backdated = daysBefore(today, 8) >= firstOfMonth ? daysBefore(today, 8) : firstOfMonth;
  const isBeyondWindow = backdated < daysBefore(today, 7);
  await form.getByLabel("Date").fill(backdated);
  await form.getByLabel("Start time").fill("09:30");
  await form.getByLabel("Minutes").fill(isBeyondWindow ? "17" : "61");
  await form.getByLabel("Activity").selectOption("care_plan_review");
  await form.getByLabel("Note").fill("Updated the care plan after the cardiology letter.");
  if (backdated < today) await expect(form.getByText(/^Back-dated \d+ days?\./)).toBeVisible();
  await snap(page, testInfo, "workspace", "time-manual-entry");
  await form.getByRole("button", { name: "Save time" }).dblclick();
  await expect(dialog).toBeHidden();
  const minutes = isBeyondWindow ? 17 : 61;
  const reason = isBeyondWindow ? "back-dated" : "long entry";
  await expect(
    page.getByText(new RegExp(`Saved: ${minutes} min for ${name} on ${backdated}\\. A supervisor reviews it:.*${reason}`)),
  ).toBeVisible();
  await signOut(page);

  await signIn(page, USERS.supervisor);
  await open(page, "/time-review");
  const entry = page
    .getByRole("row")
    .filter({ hasText: name.split(" ").reverse().join(", ") })
    .filter({ hasText: `${minutes} min` });
  await expect(entry).toHaveCount(1);
  await expect(entry.getByText(USERS.coordinator.name)).toBeVisible();
  await expect(entry.getByText(backdated)).toBeVisible();
  await expect(entry.getByText("9:30 AM–")).toBeVisible();
  await expect(entry.getByText(isBeyondWindow ? "Back-dated" : "Long entry")).toBeVisible();
  await snap(page, testInfo, "workspace", "time-review-manual");
  expect(consoleErrors).toEqual([]);
});

test("a timer that ran seconds with 90 typed minutes waits for review, and the supervisor sees measured beside claimed", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.coordinator);
  await open(page, "/");
  const row = page
    .getByRole("list", { name: "Patients, riskiest first" })
    .locator("[data-patient-id]")
    .nth(13);
  await row.click();
  await expect(page).toHaveURL(new RegExp(`patient=${await row.getAttribute("data-patient-id")}`));
  const name = (await row.locator("span.font-semibold").first().textContent())!.trim();
  const rail = page.getByRole("complementary", { name: "Patient tools" });
  await rail.getByRole("button", { name: "Start timer" }).click();
  await expect(page.getByRole("timer", { name: `Timer for ${name}` })).toBeVisible();
  await page.waitForTimeout(2_000);
  await rail.getByRole("button", { name: "Stop" }).click();
  const form = rail.getByRole("form", { name: "Log this time" });
  // Seconds measured: the minutes start at 0, never rounded up to 1.
  await expect(form.getByLabel("Minutes")).toHaveValue("0");
  await form.getByLabel("Minutes").fill("90");
  await form.getByRole("button", { name: "Save time" }).click();
  await expect(
    rail.getByText(new RegExp(`Saved: 90 min for ${name} \\(measured 00:0\\d\\)\\. A supervisor reviews it:.*claim over measured`)),
  ).toBeVisible();
  await signOut(page);

  await signIn(page, USERS.supervisor);
  await open(page, "/time-review");
  const entry = page.getByRole("row").filter({ hasText: name }).filter({ hasText: "90 min" });
  await expect(entry).toHaveCount(1);
  await expect(entry.getByLabel("Measured")).toHaveText(/^00:0\d$/);
  await expect(entry.getByText("Claim over measured")).toBeVisible();
  await expect(entry.getByText(USERS.coordinator.name)).toBeVisible();
  await snap(page, testInfo, "workspace", "time-review-measured");
  expect(consoleErrors).toEqual([]);
});
