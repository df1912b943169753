import type { Page } from "@playwright/test";
import { signIn } from "../support/auth.js";
import { ageSessions, clearTimers, withDb } from "../support/db.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { USERS } from "../support/users.js";

const rail = (page: Page) => page.getByRole("complementary", { name: "Patient tools" });

/** Starts a call to the selected patient (with a reason when outside calling hours) until connected. */
async function callUntilConnected(page: Page) {
  const panel = rail(page);
  await panel.getByRole("button", { name: "Call patient" }).click();
  const guard = panel.getByRole("form", { name: "Call outside calling hours" });
  const status = panel.getByRole("status").filter({ hasText: /Calling|Ringing|Connected/ });
  await expect(guard.or(status)).toBeVisible();
  if (await guard.isVisible()) {
    await guard.getByLabel("Reason to call now").fill("Patient asked us to call after work.");
    await guard.getByRole("button", { name: "Call anyway" }).click();
  }
  await expect(panel.getByRole("status").filter({ hasText: "Connected" })).toBeVisible({
    timeout: 10_000,
  });
}

// The session's idle limit is 15 minutes (SESSION_IDLE_MINUTES' default, the demo clinics' too).
// The page's clock is fast-forwarded a minute at a time, and the server's record of the session
// is aged by the same minute: without the call's heartbeat, the server would sign the session out
// after 15 of them (tests/workspace/sign-in.spec.ts shows that sign-out), and the page's own idle
// guard would already have at 14.
test("a 16-minute call with the idle limit at 15 minutes does not sign the coordinator out", async ({
  page,
  consoleErrors,
}, testInfo) => {
  test.setTimeout(120_000);
  await page.clock.install();
  await signIn(page, USERS.coordinator);
  await open(page, "/");
  const list = page.getByRole("list", { name: "Patients, riskiest first" });
  const row = list.locator("[data-patient-id]").nth(10);
  await row.click();
  await expect(page).toHaveURL(new RegExp(`patient=${await row.getAttribute("data-patient-id")}`));
  await callUntilConnected(page);

  for (let minute = 1; minute <= 16; minute++) {
    expect(await ageSessions(USERS.coordinator.email, 1)).toBeGreaterThan(0);
    const beat = page.waitForResponse(
      (r) => new URL(r.url()).pathname === "/api/heartbeat" && r.request().method() === "POST",
    );
    // Every timer that came due fires once (the call panel polls each second: one poll, not 60).
    await page.clock.fastForward("01:00");
    expect((await beat).status()).toBe(200);
    await expect(page.getByRole("dialog", { name: "Are you still there?" })).toBeHidden();
  }
  await expect(rail(page).getByLabel("Talk time")).toHaveText(/^1[6-7]:\d\d$/);
  await snap(page, testInfo, "workspace", "time-long-call");
  expect(new URL(page.url()).pathname).toBe("/");

  await rail(page).getByRole("button", { name: "Hang up" }).click();
  await expect(rail(page).getByRole("status").filter({ hasText: "Call ended" })).toBeVisible({
    timeout: 10_000,
  });
  // The server still knows the session: a reload stays in the workspace.
  await page.reload();
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  expect(new URL(page.url()).pathname).toBe("/");
  await expect(page.getByRole("button", { name: /Account menu/ })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test("a call during a running timer: the talk time and the timer never count the same second", async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(60_000);
  await clearTimers(USERS.coordinator.email);
  await signIn(page, USERS.coordinator);
  await open(page, "/");
  const row = page.getByRole("list", { name: "Patients, riskiest first" }).locator("[data-patient-id]").nth(14);
  await row.click();
  const patientId = (await row.getAttribute("data-patient-id"))!;
  await expect(page).toHaveURL(new RegExp(`patient=${patientId}`));
  const startedAt = Date.now();
  await rail(page).getByRole("button", { name: "Start timer" }).click();
  await expect(rail(page).getByRole("button", { name: "Pause" })).toBeVisible();

  await callUntilConnected(page);
  await page.waitForTimeout(2_000);
  await rail(page).getByRole("button", { name: "Hang up" }).click();
  const after = rail(page).getByRole("form", { name: "After the call" });
  await expect(after.getByRole("group", { name: "Draft time entry" })).toBeVisible({ timeout: 10_000 });
  await after.getByRole("radio", { name: "Answered" }).check();
  await after.getByRole("button", { name: "Save outcome and confirm time" }).click();
  await expect(rail(page).getByText(/^Call saved: /)).toBeVisible();

  await rail(page).getByRole("button", { name: "Stop" }).click();
  const form = rail(page).getByRole("form", { name: "Log this time" });
  await form.getByRole("button", { name: "Save time" }).click();
  await expect(rail(page).getByText(/Saved: 0 min .*\(measured/)).toBeVisible();
  const wallSeconds = (Date.now() - startedAt) / 1000;

  // The call's entry and the timer's: together no more than the time that passed.
  const entries = await withDb(async (client) => {
    const result = await client.query<{ source: string; duration_seconds: number }>(
      `SELECT source, duration_seconds FROM time_entry WHERE patient_id = $1 AND created_at > to_timestamp($2 / 1000.0)`,
      [patientId, startedAt],
    );
    return result.rows;
  });
  expect(entries.map((e) => e.source).sort()).toEqual(["call", "timer"]);
  const counted = entries.reduce((sum, e) => sum + e.duration_seconds, 0);
  expect(counted).toBeLessThanOrEqual(Math.ceil(wallSeconds));
  expect(consoleErrors).toEqual([]);
});
