import { signIn } from "../support/auth.js";
import { withDb } from "../support/db.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { PORTAL_URL, WORKSPACE_URL, openAppAs, snapFromTop } from "../support/patients.js";
import { CLINICS, USERS } from "../support/users.js";

/**
 * A Maple Grove patient enrolled in CCM with consent whose primary coverage (demo seed) is "Maple
 * Advantage HMO", a Medicare Advantage plan with a contracted CCM fee schedule; the spec adds the
 * plan's contracted G0557 of $52.00 for this year, so APCM is priced at the plan's rate too.
 */
async function patientOnAdvantagePlan(): Promise<{ id: string }> {
  return withDb(async (db) => {
    const { rows } = await db.query<{ id: string; tenant_id: string; payer_id: string }>(
      `SELECT p.id, p.tenant_id, pc.payer_id
         FROM patient p
         JOIN tenant t ON t.id = p.tenant_id AND t.name = $1
         JOIN program_enrollment pe ON pe.tenant_id = p.tenant_id AND pe.patient_id = p.id AND pe.program = 'ccm' AND pe.status = 'enrolled'
         JOIN patient_coverage pc ON pc.tenant_id = p.tenant_id AND pc.patient_id = p.id AND pc.rank = 'primary' AND pc.superseded_at IS NULL
         JOIN payer py ON py.tenant_id = pc.tenant_id AND py.id = pc.payer_id AND py.name = $2
        WHERE p.qualifying_conditions >= 2
          AND EXISTS (SELECT 1 FROM consent c WHERE c.tenant_id = p.tenant_id AND c.patient_id = p.id AND c.revoked_on IS NULL)
        ORDER BY p.last_name DESC, p.id
        LIMIT 1`,
      [CLINICS.maple, PLAN],
    );
    const patient = rows[0];
    if (!patient) throw new Error(`The demo seed has no enrolled Maple Grove patient on ${PLAN}.`);
    const admin = await db.query<{ id: string }>(`SELECT id FROM app_user WHERE email = $1`, [USERS.mapleAdmin.email]);
    await db.query("BEGIN");
    await db.query(`SELECT set_config('carefold.tenant_ids', $1, true)`, [patient.tenant_id]);
    await db.query(
      `INSERT INTO payer_fee_schedule_rate (tenant_id, payer_id, code, year, cents, entered_by, source) VALUES ($1, $2, 'G0557', $3, 5200, $4, 'Maple Advantage provider contract, exhibit B')
       ON CONFLICT DO NOTHING`,
      [patient.tenant_id, patient.payer_id, new Date().getUTCFullYear(), admin.rows[0]!.id],
    );
    await db.query("COMMIT");
    return { id: patient.id };
  });
}

const PLAN = "Maple Advantage HMO";

test("program choice: the payer's programs and expected net on the patient page; a clinic admin changes what the plan pays", async ({ page, browser, consoleErrors }, testInfo) => {
  test.setTimeout(120_000);
  const patient = await patientOnAdvantagePlan();

  await signIn(page, USERS.mapleAdmin);
  await open(page, `${PORTAL_URL}/patients/${patient.id}`);
  const section = (p: typeof page, title: string) => p.locator("section").filter({ has: p.getByRole("heading", { name: title, exact: true }) });
  const card = section(page, "Program choice");
  await expect(card).toContainText(`${PLAN} · Medicare Advantage`);
  const programs = card.getByRole("list", { name: "Programs, best first" }).getByRole("listitem");
  await expect(programs).toHaveCount(4);
  const apcm = card.locator("li[data-program=apcm]");
  await expect(apcm).toContainText("Pays: Yes, verify plan rules");
  await expect(apcm).toContainText("Qualifies: Yes");
  await expect(card.locator("li[data-program=rpm]")).toContainText("Not evaluated");
  await apcm.getByText("Why, and the source").click();
  await expect(apcm).toContainText("42 CFR 422.101");
  await apcm.scrollIntoViewIfNeeded();
  await snap(page, testInfo, "portal", "program-choice-card");

  // The plan does not pay APCM after all: the clinic admin says so, with the source.
  await card.getByRole("link", { name: "Edit payer rules" }).click();
  await expect(page.getByRole("heading", { name: "Programs each payer pays" })).toBeVisible();
  const plan = section(page, PLAN);
  await plan.locator("li[data-program=apcm]").getByText("Change the answer").click();
  const rule = plan.getByRole("form", { name: `Rule for APCM at ${PLAN}` });
  await rule.getByLabel("Pays?").selectOption("no");
  await rule.getByLabel("Source").fill("Maple Advantage medical policy MP-207: APCM not covered");
  await rule.getByRole("button", { name: "Save" }).click();
  await expect(plan.locator("li[data-program=apcm]")).toContainText("Saved. Program choice uses it from now on.");
  await expect(plan.locator("li[data-program=apcm]")).toContainText("Does not pay");
  await expect(plan.locator("li[data-program=apcm]")).toContainText("Clinic's rule");
  await snapFromTop(page, testInfo, "portal", "payer-programs");

  await open(page, `${PORTAL_URL}/patients/${patient.id}`);
  const after = section(page, "Program choice").locator("li[data-program=apcm]");
  await expect(after).toContainText("Payer does not pay");
  await expect(after).toContainText("Pays: No (clinic's rule)");
  await expect(after).not.toContainText("Net");

  // The coordinator's chart in the workspace shows the same card.
  const workspace = await openAppAs(browser, WORKSPACE_URL, USERS.vendorAdmin);
  await open(workspace.page, `${WORKSPACE_URL}/patients/${patient.id}`);
  const chartCard = section(workspace.page, "Program choice");
  await expect(chartCard.locator("li[data-program=apcm]")).toContainText("Payer does not pay");
  await expect(chartCard).toContainText(`${PLAN} · Medicare Advantage`);
  await expect(chartCard.locator("li[data-program=apcm]")).not.toContainText("Net");
  await snapFromTop(workspace.page, testInfo, "workspace", "program-choice-card");
  expect(workspace.consoleErrors).toEqual([]);
  await workspace.close();
  expect(consoleErrors).toEqual([]);
});
