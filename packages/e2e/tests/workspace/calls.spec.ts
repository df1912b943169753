import type { Page } from "@playwright/test";
import { signIn } from "../support/auth.js";
import { withDb } from "../support/db.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { USERS } from "../support/users.js";

/**
 * The local Twilio stand-in that `npm start` runs beside the workspace (port WORKSPACE_PORT + 1000):
 * what a patient's phone does (answer, text the clinic) is driven there.
 */
function localTwilioUrl(): string {
  // The harness (not product code) needs to know where the stand-in listens.
  // eslint-disable-next-line no-restricted-properties
  const workspacePort = Number(process.env.E2E_WORKSPACE_PORT ?? 3101);
  return `http://127.0.0.1:${workspacePort + 1000}`;
}

const rail = (page: Page) => page.getByRole("complementary", { name: "Patient tools" });
const monthBar = (page: Page) => rail(page).getByRole("progressbar");

/**
 * Selects, from the `from`-th row of the coordinator's own patients on the worklist, a patient whose minutes count toward a code (the
 * top of the queue is left as it is for the other specs: logging time moves a patient down).
 */
async function selectPatientWithMinutes(page: Page, from: number) {
  const list = page.getByRole("list", { name: "Patients, riskiest first" });
  await expect(list.locator("[data-patient-id]").first()).toBeVisible();
  const bar = monthBar(page);
  // On this coordinator's own panel: a patient's inbound texts are "mine" on Calls & messages
  // only then (the worklist's "Mine" also lists unassigned patients).
  const own = list.locator("[data-patient-id]").filter({ hasText: "My panel" });
  const count = await own.count();
  for (let index = from; index < Math.min(from + 16, count); index++) {
    const row = own.nth(index);
    const id = (await row.getAttribute("data-patient-id"))!;
    await row.click();
    await expect(page).toHaveURL(new RegExp(`patient=${id}`));
    await expect(bar).toBeVisible();
    if (/of \d+ min/.test((await bar.getAttribute("aria-valuetext")) ?? "")) return id;
  }
  throw new Error("no patient on the worklist whose minutes count toward a code");
}

