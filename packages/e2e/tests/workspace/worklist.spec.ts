import type { Locator, Page } from "@playwright/test";
import { signIn, signOut } from "../support/auth.js";
import { clearTimers, letRealSecondsPass } from "../support/db.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { USERS } from "../support/users.js";

/** The month-to-date bar in the right rail (minutes counted by the rules engine). */
const monthBar = (page: Page) =>
  page.getByRole("complementary", { name: "Patient tools" }).getByRole("progressbar");

async function valueOf(bar: Locator): Promise<number> {
  return Number(await bar.getAttribute("aria-valuenow"));
}

// The server keeps one timer per person across tests: each test starts from none.
test.beforeEach(async () => {
  await clearTimers(USERS.coordinator.email);
});

/**
 * A day whose early hours have passed and that lies in this month: yesterday, or today on the 1st
 * (a manual entry may not lie in the future, and last month may be closed).
 */
function pastDay(today: string) {
  if (today.endsWith("-01")) return today;
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/** Worklist rows as the page shows them: minutes, min/day needed. */
async function rowsOf(page: Page) {
  return page.locator("[data-patient-id]").evaluateAll((links) =>
    links.map((link) => ({
      id: link.getAttribute("data-patient-id")!,
      minutes: Number(link.querySelector('[role="progressbar"]')?.getAttribute("aria-valuenow")),
      perDay: Number.parseFloat(/([\d.]+) min\/day/.exec(link.textContent ?? "")?.[1] ?? "0"),
    })),
  );
}

test("a coordinator times the riskiest patient; only measured whole minutes and typed time move the month-to-date bar", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await page.clock.install();
  await signIn(page, USERS.coordinator);
  await expect(page).toHaveURL("/");
  const list = page.getByRole("list", { name: "Patients, riskiest first" });
  await expect(list.locator("[data-patient-id]").first()).toBeVisible();

  // Risk order: patients below 20 minutes first, the most minutes per day needed on top.
  const rows = await rowsOf(page);
  expect(rows.length).toBeGreaterThan(5);
  const firstBilled = rows.findIndex((r) => r.minutes >= 20);
  if (firstBilled >= 0) expect(rows.slice(firstBilled).every((r) => r.minutes >= 20)).toBe(true);
  const below = rows.filter((r) => r.minutes < 20);
  for (let i = 1; i < below.length; i++) {
    expect(below[i - 1]!.perDay).toBeGreaterThanOrEqual(below[i]!.perDay);
  }
  await expect(list.getByText(/Callable now|Not now/).first()).toBeVisible();

  // j / k move the selection; the top patient is selected again with k.
  const top = list.locator("[data-patient-id]").first();
  const second = list.locator("[data-patient-id]").nth(1);
  await page.keyboard.press("j");
  await expect(second).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("k");
  await expect(top).toHaveAttribute("aria-current", "true");
  await top.click();
  await expect(page).toHaveURL(new RegExp(`patient=${rows[0]!.id}`));
  await expect(page.getByRole("link", { name: "Open chart" })).toHaveAttribute(
    "href",
    `/patients/${rows[0]!.id}`,
  );

  const bar = monthBar(page);
  await expect(bar).toBeVisible();
  const before = await valueOf(bar);

  // Start, let five minutes pass on the page's clock, and the timer survives a reload (read from
  // the server, which measures real seconds).
  const rail = page.getByRole("complementary", { name: "Patient tools" });
  await rail.getByRole("button", { name: "Start timer" }).click();
  // The server has started it (its answer is where the page counts from).
  await expect(rail.getByRole("button", { name: "Pause" })).toBeVisible();
  await page.clock.fastForward("05:00");
  await expect(rail.getByRole("timer")).toHaveText(/^05:0\d$/);
  await expect(rail.getByText(/Running, 5 minutes/)).toBeVisible();
  await page.reload();
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await expect(rail.getByRole("timer")).toHaveText(/^\d\d:\d\d$/);

  // A few real seconds for the server to measure (on a quick machine the steps above take < 1 s).
  await letRealSecondsPass(2);
  await rail.getByRole("button", { name: "Stop" }).click();
  const form = rail.getByRole("form", { name: "Log this time" });
  // Whole measured minutes, floored: seconds of real time are 0 minutes, never 1.
  await expect(form.getByLabel("Minutes")).toHaveValue("0");
  await form.getByLabel("Activity").selectOption("patient_call");
  await form.getByLabel("Note").fill("Reviewed blood pressure log by phone.");
  // A double click must log the time once.
  await form.getByRole("button", { name: "Save time" }).dblclick();
  await expect(rail.getByText(/Saved: 0 min .*\(measured 00:\d\d\)/)).toBeVisible();
  await expect(bar).toHaveAttribute("aria-valuenow", String(before));
  await expect(rail.getByRole("timer")).toHaveText("00:00");

  // Time added by hand moves the bar by its minutes.
  await rail.getByRole("button", { name: "Add time manually" }).click();
  const manual = page.getByRole("form", { name: "Add time manually" });
  await manual.getByLabel("Date").fill(pastDay(await manual.getByLabel("Date").inputValue()));
  await manual.getByLabel("Start time").fill("00:01");
  await manual.getByLabel("Minutes").fill("5");
  await manual.getByRole("button", { name: "Save time" }).click();
  await expect(rail.getByText(/Saved: 5 min for /)).toBeVisible();
  await expect(bar).toHaveAttribute("aria-valuenow", String(before + 5));

  await snap(page, testInfo, "workspace", "worklist-queue");
  expect(consoleErrors).toEqual([]);
});

