import { signIn } from "../support/auth.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { USERS } from "../support/users.js";

test("a clinic admin records other services by form and sees a CSV with a bad line refused whole", async ({ page, consoleErrors }, testInfo) => {
  // This month is never closed by the tests, so services can be recorded for it.
  const month = new Date().toISOString().slice(0, 7);
  const label = new Date().toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
  await signIn(page, USERS.mapleAdmin);
  await open(page, `/billing/other-services?month=${month}`);
  await expect(page.getByRole("heading", { level: 1, name: `Other services · ${label}` })).toBeVisible();

  const patient = (await page.getByLabel("Patient").locator("option").first().innerText()).trim();
  await page.getByLabel("CPT/HCPCS code").fill("99495");
  await page.getByRole("button", { name: "Record service" }).click();
  await expect(page.getByRole("status")).toContainText(/Service recorded|already recorded/);
  const table = page.getByRole("table", { name: `Other services, ${label}` });
  await expect(table.getByRole("row").filter({ hasText: patient })).toContainText("99495");

  await page.getByLabel("CSV text (or choose a file below)").fill(`mbi,service_month,code,same_practitioner\n1EG4-TE5-MK73,${month},99495,maybe\n`);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("alert")).toContainText("Nothing was imported: 1 line(s) need fixing.");
  await expect(page.getByRole("alert")).toContainText("Line 2:");
  await snap(page, testInfo, "portal", "billing-other-services");
  expect(consoleErrors).toEqual([]);
});