/** Calls the selected patient (giving a reason outside calling hours), talks a few seconds, hangs up. */
async function callAndHangUp(page: Page, whileConnected: () => Promise<void> = async () => {}) {
  const panel = rail(page);
  await panel.getByRole("button", { name: "Call patient" }).click();
  const guard = panel.getByRole("form", { name: "Call outside calling hours" });
  const status = panel.getByRole("status").filter({ hasText: /Calling|Ringing|Connected|ended/ });
  await expect(guard.or(status)).toBeVisible();
  if (await guard.isVisible()) {
    await expect(guard.getByText(/Outside calling hours/)).toBeVisible();
    await guard.getByLabel("Reason to call now").fill("Patient asked us to call after work.");
    await guard.getByRole("button", { name: "Call anyway" }).click();
  }
  // The patient's phone rings, then answers (the stand-in answers after ~1 s).
  await expect(panel.getByText(/^From the clinic's number \(\d{3}\) \d{3}-\d{4}/)).toBeVisible();
  await expect(panel.getByRole("status").filter({ hasText: "Connected" })).toBeVisible({
    timeout: 10_000,
  });
  await expect(panel.getByLabel("Talk time")).toHaveText(/^0:0[1-9]$/, { timeout: 5_000 });
  await whileConnected();
  await panel.getByRole("button", { name: "Hang up" }).click();
  // The completed callback arrives through the signed webhook: outcome and draft time.
  await expect(panel.getByRole("status").filter({ hasText: "Call ended" })).toBeVisible({
    timeout: 10_000,
  });
  await expect(
    panel
      .getByRole("form", { name: "After the call" })
      .getByRole("group", { name: "Draft time entry" }),
  ).toBeVisible({ timeout: 10_000 });
}

test("a coordinator calls a patient from the worklist, logs the outcome and confirms the draft time; a text reply appears on the chart", async ({
  page,
  consoleErrors,
}, testInfo) => {
  // A call, a text reply and a chart on a machine shared with other runs: more than 30 s at times.
  test.setTimeout(60_000);
  await signIn(page, USERS.coordinator);
  await expect(page).toHaveURL("/");
  const bar = monthBar(page);
  const patientId = await selectPatientWithMinutes(page, 4);
  const before = Number(await bar.getAttribute("aria-valuenow"));
  const panel = rail(page);
  await callAndHangUp(page, () => snap(page, testInfo, "workspace", "call-connected"));
  const after = panel.getByRole("form", { name: "After the call" });
  await expect(after.getByRole("group", { name: "Draft time entry" })).toBeVisible({
    timeout: 10_000,
  });
  // A call of seconds drafts its seconds: 0 whole minutes, never rounded up to 1 (issue 14).
  await expect(after.getByLabel("Minutes")).toHaveValue("0");
  await expect(after.getByText(/Talk time 0:0\d/)).toBeVisible();
  await after.getByRole("radio", { name: "Answered" }).check();
  await after.getByLabel("Minutes").fill("2");
  await snap(page, testInfo, "workspace", "call-ended");
  await after.getByRole("button", { name: "Save outcome and confirm time" }).click();
  // Two claimed minutes are a claim: the measured talk seconds are what is logged and counted.
  await expect(panel.getByText(/^Call saved: 0:0\d of talk time logged \(2 min claimed\)\.$/)).toBeVisible();
  // The bar counts the month's seconds floored once: the talk seconds move it only when they
  // complete a minute the patient's earlier seconds had started (earlier specs log odd seconds).
  const seconds = await withDb(async (client) => {
    const result = await client.query<{ total: number; talk: number }>(
      `SELECT coalesce(sum(e.duration_seconds), 0)::int AS total,
              coalesce(sum(e.duration_seconds) FILTER (WHERE e.call_id IS NOT NULL AND e.created_at > now() - interval '5 minutes'), 0)::int AS talk
         FROM time_entry e
        WHERE e.patient_id = $1 AND e.service_month = to_char(e.performed_on, 'YYYY-MM')
          AND e.performed_on >= date_trunc('month', now())::date AND e.performer_role = 'clinical_staff'
          AND e.performer_in_us AND e.review_status <> 'rejected' AND NOT e.is_superseded`,
      [patientId],
    );
    return result.rows[0]!;
  });
  expect(seconds.talk).toBeGreaterThan(0);
  const minuteCompleted = Math.floor(seconds.total / 60) - Math.floor((seconds.total - seconds.talk) / 60);
  await expect(bar).toHaveAttribute("aria-valuenow", String(before + minuteCompleted));

  // What the database holds: one call, answered, its entry linked and sourced from the call.
  const stored = await withDb(async (client) => {
    const result = await client.query<{
      disposition: string;
      minutes: number;
      source: string;
      status: string;
    }>(
      `SELECT c.disposition, c.status, e.minutes, e.source FROM call c JOIN time_entry e ON e.call_id = c.id AND e.tenant_id = c.tenant_id
        WHERE c.patient_id = $1 ORDER BY c.created_at DESC LIMIT 1`,
      [patientId],
    );
    return result.rows[0];
  });
  expect(stored).toEqual({
    disposition: "answered",
    status: "completed",
    minutes: 0,
    source: "call",
  });

  // The patient texts the clinic's number back: the message is threaded on the chart.
  const numbers = await withDb(async (client) => {
    const result = await client.query<{ patient: string; clinic: string }>(
      `SELECT pp.number_e164 AS patient, n.number_e164 AS clinic FROM patient_phone pp
         JOIN clinic_phone_number n ON n.tenant_id = pp.tenant_id AND n.is_default
        WHERE pp.patient_id = $1 ORDER BY pp.is_preferred DESC LIMIT 1`,
      [patientId],
    );
    return result.rows[0]!;
  });
  // Unique per run: a re-run on the same database must find this run's reply, not an earlier one.
  const replyText = `Thanks for the call! My new pharmacy is on Elm St. (${testInfo.testId.slice(0, 6)}-${Date.now()})`;
  const reply = await fetch(`${localTwilioUrl()}/sms/inbound`, {
    method: "POST",
    body: JSON.stringify({
      from: numbers.patient,
      to: numbers.clinic,
      body: replyText,
    }),
  });
  expect(((await reply.json()) as { status: number }).status).toBe(200);

  await open(page, `/patients/${patientId}`);
  const thread = page.getByRole("list", { name: "Text thread" });
  await expect(
    thread.getByText(replyText),
  ).toBeVisible();
  await expect(
    // Newest first; earlier runs on the same database may have answered calls of their own.
    page.getByRole("region", { name: "Recent calls" }).getByText("Answered").first(),
  ).toBeVisible();
  await snap(page, testInfo, "workspace", "chart-calls-and-texts");

  // The text also made a task to reply; the coordinator closes it.
  await open(page, "/tasks");
  const task = page.getByRole("row").filter({ hasText: "Reply to the patient's text message" });
  await expect(task).toHaveCount(1);
  await task.getByRole("button", { name: /Close .* with an outcome/ }).click();
  await task.getByLabel("Outcome").fill("Called back; pharmacy updated.");
  await task.getByRole("button", { name: "Close task" }).click();
  await expect(
    page.getByRole("row").filter({ hasText: "Reply to the patient's text message" }),
  ).toHaveCount(0);

  // Calls & messages lists both, newest first: the reply, then the answered call.
  const patient = await withDb(async (client) => {
    const result = await client.query<{ first: string; last: string }>(
      "SELECT first_name AS first, last_name AS last FROM patient WHERE id = $1",
      [patientId],
    );
    return result.rows[0]!;
  });
  const patientName = `${patient.last}, ${patient.first}`;
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Calls & messages" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Calls & messages" })).toBeVisible();
  const log = page.getByRole("table", { name: /Calls and messages/ });
  const rows = log.locator("tbody tr");
  // This patient's rows, newest first (other specs' calls of other patients may be newer still).
  const patientRows = rows.filter({ hasText: patientName });
  await expect(patientRows.first()).toContainText("Text received");
  await expect(patientRows.first()).toContainText(replyText);
  const callRow = rows.filter({ hasText: patientName }).filter({ hasText: "Answered" }).first();
  await expect(callRow).toContainText("Call");
  await expect(callRow.getByRole("cell").nth(5)).toHaveText(/^0:\d\d$/);
  await snap(page, testInfo, "workspace", "calls-and-messages");

  // Searching by the patient's name keeps the name out of the address.
  await page.getByRole("searchbox", { name: "Search calls and messages" }).fill(patient.last);
  await page.getByRole("searchbox", { name: "Search calls and messages" }).press("Enter");
  await expect(page.getByRole("searchbox", { name: "Search calls and messages" })).toHaveValue(
    patient.last,
  );
  // Every row is a patient of that last name (another patient may share it), this one among them.
  await expect(rows.filter({ hasNotText: `${patient.last}, ` })).toHaveCount(0);
  await expect(rows.filter({ hasText: patientName })).not.toHaveCount(0);
  expect(page.url()).not.toContain(patient.last);

  // Only voicemails: none of this coordinator's calls ended in one.
  await page.getByRole("link", { name: "Clear filters" }).first().click();
  // Let that navigation finish first: a filter change that interrupts it makes Remix's single
  // fetch log an AbortError (react-router #14203), as in the audit spec.
  await expect(page.getByRole("link", { name: "Clear filters" })).toHaveCount(0);
  await page
    .getByRole("combobox", { name: "Show", exact: true })
    .selectOption({ label: "Voicemails" });
  await expect(page).toHaveURL(/\/calls\?(.+&)?show=voicemails/);
  await expect(
    page.getByRole("heading", { name: "Nothing matches — try fewer filters" }),
  ).toBeVisible();

  // STOP opts the number out at this clinic: the chart refuses to text it and says why.
  const stop = await fetch(`${localTwilioUrl()}/sms/inbound`, {
    method: "POST",
    body: JSON.stringify({ from: numbers.patient, to: numbers.clinic, body: "STOP" }),
  });
  expect(((await stop.json()) as { twiml: string }).twiml).toContain("Reply START");
  await open(page, `/patients/${patientId}`);
  await page
    .getByRole("form", { name: "Send a text" })
    .getByRole("button", { name: "Send text" })
    .click();
  await expect(page.getByText(/replied STOP .*so it cannot be texted/)).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test("call time left unconfirmed waits on Calls & messages until the coordinator confirms it", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.coordinator);
  const patientId = await selectPatientWithMinutes(page, 8);
  await callAndHangUp(page);

  // The coordinator moves on without confirming: the talk time is still only a draft.
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Calls & messages" })
    .click();
  const pending = page.getByRole("list", { name: "Call time to confirm" });
  const row = pending
    .getByRole("listitem")
    .filter({ has: page.locator(`a[href="/patients/${patientId}"]`) });
  await expect(row).toHaveCount(1);
  await expect(row.getByLabel("Minutes")).toHaveValue("0");
  await snap(page, testInfo, "workspace", "calls-pending-time");

  // Confirming without an outcome says what is missing; with one, the minutes are logged.
  await row.getByRole("button", { name: "Confirm time" }).click();
  await expect(row.getByText("Choose how the call went.")).toBeVisible();
  await row.getByLabel("Outcome").selectOption({ label: "Left voicemail" });
  await row.getByLabel("Minutes").fill("3");
  await row.getByRole("button", { name: "Confirm time" }).click();
  await expect(row).toHaveCount(0);
  const stored = await withDb(async (client) => {
    const result = await client.query<{ minutes: number; source: string; disposition: string }>(
      `SELECT e.minutes, e.source, c.disposition FROM call c JOIN time_entry e ON e.call_id = c.id AND e.tenant_id = c.tenant_id
        WHERE c.patient_id = $1 ORDER BY c.created_at DESC LIMIT 1`,
      [patientId],
    );
    return result.rows[0];
  });
  // The entry counts the measured seconds (0 whole minutes); the 3 typed minutes are the claim.
  expect(stored).toEqual({ minutes: 0, source: "call", disposition: "voicemail" });
  await expect(
    page
      .getByRole("table", { name: /Calls and messages/ })
      .locator("tbody tr")
      .first(),
  ).toContainText("Left voicemail");
  expect(consoleErrors).toEqual([]);
});