test("a 61-minute entry waits for review and a supervisor approves it", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.coordinator);
  const list = page.getByRole("list", { name: "Patients, riskiest first" });
  const patient = list.locator("[data-patient-id]").nth(2);
  await patient.click();
  const patientId = (await patient.getAttribute("data-patient-id"))!;
  await expect(page).toHaveURL(new RegExp(`patient=${patientId}`));
  const name = (await patient.locator("span.font-semibold").first().textContent())!.trim();
  // 61 minutes logged by hand from the rail (the clinic's early hours, not overlapping other tests).
  const rail = page.getByRole("complementary", { name: "Patient tools" });
  await rail.getByRole("button", { name: "Add time manually" }).click();
  const manual = page.getByRole("form", { name: "Add time manually" });
  await manual.getByLabel("Date").fill(pastDay(await manual.getByLabel("Date").inputValue()));
  // Hours after the other test's entry, whatever the two clinics' time zones.
  await manual.getByLabel("Start time").fill("02:30");
  await manual.getByLabel("Minutes").fill("61");
  await manual.getByRole("button", { name: "Save time" }).click();
  await expect(rail.getByText(/Saved: 61 min .*long entry/)).toBeVisible();
  await signOut(page);

  await signIn(page, USERS.supervisor);
  await open(page, "/time-review");
  await expect(page.getByRole("heading", { level: 1, name: "Time review" })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: name }).filter({ hasText: "61 min" });
  await expect(row.getByText("Long entry")).toBeVisible();
  await snap(page, testInfo, "workspace", "time-review-queue");
  await row.getByRole("button", { name: "Approve" }).click();
  await expect(row).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test("the worklist pages from patient to patient and back, with only ids in the address", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.coordinator);
  await open(page, "/?scope=all");
  const list = page.getByRole("list", { name: "Patients, riskiest first" });
  const pages = page.getByRole("navigation", { name: "Pages" });
  await expect(pages.getByText(/Showing 1–25 of \d+ patients/)).toBeVisible();
  await expect(pages.getByRole("link", { name: "First page" })).toHaveCount(0);
  const firstPage = (await rowsOf(page)).map((r) => r.id);
  expect(firstPage).toHaveLength(25);
  const names = await list.locator("[data-patient-id]").allTextContents();

  await pages.getByRole("link", { name: "Next" }).click();
  await expect(pages.getByText(/Showing 26–\d+ of \d+ patients/)).toBeVisible();
  const url = new URL(page.url());
  expect(url.searchParams.get("after")).toBe(firstPage.at(-1));
  expect(url.searchParams.get("page")).toBe("2");
  // Only ids and numbers: no part of any patient's name travels in the address.
  for (const text of names) {
    const surname = text.split(",")[0]!.trim().split(/\s+/).pop()!;
    expect(decodeURIComponent(page.url())).not.toContain(surname);
  }
  const secondPage = (await rowsOf(page)).map((r) => r.id);
  expect(secondPage.length).toBeGreaterThan(0);
  expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);
  await snap(page, testInfo, "workspace", "worklist-page-2");

  await pages.getByRole("link", { name: "Previous" }).click();
  await expect(pages.getByText(/Showing 1–25 of \d+ patients/)).toBeVisible();
  expect((await rowsOf(page)).map((r) => r.id)).toEqual(firstPage);
  expect(consoleErrors).toEqual([]);
});
