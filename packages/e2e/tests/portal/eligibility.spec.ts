import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { signIn } from "../support/auth.js";
import { withDb } from "../support/db.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { USERS } from "../support/users.js";

/** The reviewed fixture of the API's tests: a Medicare (HETS-style) 271 saying the patient moved to a Medicare Advantage plan. */
const MOVED_TO_MA = readFileSync(fileURLToPath(new URL("../../../api/src/modules/eligibility/fixtures/271-moved-to-medicare-advantage.txt", import.meta.url)), "utf8");

const ymd = (d: Date) => d.toISOString().slice(0, 10).replaceAll("-", "");
/**
 * The first day of the month before last — the month the demo seed closes, so it has a worksheet —
 * is the plan's start: the coverage is in force today whenever this runs.
 */
const planStart = () => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 2);
  return d.toISOString().slice(0, 10);
};

interface Patient {
  id: string;
  first: string;
  last: string;
  dob: string;
  mbi: string;
}

/**
 * Maple Grove's directory gets traditional Medicare and the Sunrise Health plan, and its first
 * enrolled patient with an MBI a traditional Medicare primary coverage (what a clinic has after
 * importing its panel with coverage). Idempotent.
 */
async function prepareClinic(): Promise<Patient> {
  return withDb(async (client) => {
    const tenant = (await client.query<{ tenant_id: string }>(`SELECT m.tenant_id FROM membership m JOIN app_user u ON u.id = m.user_id WHERE u.email = $1 LIMIT 1`, [USERS.mapleAdmin.email])).rows[0]!.tenant_id;
    // The demo seed's directory already has traditional Medicare; a clinic without one gets it here.
    await client.query(
      `INSERT INTO payer (tenant_id, name, plan_type, edi_payer_id)
       SELECT $1, 'Medicare Part B', 'medicare', '06102' WHERE NOT EXISTS (SELECT 1 FROM payer WHERE tenant_id = $1 AND plan_type = 'medicare')
       ON CONFLICT DO NOTHING`,
      [tenant],
    );
    await client.query(`INSERT INTO payer (tenant_id, name, plan_type, edi_payer_id) VALUES ($1, 'Sunrise Health Medicare PPO', 'medicare_advantage', 'H1234') ON CONFLICT DO NOTHING`, [tenant]);
    const patient = (await client.query<Patient>(
      `SELECT p.id, p.first_name AS first, p.last_name AS last, to_char(p.date_of_birth, 'YYYYMMDD') AS dob, p.mbi FROM patient p
        WHERE p.tenant_id = $1 AND p.mbi IS NOT NULL AND EXISTS (SELECT 1 FROM program_enrollment e WHERE e.tenant_id = p.tenant_id AND e.patient_id = p.id AND e.status = 'enrolled')
        ORDER BY p.last_name, p.first_name LIMIT 1`,
      [tenant],
    )).rows[0]!;
    await client.query(
      `INSERT INTO patient_coverage (tenant_id, patient_id, payer_id, rank, plan_type, member_id, effective_from, source)
       SELECT $1, $2, py.id, 'primary', 'medicare', $3, date_trunc('year', now() - interval '2 months')::date, 'manual' FROM payer py
        WHERE py.tenant_id = $1 AND py.plan_type = 'medicare' AND NOT EXISTS (SELECT 1 FROM patient_coverage c WHERE c.tenant_id = $1 AND c.patient_id = $2)
        LIMIT 1`,
      [tenant, patient.id, patient.mbi.trim()],
    );
    return patient;
  });
}

