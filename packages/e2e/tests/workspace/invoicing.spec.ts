import { signIn } from "../support/auth.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { PORTAL_URL, openAppAs } from "../support/patients.js";
import { CLINICS, USERS } from "../support/users.js";

/** Last month (UTC): the month the demo seed fills with time (packages/api/src/seed/demo-billing.ts). */
function lastMonth() {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return { value: d.toISOString().slice(0, 7), label: d.toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" }) };
}

// Desert Sky, so this spec and the month-close spec (Maple Grove) can run on one database.
const CLINIC = CLINICS.desert;

test("vendor admin sets a contract, invoices an approved demo month through (local) Stripe, the payment webhook marks it paid, and the clinic sees it paid", async ({ page, browser, consoleErrors }, testInfo) => {
  test.setTimeout(150_000);
  const month = lastMonth();
  await signIn(page, USERS.vendorAdmin);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Invoicing" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Invoicing" })).toBeVisible();

  // Contract: per billed patient-month with a monthly minimum.
  await page.getByRole("navigation", { name: "Invoicing" }).getByRole("link", { name: "Contracts" }).click();
  await page.getByRole("button", { name: "Add contract" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a contract" });
  await dialog.getByLabel("Clinic").selectOption({ label: CLINIC });
  await dialog.getByLabel("First service month").fill("2026-01");
  await dialog.getByLabel("Fee per billed patient-month ($)").fill("forty");
  await dialog.getByLabel("Monthly minimum ($)").fill("150");
  await dialog.getByLabel("Billing contact name").fill("Diego Alvarez");
  await dialog.getByLabel("Billing contact e-mail").fill("admin@desertsky.demo");
  await dialog.getByRole("button", { name: "Save contract" }).click();
  await expect(dialog.getByText("Enter the fee in dollars, like 42.00.")).toBeVisible();
  await dialog.getByLabel("Fee per billed patient-month ($)").fill("42.00");
  await snap(page, testInfo, "workspace", "invoicing-contract-form");
  await dialog.getByRole("button", { name: "Save contract" }).click();
  await expect(dialog).toBeHidden();
  const contracts = page.getByRole("table", { name: "Contracts" });
  const row = contracts.getByRole("row").filter({ hasText: CLINIC });
  await expect(row).toContainText("$42.00 per billed patient-month");
  await expect(row).toContainText("$150.00");
  await expect(row).toContainText("In force");
  await snap(page, testInfo, "workspace", "invoicing-contracts");

  // Close last month for the clinic (worker), the clinic admin approves it in the portal.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Month close" }).click();
  const closeRow = page.getByRole("table", { name: `Month close for ${month.label}` }).getByRole("row").filter({ hasText: CLINIC });
  await closeRow.getByRole("button", { name: `Close ${month.label} for ${CLINIC}` }).click();
  await expect(closeRow).toContainText("Awaiting clinic approval", { timeout: 30_000 });
  const clinic = await openAppAs(browser, PORTAL_URL, USERS.desertAdmin);
  const portal = clinic.page;
  await portal.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Billing" }).click();
  await portal.getByRole("button", { name: "Approve month" }).click();
  await portal.getByRole("dialog", { name: `Approve ${month.label}?` }).getByRole("button", { name: "Approve" }).click();
  await expect(portal.getByRole("status")).toContainText("Approved:");

  // The invoice from the approved month: one line per billable worksheet row.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Invoicing" }).click();
  const create = page.getByRole("form", { name: "Create an invoice" });
  await create.getByLabel("Clinic").selectOption({ label: CLINIC });
  await create.getByLabel("Service month").fill(month.value);
  await create.getByRole("button", { name: "Create invoice from approved month" }).click();
  await expect(page).toHaveURL(/\/admin\/invoicing\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
  // The address changes before the invoice is on screen: wait for its first patient-month line.
  await expect(page.getByRole("table", { name: "Invoice lines" }).getByRole("row").filter({ hasText: "Patient-month" }).first()).toBeVisible();
  const patients = (await page.getByRole("table", { name: "Invoice lines" }).getByRole("row").filter({ hasText: "Patient-month" }).allInnerTexts()).map((t) => t.split("\t")[2]!.trim());
  expect(patients.length).toBeGreaterThan(0);
  const lines = page.getByRole("table", { name: "Invoice lines" });
  for (const name of patients) await expect(lines).toContainText(name);
  await page.getByLabel("Description (shown to the clinic)").fill("Onboarding courtesy credit");
  await page.getByLabel("Amount ($)").fill("-10.00");
  await page.getByLabel("Reason (kept with the line)").fill("Agreed at kickoff");
  await page.getByRole("button", { name: "Add line" }).click();
  await expect(page.getByRole("status")).toContainText("Adjustment added.");
  await expect(lines).toContainText("reason: Agreed at kickoff");
  const total = 42_00 * patients.length >= 150_00 ? 42_00 * patients.length - 10_00 : 150_00 - 10_00;
  const totalText = (total / 100).toLocaleString("en-US", { style: "currency", currency: "USD" });
  await expect(page.getByTestId("invoice-total")).toHaveText(totalText);
  const number = (await page.getByRole("heading", { level: 2 }).innerText()).match(/INV-\S+/)![0];
  await snap(page, testInfo, "workspace", "invoicing-invoice-draft");

  await page.getByRole("button", { name: "Send through Stripe" }).click();
  await expect(page.getByRole("status")).toContainText("Sending through Stripe.");
  // The worker picks the outbox up within seconds; the webhook (invoice.finalized) or the worker marks it Open.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("heading", { level: 2 })).toContainText("Open", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  const hosted = await page.getByRole("link", { name: "Hosted invoice" }).getAttribute("href");
  expect(hosted).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invoices\/in_local_/);
  await snap(page, testInfo, "workspace", "invoicing-invoice-open");

  // The local hosted invoice page: pay (simulated) → signed invoice.paid webhook to the workspace.
  const stripePage = await browser.newPage();
  await stripePage.goto(hosted!);
  await expect(stripePage.getByText("Carefold Care Management")).toBeVisible();
  await expect(stripePage.getByText(totalText).first()).toBeVisible();
  await snap(stripePage, testInfo, "stripe", "hosted-invoice-open");
  await stripePage.getByRole("button", { name: /^Pay / }).click();
  await expect(stripePage.getByText(/Paid on/)).toBeVisible();
  await snap(stripePage, testInfo, "stripe", "hosted-invoice-paid");
  await stripePage.close();

  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("heading", { level: 2 })).toContainText("Paid", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await page.getByRole("link", { name: "All invoices" }).click();
  await expect(page.getByRole("table", { name: "Invoices and credit notes" }).getByRole("row").filter({ hasText: number })).toContainText("Paid");
  await snap(page, testInfo, "workspace", "invoicing-invoices");
  await page.getByRole("navigation", { name: "Invoicing" }).getByRole("link", { name: "Stripe events" }).click();
  const events = page.getByRole("table", { name: "Stripe webhook events" });
  await expect(events.getByRole("row").filter({ hasText: "invoice.paid" })).toContainText("Applied");
  await expect(events).toContainText("invoice.finalized");
  await snap(page, testInfo, "workspace", "invoicing-events");
  await page.getByRole("navigation", { name: "Invoicing" }).getByRole("link", { name: "P&L" }).click();
  await page.getByLabel("P&L of").selectOption({ label: CLINIC });
  const pnl = page.getByRole("table", { name: "Profit and loss by service month" });
  await expect(pnl.getByRole("row").filter({ hasText: month.value })).toContainText(totalText);
  await snap(page, testInfo, "workspace", "invoicing-pnl");

  // The clinic admin sees it paid in the portal, with the worksheet rows of each line.
  await open(portal, `${PORTAL_URL}/invoices`);
  const invoiceRow = portal.getByRole("table", { name: "Invoices" }).getByRole("row").filter({ hasText: number });
  await expect(invoiceRow).toContainText("Paid");
  await expect(invoiceRow).toContainText(totalText);
  await expect(invoiceRow.getByRole("link", { name: "Receipt" })).toHaveAttribute("href", hosted!);
  await snap(portal, testInfo, "portal", "invoices");
  await invoiceRow.getByRole("link", { name: number }).click();
  const detail = portal.getByRole("table", { name: "Invoice lines and their worksheet rows" });
  for (const name of patients) await expect(detail).toContainText(name);
  await expect(detail).toContainText("99490");
  await snap(portal, testInfo, "portal", "invoice-detail");
  await clinic.close();
  expect(clinic.consoleErrors).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test("the Stripe webhook endpoint needs no session or origin but refuses a bad signature with 400", async ({ request }) => {
  const payload = JSON.stringify({ id: "evt_forged", object: "event", type: "invoice.paid", created: Math.floor(Date.now() / 1000), data: { object: { id: "in_x", object: "invoice" } } });
  const forged = await request.post("/webhooks/stripe", { data: payload, headers: { "content-type": "application/json", "stripe-signature": `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}` } });
  expect(forged.status()).toBe(400);
  expect(await forged.json()).toEqual({ error: "Invalid signature." });
  const unsigned = await request.post("/webhooks/stripe", { data: payload, headers: { "content-type": "application/json" } });
  expect(unsigned.status()).toBe(400);
  // Any other cross-site POST is still refused by the origin check.
  const elsewhere = await request.post("/admin/invoicing", { form: { tenantId: "x" } });
  expect(elsewhere.status()).toBe(403);
});