test("a vendor admin sees and adds a clinic's caller-ID numbers and sets the recording notice", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.vendorAdmin);
  await open(page, "/admin/clinics");
  await page
    .getByRole("row", { name: /Maple Grove Family Medicine/ })
    .getByRole("link", { name: "Calling and texting" })
    .click();
  await expect(
    page.getByRole("heading", { name: "Calling and texting · Maple Grove Family Medicine" }),
  ).toBeVisible();
  const numbers = page.getByRole("list", { name: "Clinic numbers" });
  await expect(numbers.getByText("(763) 555-9000")).toBeVisible();
  await expect(numbers.getByText("Default")).toBeVisible();
  const add = page.getByRole("form", { name: "Add a number" });
  await add.getByLabel("Number").fill("763-555-9011");
  await add.getByLabel("Label").fill("Care team line");
  await add.getByRole("button", { name: "Add number" }).click();
  await expect(numbers.getByText("(763) 555-9011")).toBeVisible();
  await add.getByLabel("Number").fill("12");
  await add.getByRole("button", { name: "Add number" }).click();
  await expect(page.getByText(/Enter the number with its area code/)).toBeVisible();
  const recording = page.getByRole("form", { name: "Recording settings" });
  await recording.getByLabel("Record calls").check();
  await recording
    .getByLabel(/Notice played to the patient/)
    .fill("This call may be recorded for your care record.");
  await recording.getByRole("button", { name: "Save recording settings" }).click();
  await expect(page.getByText("Recording settings saved.")).toBeVisible();
  await page.reload();
  await expect(
    page.getByRole("form", { name: "Recording settings" }).getByLabel("Record calls"),
  ).toBeChecked();
  await snap(page, testInfo, "workspace", "admin-clinic-calling");
  // Leave the demo clinic as it was (recording off) for other specs.
  await page.getByRole("form", { name: "Recording settings" }).getByLabel("Record calls").uncheck();
  await page
    .getByRole("form", { name: "Recording settings" })
    .getByRole("button", { name: "Save recording settings" })
    .click();
  await expect(page.getByText("Recording settings saved.")).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