test("the clinic admin generates a 270, uploads the 271 and sees the patient flagged as moved to Medicare Advantage, with the coverage updated", async ({ page, consoleErrors }, testInfo) => {
  const patient = await prepareClinic();
  const name = `${patient.last}, ${patient.first}`;
  const start = planStart();
  await signIn(page, USERS.mapleAdmin);
  await open(page, "/billing");
  await page.getByRole("link", { name: "Eligibility" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Eligibility · / })).toBeVisible();
  // The month the plan starts in: its changes to review include everything effective by its last day.
  const month = start.slice(0, 7);
  await open(page, `/billing/eligibility?month=${month}`);
  const label = new Date(`${month}-01T00:00:00Z`).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
  await expect(page.getByRole("heading", { level: 1, name: `Eligibility · ${label}` })).toBeVisible();

  await page.getByRole("button", { name: "Generate 270" }).click();
  await expect(page.getByRole("status")).toContainText("270 ready:");
  // One file, to the clinic's traditional Medicare payer (the seed's "Medicare", or the one added above).
  await expect(page.getByRole("status")).toContainText(/ in 1 file \(Medicare[^)]*\)\. Download it below/);
  const inquiries = page.getByRole("table", { name: "270 inquiries" });
  await expect(inquiries.getByRole("button", { name: /^Download eligibility-270-/ }).first()).toBeVisible();

  // The clearinghouse's answer for our patient echoes the trace number the 270 gave them.
  const trace = await withDb(async (client) =>
    (await client.query<{ trace_number: string }>(
      `SELECT s.trace_number FROM eligibility_inquiry_subscriber s JOIN eligibility_inquiry i ON i.tenant_id = s.tenant_id AND i.id = s.inquiry_id
        WHERE s.patient_id = $1 ORDER BY i.created_at DESC LIMIT 1`,
      [patient.id],
    )).rows[0]!.trace_number,
  );
  const answer = MOVED_TO_MA.replace("TRN*2*BOBFIXTURETRACE01", `TRN*2*${trace}`)
    .replace("NM1*IL*1*ADVANTAGE*BOB****MI*2FH5GJ6KM84", `NM1*IL*1*${patient.last.toUpperCase()}*${patient.first.toUpperCase()}****MI*${patient.mbi.trim()}`)
    .replace("DMG*D8*19460704*M", `DMG*D8*${patient.dob}`)
    .replace("DTP*290*D8*20261101", `DTP*290*D8*${start.replaceAll("-", "")}`)
    .replace(/BHT\*0022\*11\*102\*\d{8}/, `BHT*0022*11*102*${ymd(new Date())}`);
  const file = { name: "eligibility-maple-grove.271", mimeType: "text/plain", buffer: Buffer.from(answer, "utf8") };
  await page.getByLabel("271 file").setInputFiles(file);
  await page.getByRole("button", { name: "Upload 271" }).click();
  await expect(page.getByRole("status")).toContainText("271 read: 1 patient, 1 coverage change, 1 to review.");

  const flags = page.getByRole("table", { name: "Eligibility changes to review" });
  const flagged = flags.getByRole("row").filter({ hasText: name });
  await expect(flagged).toContainText("Moved to Medicare Advantage");
  await expect(flagged).toContainText(`Moved to Medicare Advantage: Sunrise Health Medicare PPO from ${start}.`);
  const answers = page.getByRole("table", { name: "Latest eligibility answers" });
  const row = answers.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Sunrise Health Medicare PPO · Medicare Advantage · from");
  await expect(row).toContainText("Yes");
  await snap(page, testInfo, "portal", "billing-eligibility");

  // The patient's primary coverage is now the plan, recorded from the 271.
  const coverage = await withDb(async (client) =>
    (await client.query<{ plan_type: string; from: string; source: string }>(
      `SELECT plan_type, to_char(effective_from, 'YYYY-MM-DD') AS "from", source FROM patient_coverage
        WHERE patient_id = $1 AND rank = 'primary' AND superseded_at IS NULL AND effective_from <= current_date AND (effective_to IS NULL OR effective_to >= current_date)`,
      [patient.id],
    )).rows,
  );
  expect(coverage).toEqual([{ plan_type: "medicare_advantage", from: start, source: "eligibility" }]);
  // …and the chart's coverage shows it.
  await open(page, `/patients/${patient.id}`);
  await expect(page.getByText("Sunrise Health Medicare PPO").first()).toBeVisible();
  await snap(page, testInfo, "portal", "patient-coverage-after-eligibility");
  await open(page, `/billing/eligibility?month=${month}`);

  // The worksheet of that month says, before the close, that an eligibility change is waiting.
  await open(page, `/billing?month=${month}`);
  const notice = page.getByText("1 eligibility change to review");
  await expect(notice).toBeVisible();
  await snap(page, testInfo, "portal", "billing-worksheet-eligibility-notice");
  await page.getByRole("link", { name: "Review eligibility" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Eligibility · ${label}` })).toBeVisible();

  // The same file again is "already read" and changes nothing.
  await page.getByLabel("271 file").setInputFiles(file);
  await page.getByRole("button", { name: "Upload 271" }).click();
  await expect(page.getByRole("status")).toContainText("was already read: nothing changed.");
  await expect(flags.getByRole("row").filter({ hasText: name })).toHaveCount(1);
  expect(consoleErrors).toEqual([]);
});
