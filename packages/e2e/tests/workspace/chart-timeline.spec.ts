import { signIn } from "../support/auth.js";
import { letRealSecondsPass } from "../support/db.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { USERS } from "../support/users.js";

test("notes and timed calls appear on the chart timeline, the call's note inside its entry", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.coordinator);
  const list = page.getByRole("list", { name: "Patients, riskiest first" });
  const row = list.locator("[data-patient-id]").nth(3);
  await row.click();
  const patientId = (await row.getAttribute("data-patient-id"))!;
  await expect(page).toHaveURL(new RegExp(`patient=${patientId}`));

  // A timed call, saved with a structured note.
  const rail = page.getByRole("complementary", { name: "Patient tools" });
  await rail.getByRole("button", { name: "Start timer" }).click();
  // The server measures real seconds (the page's clock cannot move them): let a few pass.
  await letRealSecondsPass(2);
  await rail.getByRole("button", { name: "Stop" }).click();
  const form = rail.getByRole("form", { name: "Log this time" });
  await form.getByLabel("Activity").selectOption("patient_call");
  await form.getByLabel("Contact with").selectOption("patient");
  await form.getByLabel("Outcome").selectOption("reached");
  await form.getByLabel("Note").fill("Went over the new metformin dose; no side effects.");
  await snap(page, testInfo, "workspace", "worklist-timer-note");
  await form.getByRole("button", { name: "Save time" }).click();
  await expect(rail.getByText(/Saved: 0 min .*\(measured 00:\d\d\)/)).toBeVisible();

  // On the chart: a separate note about a caregiver call, with topics.
  await open(page, `/patients/${patientId}`);
  const timeline = page.getByTestId("patient-timeline");
  const first = timeline.locator("ol > li").first();
  await expect(first).toContainText(/00:0\d · Call with patient/);
  await expect(first.getByTestId("timeline-note")).toContainText("Patient");
  await expect(first.getByTestId("timeline-note")).toContainText("Reached");
  await expect(first.getByTestId("timeline-note")).toContainText("metformin");

  await page.getByRole("button", { name: "Add note" }).click();
  const dialog = page.getByRole("dialog", { name: "Add an interaction note" });
  await dialog.getByRole("button", { name: "Save note" }).click();
  await expect(dialog.getByText("Write the note before saving it.")).toBeVisible();
  await dialog.getByLabel("Contact with").selectOption("caregiver");
  await dialog.getByLabel("How").selectOption("phone");
  await dialog.getByLabel("Outcome").selectOption("left_message");
  await dialog.getByRole("checkbox", { name: "Medications" }).check();
  await dialog.getByRole("checkbox", { name: "Appointments" }).check();
  await dialog.getByLabel("Note").fill("Asked the daughter to call back about the cardiology visit.");
  await dialog.getByRole("button", { name: "Save note" }).click();
  await expect(dialog).toBeHidden();
  await expect(timeline.getByText("Note saved to the timeline.")).toBeVisible();

  const newest = timeline.locator("ol > li").first();
  await expect(newest).toContainText(`Interaction note by ${USERS.coordinator.name}`);
  await expect(newest).toContainText("Caregiver · Phone");
  await expect(newest).toContainText("Left a message");
  await expect(newest.getByRole("list", { name: "Topics" })).toHaveText(/Medications\s*Appointments/);
  // The call stays second, with its note inside; program events are further down.
  await expect(timeline.locator("ol > li").nth(1)).toContainText(/00:0\d · Call with patient/);
  await expect(timeline.getByText(/^Program: /).first()).toBeVisible();
  await snap(page, testInfo, "workspace", "chart-timeline");
  expect(consoleErrors).toEqual([]);
});
