import type { Page } from "@playwright/test";
import { signIn } from "../support/auth.js";
import { clearTimers } from "../support/db.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { expectTermOnlyInPostBodies, recordRequests } from "../support/private-search.js";
import { USERS } from "../support/users.js";

/** The top bar's timer, on every page of the workspace. */
const shellTimer = (page: Page) => page.getByRole("group", { name: "Timer" });
const rail = (page: Page) => page.getByRole("complementary", { name: "Patient tools" });
const worklist = (page: Page) =>
  page.getByRole("list", { name: "Patients, riskiest first" }).locator("[data-patient-id]");

/** Selects the worklist's `index`-th patient; returns its id and the name the list shows. */
async function selectRow(page: Page, index: number) {
  const row = worklist(page).nth(index);
  await row.click();
  const id = (await row.getAttribute("data-patient-id"))!;
  await expect(page).toHaveURL(new RegExp(`patient=${id}`));
  const name = (await row.locator("span.font-semibold").first().textContent())!.trim();
  // The shell knows the patient in view (what t, c and n act on).
  await expect(page.getByTestId("shell-timer").getByRole("button", { name: `Start timer for ${name}` })).toBeVisible();
  return { id, name };
}

// The server keeps one timer per person across tests: each test starts from none.
test.beforeEach(async () => {
  await clearTimers(USERS.coordinator.email);
});

/** The seconds a mm:ss (or h:mm:ss) clock shows. */
const secondsOf = async (page: Page, name: string) => {
  const text = (await page.getByRole("timer", { name }).textContent())!.trim();
  return text.split(":").reduce((total, part) => total * 60 + Number(part), 0);
};

test("one timer: starting a second patient asks to pause or stop the first, and the timer follows every page and a reload", async ({
  page,
  consoleErrors,
}, testInfo) => {
  test.setTimeout(90_000);
  await page.clock.install();
  await signIn(page, USERS.coordinator);
  await open(page, "/");
  await expect(worklist(page).first()).toBeVisible();
  const first = await selectRow(page, 6);

  await page.keyboard.press("t");
  await expect(shellTimer(page)).toContainText(first.name);
  await page.clock.fastForward("00:42");
  await expect(page.getByRole("timer", { name: `Timer for ${first.name}` })).toHaveText(/^00:4\d$/);

  // j moves to the next patient; its rail says another patient's timer runs.
  await page.keyboard.press("j");
  const second = await (async () => {
    const row = worklist(page).nth(7);
    const id = (await row.getAttribute("data-patient-id"))!;
    await expect(page).toHaveURL(new RegExp(`patient=${id}`));
    return { id, name: (await row.locator("span.font-semibold").first().textContent())!.trim() };
  })();
  await expect(rail(page).getByText(`Stopped. A timer runs for ${first.name}.`)).toBeVisible();

  // t on the second patient: the choice is shown, nothing runs twice.
  await page.keyboard.press("t");
  const choice = page.getByRole("dialog", { name: "Another patient's timer is running" });
  await expect(choice).toBeVisible();
  await expect(choice).toContainText(first.name);
  await expect(choice).toContainText(second.name);
  await snap(page, testInfo, "workspace", "time-switch-choice");
  await choice.getByRole("button", { name: "Pause it" }).click();
  await expect(choice).toBeHidden();
  await expect(shellTimer(page)).toContainText(second.name);
  await expect(page.getByTestId("shell-timer").getByText("+1 paused")).toBeVisible();
  await expect(page.getByRole("timer")).toHaveCount(2); // the shell's and the rail's, same timer
  await page.clock.fastForward("00:10");
  const railSeconds = await secondsOf(page, "Time on this patient");
  expect(railSeconds).toBeGreaterThanOrEqual(10);

  // The chart, the care plan, tasks and calls pages all show it; a reload keeps it.
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`/patients/${second.id}`);
  await expect(shellTimer(page)).toContainText(second.name);
  await snap(page, testInfo, "workspace", "time-shell-chart");
  for (const path of [`/patients/${second.id}/care-plan`, "/tasks", "/calls"]) {
    await open(page, path);
    await expect(shellTimer(page)).toContainText(second.name);
  }
  // A reload reads the timer from the server (which measures real seconds, not the page's clock).
  await page.reload();
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await expect(page.getByRole("timer", { name: `Timer for ${second.name}` })).toHaveText(/^\d\d:\d\d$/);

  // Pause and resume from the shell, on a page without the patient.
  await shellTimer(page).getByRole("button", { name: "Pause timer" }).click();
  await expect(shellTimer(page).getByRole("button", { name: "Resume timer" })).toBeVisible();
  await shellTimer(page).getByRole("button", { name: "Resume timer" }).click();

  // t on the chart of the first patient: choose "stop and save" this time; the save form opens.
  await open(page, `/patients/${first.id}`);
  await expect(shellTimer(page)).toContainText(second.name);
  await page.keyboard.press("t");
  await expect(choice).toBeVisible();
  await choice.getByRole("button", { name: "Stop and save it" }).click();
  const save = page.getByRole("dialog", { name: `Save time for ${second.name}` });
  await expect(save).toBeVisible();
  await expect(save.getByText("Stopped when you started timing another patient.")).toBeVisible();
  // Measured minutes are floored: 10-odd seconds prefill 0, never 1.
  await expect(save.getByLabel("Minutes")).toHaveValue("0");
  await snap(page, testInfo, "workspace", "time-save-dialog");
  await save.getByRole("button", { name: "Discard" }).click();
  await expect(save).toBeHidden();
  // The first patient's paused timer runs again.
  await expect(shellTimer(page)).toContainText(first.name);
  await expect(shellTimer(page).getByRole("button", { name: "Pause timer" })).toBeVisible();

  // t again on this chart stops it; with no rail here the save form is a dialog.
  await page.keyboard.press("t");
  const saveFirst = page.getByRole("dialog", { name: `Save time for ${first.name}` });
  await expect(saveFirst).toBeVisible();
  await saveFirst.getByRole("button", { name: "Discard" }).click();
  await expect(shellTimer(page)).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test("idle prompt: after 5 quiet minutes it asks; No removes the idle time, no answer pauses the timer", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await page.clock.install();
  await signIn(page, USERS.coordinator);
  await open(page, "/");
  await expect(worklist(page).first()).toBeVisible();
  const patient = await selectRow(page, 8);
  await rail(page).getByRole("button", { name: "Start timer" }).click();
  const clock = page.getByRole("timer", { name: `Timer for ${patient.name}` });
  await expect(clock).toBeVisible();

  const question = page.getByRole("dialog", { name: "Was this time spent on the patient?" });
  await page.clock.fastForward("04:50");
  await expect(question).toBeHidden();
  await page.clock.fastForward("00:15");
  await expect(question).toBeVisible();
  await snap(page, testInfo, "workspace", "time-idle-prompt");
  await page.clock.fastForward("00:30");
  await question.getByRole("button", { name: "No, remove the idle time" }).click();
  await expect(question).toBeHidden();
  // Five and a half minutes passed; the idle span (all of it: no input since the start) is gone.
  await expect.poll(() => secondsOf(page, `Timer for ${patient.name}`)).toBeLessThan(30);

  // Asked again, and nobody answers: the timer pauses, the unanswered span not counted.
  await page.clock.fastForward("05:01");
  await expect(question).toBeVisible();
  await page.clock.fastForward("02:01");
  const paused = page.getByRole("dialog", { name: "Timer paused" });
  await expect(paused).toBeVisible();
  await expect(question).toBeHidden();
  await expect(shellTimer(page).getByRole("button", { name: "Resume timer" })).toBeVisible();
  await expect.poll(() => secondsOf(page, `Timer for ${patient.name}`)).toBeLessThan(30);
  await paused.getByRole("button", { name: "Leave it paused" }).click();
  await shellTimer(page).getByRole("button", { name: "Stop timer" }).click();
  await rail(page).getByRole("button", { name: "Discard" }).click();
  expect(consoleErrors).toEqual([]);
});

