import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { signIn } from "../support/auth.js";
import { expect, snap, test } from "../support/page-checks.js";
import { PORTAL_URL, openAppAs } from "../support/patients.js";
import { CLINICS, USERS } from "../support/users.js";

/** Last month in UTC: the month the demo seed fills with time (packages/api/src/seed/demo-billing.ts). */
function lastMonth() {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return { value: d.toISOString().slice(0, 7), label: d.toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" }) };
}

async function downloadText(page: Page, fileName: RegExp) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: fileName }).click()]);
  return { name: download.suggestedFilename(), text: await readFile((await download.path())!, "utf8") };
}

test("a vendor admin closes a demo clinic's month; the clinic admin reviews, excludes, approves and downloads CSV and 837P", async ({ page, browser, consoleErrors }, testInfo) => {
  test.setTimeout(90_000);
  const month = lastMonth();

  // (a) Vendor admin: close last month for Maple Grove from the admin area.
  await signIn(page, USERS.vendorAdmin);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Month close" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Month close" })).toBeVisible();
  const table = page.getByRole("table", { name: `Month close for ${month.label}` });
  const row = table.getByRole("row").filter({ hasText: CLINICS.maple });
  await expect(row).toContainText("Not closed");
  await row.getByRole("button", { name: `Close ${month.label} for ${CLINICS.maple}` }).click();
  await expect(page.getByRole("status")).toContainText(`${CLINICS.maple}: the close of ${month.label} is queued`);
  await expect(row).toContainText("Awaiting clinic approval", { timeout: 20_000 });
  await expect(row.getByRole("button", { name: `Reopen ${CLINICS.maple}` })).toBeVisible();
  await snap(page, testInfo, "workspace", "admin-month-close");

  // (b) Clinic admin: review the worksheet in the portal.
  const portal = await openAppAs(browser, PORTAL_URL, USERS.mapleAdmin);
  const p = portal.page;
  await p.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Billing" }).click();
  await expect(p.getByRole("heading", { level: 1, name: `Billing worksheet · ${month.label}` })).toBeVisible();
  await expect(p.getByText("Awaiting your approval")).toBeVisible();
  await expect(p.getByRole("table", { name: "Totals by code" })).toContainText("99490");
  // Who the claims go out as (the demo profile; the tax id masked to its last 4).
  await expect(p.getByTestId("billing-identity")).toHaveText(`Billed as ${CLINICS.maple} · NPI 1245319599 · Tax id •••••4567 · Place of service 11 Office`);
  await snap(p, testInfo, "portal", "billing-worksheet");

  // A blocked row says why, in plain words, when opened.
  await p.getByRole("navigation", { name: "Filter rows" }).getByRole("link", { name: /^Blocked/ }).click();
  const rows = p.getByRole("table", { name: "Worksheet rows, blocked" });
  const blocked = rows.getByRole("row").nth(1);
  await expect(blocked).toContainText("Blocked");
  // Cells: patient, status, payer, codes, minutes, amount, findings.
  const reason = (await blocked.getByRole("cell").nth(6).innerText()).trim();
  expect(reason.length).toBeGreaterThan(20);
  await blocked.getByRole("link").first().click();
  const details = p.getByLabel("Row details");
  await expect(details).toContainText("Blocks billing");
  await expect(details).toContainText(reason);
  await expect(details.getByRole("heading", { name: "Time entries" })).toBeVisible();
  await snap(p, testInfo, "portal", "billing-worksheet-blocked-row");
  // The row's audit packet: the evidence behind it, as one PDF for an auditor.
  const [packet] = await Promise.all([p.waitForEvent("download"), details.getByRole("button", { name: "Download the audit packet (PDF)" }).click()]);
  expect(packet.suggestedFilename()).toMatch(new RegExp(`^audit-packet-${month.value}-[0-9a-f]{8}\\.pdf$`));
  expect((await readFile((await packet.path())!)).subarray(0, 5).toString()).toBe("%PDF-");

  // Exclude one billable row with a reason.
  await p.getByRole("navigation", { name: "Filter rows" }).getByRole("link", { name: /^Billable/ }).click();
  const billable = p.getByRole("table", { name: "Worksheet rows, billable" }).getByRole("row").nth(1);
  const name = (await billable.getByRole("link").first().innerText()).trim();
  await billable.getByRole("button", { name: `Exclude ${name}` }).click();
  const dialog = p.getByRole("dialog", { name: `Exclude ${name}?` });
  await dialog.getByLabel("Reason").fill("Seen by hospital care management this month");
  await dialog.getByRole("button", { name: "Exclude" }).click();
  await expect(dialog).toBeHidden();
  await expect(p.getByRole("status")).toContainText(`${name} is excluded from this month's claims.`);
  await p.getByRole("navigation", { name: "Filter rows" }).getByRole("link", { name: /^Excluded/ }).click();
  await expect(p.getByRole("table", { name: "Worksheet rows, excluded" })).toContainText("Excluded: Seen by hospital care management this month");

  // Approve, then export and download both claim files.
  await p.getByRole("button", { name: "Approve month" }).click();
  await p.getByRole("dialog", { name: `Approve ${month.label}?` }).getByRole("button", { name: "Approve" }).click();
  await expect(p.getByRole("status")).toContainText("Approved:");
  await expect(p.getByText("Approved", { exact: true })).toBeVisible();
  // Control numbers count per clinic and format across months: another spec (portal remittance)
  // may have exported an earlier month of this clinic first, so the number is read, not assumed.
  await p.getByRole("button", { name: "Export CSV" }).click();
  await expect(p.getByRole("status")).toContainText(new RegExp(`claims-${month.value}-\\d+\\.csv is ready`));
  const csvNumber = /claims-\d{4}-\d{2}-(\d+)\.csv/.exec((await p.getByRole("status").textContent()) ?? "")![1]!;
  // One 837P per payer (issue 24): the demo panel bills traditional Medicare and Medicare Advantage plans.
  await expect(p.getByRole("table", { name: "Totals by payer" })).toContainText("Medicare Advantage");
  await p.getByRole("button", { name: "Export 837P" }).click();
  await expect(p.getByRole("status")).toContainText(new RegExp(`claims-837p-${month.value}-06102-\\d+\\.837p\\.txt \\(Medicare, \\d+\\)`));
  await expect(p.getByRole("status")).toContainText(/\(Maple Advantage HMO, \d+\)|\(Northstar Medicare Advantage, \d+\)/);
  const x12Number = /claims-837p-\d{4}-\d{2}-06102-(\d+)\.837p/.exec((await p.getByRole("status").textContent()) ?? "")![1]!;
  const csv = await downloadText(p, new RegExp(`Download claims-${month.value}-${csvNumber}\\.csv`));
  expect(csv.name).toBe(`claims-${month.value}-${csvNumber}.csv`);
  expect(csv.text.split("\r\n")[0]).toBe(
    "patient_last_name,patient_first_name,mbi,date_of_birth,date_of_service,cpt_hcpcs,units,icd10_codes,icd10_pointers,rendering_npi,billing_npi,place_of_service,staff_minutes,practitioner_minutes,consent_date,amount_usd," +
      "payer_name,payer_id,plan_type,member_id,secondary_payer_name,secondary_payer_id,patient_share_usd,secondary_share_usd",
  );
  expect(csv.text).toContain(",99490,1,");
  expect(csv.text).not.toContain(name.split(", ")[0] + "," + name.split(", ")[1] + ",");
  const x12 = await downloadText(p, new RegExp(`Download claims-837p-${month.value}-06102-${x12Number}\\.`));
  expect(x12.text.startsWith("ISA*00*")).toBe(true);
  expect(x12.text).toContain("ST*837*0001*005010X222A1~");
  expect(x12.text.trimEnd().endsWith(`IEA*1*${x12Number.padStart(9, "0")}~`)).toBe(true);
  await p.getByRole("navigation", { name: "Filter rows" }).getByRole("link", { name: /^All/ }).click();
  await snap(p, testInfo, "portal", "billing-worksheet-approved");
  expect(portal.consoleErrors).toEqual([]);
  await portal.close();

  // (c) Back in the admin area the clinic's month shows as approved. The reopen dialog says what a
  // reopen touches: the claims already sent (a change goes out as a replacement or void) and the invoices.
  await page.reload();
  await expect(row).toContainText("Approved");
  await row.getByRole("button", { name: `Reopen ${CLINICS.maple}` }).click();
  const reopen = page.getByRole("dialog", { name: `Reopen ${month.label} for ${CLINICS.maple}?` });
  const sent = reopen.getByRole("region", { name: "Claims already sent" });
  await expect(sent).toContainText(/\d+ claims? (was|were) exported/);
  await expect(sent).toContainText("original v1");
  await expect(reopen.getByRole("region", { name: "Invoices credited" })).toContainText("None to credit");
  await snap(page, testInfo, "workspace", "admin-month-close-reopen-dialog");
  await reopen.getByRole("button", { name: "Cancel" }).click();
  await expect(reopen).toBeHidden();
  expect(consoleErrors).toEqual([]);
});
