import { signIn } from "../support/auth.js";
import { undoMonthClose, withDb } from "../support/db.js";
import { expect, snap, test } from "../support/page-checks.js";
import { PORTAL_URL, WORKSPACE_URL, openAppAs } from "../support/patients.js";
import { CLINICS, USERS } from "../support/users.js";

/** Last month in UTC: the month the demo seed fills with time and leaves open for its close. */
function lastMonth() {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return { value: d.toISOString().slice(0, 7), label: d.toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" }) };
}

/**
 * A Maple Grove patient of Dr. Patel's with consent, a signed care plan given to the patient and
 * an initiating visit, topped up to 100 clinical-staff minutes last month (the demo seed gives
 * fewer): enough for 99487 + 99489 once complex MDM is documented.
 */
async function patientWithComplexMinutes(month: string): Promise<{ id: string; name: string }> {
  return withDb(async (db) => {
    const { rows } = await db.query<{ id: string; tenant_id: string; first_name: string; last_name: string }>(
      `SELECT p.id, p.tenant_id, p.first_name, p.last_name
         FROM patient p
         JOIN tenant t ON t.id = p.tenant_id AND t.name = $1
         JOIN practitioner pr ON pr.tenant_id = p.tenant_id AND pr.id = p.billing_practitioner_id
         JOIN app_user u ON u.id = pr.user_id AND u.email = $2
         JOIN program_enrollment pe ON pe.tenant_id = p.tenant_id AND pe.patient_id = p.id AND pe.program = 'ccm' AND pe.status = 'enrolled'
         JOIN care_plan cp ON cp.tenant_id = p.tenant_id AND cp.patient_id = p.id AND cp.status = 'signed'
        WHERE p.qualifying_conditions >= 2
          AND EXISTS (SELECT 1 FROM consent c WHERE c.tenant_id = p.tenant_id AND c.patient_id = p.id AND c.revoked_on IS NULL AND c.obtained_on < $3::date)
          AND EXISTS (SELECT 1 FROM care_plan_version v WHERE v.tenant_id = cp.tenant_id AND v.care_plan_id = cp.id AND v.shared_with_patient_on IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM other_service o WHERE o.tenant_id = p.tenant_id AND o.patient_id = p.id AND o.service_month = $4)
        ORDER BY p.last_name, p.id
        LIMIT 1`,
      [CLINICS.maple, USERS.drPatel.email, `${month}-01`, month],
    );
    const patient = rows[0];
    if (!patient) throw new Error("The demo seed has no suitable patient of Dr. Patel's.");
    const performer = await db.query<{ id: string }>(`SELECT id FROM app_user WHERE email = $1`, [USERS.vendorAdmin.email]);
    await db.query(
      `INSERT INTO time_entry (tenant_id, patient_id, service_month, performed_on, minutes, activity, performer_user_id, performer_role, performer_in_us, source, client_request_id)
       VALUES ($1, $2, $3, $6::date, 100, 'patient_call', $4, 'clinical_staff', true, 'manual', $5)`,
      [patient.tenant_id, patient.id, month, performer.rows[0]!.id, `e2e-complex-mdm-${patient.id}`, `${month}-12`],
    );
    return { id: patient.id, name: `${patient.last_name}, ${patient.first_name}` };
  });
}

test("a practitioner attests complex MDM; the vendor admin's close bills 99487 + 99489", async ({ page, browser, consoleErrors }, testInfo) => {
  test.setTimeout(120_000);
  const month = lastMonth();
  const patient = await patientWithComplexMinutes(month.value);

  // (a) Dr. Patel documents high MDM for last month on the patient's page.
  await signIn(page, USERS.drPatel);
  await page.goto(`${PORTAL_URL}/patients/${patient.id}`);
  const form = page.getByRole("form", { name: "Attest complex medical decision making" });
  await form.getByLabel("Service month").selectOption(month.value);
  await form.getByLabel("Level of medical decision making").selectOption("high");
  await form.getByLabel("Date of the decision").fill(`${month.value}-15`);
  await form.getByLabel("Note (optional)").fill("Insulin titration and new CKD stage 3b: multiple chronic illnesses with progression.");
  await form.getByRole("button", { name: "Attest complex MDM" }).click();
  const attested = page.getByTestId("mdm-attestation").filter({ hasText: "High MDM" });
  await expect(attested).toContainText("In force");
  await expect(attested).toContainText(USERS.drPatel.name);
  // This month too (dated the 1st, never in the future), so the workspace chart can show it.
  const thisMonth = new Date().toISOString().slice(0, 7);
  await form.getByLabel("Service month").selectOption(thisMonth);
  await form.getByLabel("Level of medical decision making").selectOption("moderate");
  await form.getByLabel("Date of the decision").fill(`${thisMonth}-01`);
  await form.getByRole("button", { name: "Attest complex MDM" }).click();
  await expect(page.getByTestId("mdm-attestation").filter({ hasText: "Moderate MDM" })).toContainText("In force");
  await attested.scrollIntoViewIfNeeded();
  await snap(page, testInfo, "portal", "complex-mdm-attested");

  // (b) The vendor admin closes last month for Maple Grove.
  const workspace = await openAppAs(browser, WORKSPACE_URL, USERS.vendorAdmin);
  const w = workspace.page;
  // The chart's month-to-date shows the attestation read-only (coordinators cannot attest).
  await w.goto(`${WORKSPACE_URL}/?scope=all&patient=${patient.id}`);
  const mdmLine = w.getByTestId("mtd-complex-mdm");
  await expect(mdmLine).toContainText("Documented");
  await expect(mdmLine).toContainText(`Moderate on ${thisMonth}-01 by ${USERS.drPatel.name}`);
  await snap(w, testInfo, "workspace", "month-to-date-complex-mdm");
  await w.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Month close" }).click();
  const row = w.getByRole("table", { name: `Month close for ${month.label}` }).getByRole("row").filter({ hasText: CLINICS.maple });
  await row.getByRole("button", { name: `Close ${month.label} for ${CLINICS.maple}` }).click();
  await expect(row).toContainText("Awaiting clinic approval", { timeout: 30_000 });
  expect(workspace.consoleErrors).toEqual([]);
  await workspace.close();

  // (c) The worksheet bills the complex codes for that patient, with their amounts.
  const billed = await withDb(async (db) =>
    (await db.query<{ codes: string[]; status: string; amount_cents: number }>(`SELECT codes, status, amount_cents FROM worksheet_row WHERE patient_id = $1 AND service_month = $2`, [patient.id, month.value])).rows[0],
  );
  expect(billed).toMatchObject({ status: "billable", codes: ["99487", "99489"] });
  expect(billed!.amount_cents).toBeGreaterThan(0);
  const admin = await openAppAs(browser, PORTAL_URL, USERS.mapleAdmin);
  await admin.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Billing" }).click();
  const totals = admin.page.getByRole("table", { name: "Totals by code" });
  await expect(totals).toContainText("99487");
  await expect(totals).toContainText("99489");
  // The patient's row shows the complex codes and the row's amount in dollars, to the cent.
  const patientRow = admin.page.getByRole("row").filter({ hasText: patient.name });
  await expect(patientRow).toContainText("99487, 99489");
  await expect(patientRow).toContainText(`$${(billed!.amount_cents / 100).toFixed(2)}`);
  await snap(admin.page, testInfo, "portal", "billing-worksheet-complex");
  expect(admin.consoleErrors).toEqual([]);
  await admin.close();
  // Later specs (the portal's reports, the workspace's month close) start from last month as the
  // demo seed leaves it: not closed.
  await undoMonthClose(CLINICS.maple, month.value);
  expect(consoleErrors).toEqual([]);
});

test("a vendor admin enters a missing 2026 rate in a clinic's fee schedule", async ({ browser }, testInfo) => {
  const workspace = await openAppAs(browser, WORKSPACE_URL, USERS.vendorAdmin);
  const w = workspace.page;
  await w.goto(`${WORKSPACE_URL}/admin/clinics`);
  await w.getByRole("row").filter({ hasText: CLINICS.maple }).getByRole("link", { name: "Fee schedule" }).click();
  await expect(w.getByRole("heading", { level: 1, name: `Fee schedule · ${CLINICS.maple}` })).toBeVisible();
  await w.getByLabel("Code").fill("99491");
  await w.getByLabel("Year").fill("2026");
  await w.getByLabel("Per unit (USD)").fill("0");
  await w.getByLabel("Source").fill("MAC J6 2026 locality schedule");
  await w.getByRole("button", { name: "Save rate" }).click();
  await expect(w.getByText("A rate must be more than $0.00")).toBeVisible();
  await w.getByLabel("Per unit (USD)").fill("84.50");
  await w.getByRole("button", { name: "Save rate" }).click();
  await expect(w.getByRole("status")).toContainText("99491 for 2026 is now $84.50 a unit.");
  await expect(w.getByTestId("fee-schedule")).toContainText("$84.50");
  await snap(w, testInfo, "workspace", "admin-fee-schedule");
  expect(workspace.consoleErrors).toEqual([]);
  await workspace.close();
});

test("the billing practitioner orders the claim's diagnoses, principal first, on the patient's page", async ({ page, consoleErrors }, testInfo) => {
  // A patient of Dr. Patel's with at least two active chronic diagnoses.
  const patient = await withDb(async (db) => {
    const { rows } = await db.query<{ id: string; tenant_id: string }>(
      `SELECT p.id, p.tenant_id FROM patient p
         JOIN tenant t ON t.id = p.tenant_id AND t.name = $1
         JOIN practitioner pr ON pr.tenant_id = p.tenant_id AND pr.id = p.billing_practitioner_id
         JOIN app_user u ON u.id = pr.user_id AND u.email = $2
        WHERE (SELECT count(*) FROM problem pb WHERE pb.tenant_id = p.tenant_id AND pb.patient_id = p.id AND pb.is_chronic AND pb.resolved_on IS NULL) >= 2
        ORDER BY p.last_name DESC, p.id LIMIT 1`,
      [CLINICS.maple, USERS.drPatel.email],
    );
    return rows[0]!;
  });
  await signIn(page, USERS.drPatel);
  await page.goto(`${PORTAL_URL}/patients/${patient.id}`);
  const list = page.getByRole("list", { name: "Diagnoses on CCM claims" });
  const items = list.getByRole("listitem");
  await expect(items.first()).toContainText("Principal");
  const firstCode = (await items.nth(0).locator(".font-mono").textContent())!.trim();
  const secondCode = (await items.nth(1).locator(".font-mono").textContent())!.trim();

  await items.nth(1).getByRole("button", { name: `Move ${secondCode} up` }).click();
  await expect(page.getByText("Saved. The next close puts the diagnoses on the claim in this order.")).toBeVisible();
  await expect(items.nth(0)).toContainText(secondCode);
  await expect(items.nth(0)).toContainText("Principal");
  await expect(items.nth(1)).toContainText(firstCode);
  await snap(page, testInfo, "portal", "claim-diagnosis-order");

  // What the close reads: the claim rank on the problem list.
  const ranks = await withDb(async (db) => {
    const { rows } = await db.query<{ code: string; rank: number | null }>(
      `SELECT icd10_code AS code, claim_rank AS rank FROM problem WHERE tenant_id = $1 AND patient_id = $2 AND claim_rank IS NOT NULL ORDER BY claim_rank`,
      [patient.tenant_id, patient.id],
    );
    return rows.map((r) => r.code);
  });
  expect(ranks.slice(0, 2)).toEqual([secondCode, firstCode]);
  expect(consoleErrors).toEqual([]);
});