test("keyboard: c calls and n opens a note from every patient page, and Ctrl+K finds a patient by a posted name", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.coordinator);
  await open(page, "/");
  const patient = await selectRow(page, 3);

  // n on the worklist opens this patient's chart with the note form open.
  await page.keyboard.press("n");
  await expect(page).toHaveURL(`/patients/${patient.id}`);
  const note = page.getByRole("dialog", { name: /note/i });
  await expect(note).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(note).toBeHidden();

  // c on the care plan goes to the chart and presses Call there.
  await open(page, `/patients/${patient.id}/care-plan`);
  await page.keyboard.press("c");
  await expect(page).toHaveURL(`/patients/${patient.id}`);
  const calling = page
    .getByRole("form", { name: "Call outside calling hours" })
    .or(page.getByRole("status").filter({ hasText: /Calling|Ringing|Connected/ }));
  await expect(calling).toBeVisible();
  const hangUp = page.getByRole("button", { name: "Hang up" });
  if (await hangUp.isVisible()) await hangUp.click();

  // ? lists every shortcut, the palette's too.
  await page.locator("h1").click();
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help.locator("kbd").getByText("Ctrl K", { exact: true })).toBeVisible();
  await page.keyboard.press("Escape");

  // Ctrl+K: a surname, posted, never in an address; Enter opens the chart.
  await open(page, "/tasks");
  const surname = patient.name.split(",")[0]!.trim();
  const seen = recordRequests(page);
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Go to a patient" });
  await expect(palette).toBeVisible();
  await palette.getByRole("combobox", { name: "Patient" }).fill(surname);
  await expect(palette.getByRole("option").filter({ hasText: patient.name }).first()).toBeVisible();
  await snap(page, testInfo, "workspace", "time-command-palette");
  // Choose the row with this patient's name (several may share the surname).
  await palette.getByRole("option").filter({ hasText: patient.name }).first().hover();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/patients\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expectTermOnlyInPostBodies(page, seen, surname);
  expect(consoleErrors).toEqual([]);
});
