import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { signIn } from "../support/auth.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { USERS } from "../support/users.js";

/** A month relative to now (UTC), as the demo seed counts them (packages/api/src/seed/demo-billing.ts). */
function monthAgo(n: number) {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - n);
  return {
    value: d.toISOString().slice(0, 7),
    label: d.toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" }),
  };
}

async function download(page: Page, name: string | RegExp) {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name }).click(),
  ]);
  return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}

const dollars = (text: string) => Math.round(Number(text.replace(/[$,]/g, "")) * 100);

test("a clinic admin reads the reports of a closed demo month, changes the months, and downloads CSV and PDF", async ({
  page,
  consoleErrors,
}, testInfo) => {
  // The demo seed closes and approves the month before last for every demo clinic.
  const closed = monthAgo(2);
  const last = monthAgo(1);
  await signIn(page, USERS.mapleAdmin);
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Reports", exact: true }).click();
  await expect(page).toHaveURL("/reports");
  await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Reports", exact: true })).toHaveAttribute(
    "aria-current",
    "page",
  );

  // Revenue: a chart (SVG with a name and description) and its table with the approved month.
  await expect(page.getByRole("img", { name: /Billed amount by month and code/ })).toBeVisible();
  const revenue = page.getByRole("table", { name: "Revenue by month and code" });
  const closedRow = revenue.getByRole("row").filter({ hasText: closed.label });
  await expect(closedRow).toContainText("Approved");
  await expect(revenue.getByRole("columnheader", { name: "99490" })).toBeVisible();
  const shownTotal = dollars(await closedRow.getByRole("cell").last().innerText());
  expect(shownTotal).toBeGreaterThan(0);
  await expect(
    page
      .getByRole("table", { name: "Billable rate by month" })
      .getByRole("row")
      .filter({ hasText: closed.label }),
  ).toContainText("%");
  await expect(
    page.getByRole("heading", { name: `Minutes distribution · ${closed.label}` }),
  ).toBeVisible();
  await expect(page.getByRole("img", { name: /Enrollment and churn/ })).toBeVisible();
  await expect(
    page.getByRole("table", { name: "Coordinator productivity by month" }),
  ).toContainText("Casey Coordinator, RN");
  await snap(page, testInfo, "portal", "reports");

  // A narrower range: the two months before this one (GET parameters: months only).
  await page.getByLabel("First month").fill(closed.value);
  await page.getByLabel("Last month").fill(last.value);
  await page.getByRole("button", { name: "Show months" }).click();
  await expect(page).toHaveURL(new RegExp(`from=${closed.value}&to=${last.value}`));
  await expect(revenue.getByRole("row")).toHaveCount(3);
  await expect(revenue.getByRole("row").filter({ hasText: last.label })).toContainText(
    "Not closed",
  );
  await snap(page, testInfo, "portal", "reports-two-months");

  // CSV of the revenue section: its header and the approved month's amount, in cents.
  const csv = await download(page, "Download Revenue by month and code as CSV");
  expect(csv.name).toBe(
    `maple-grove-family-medicine-report-revenue-${closed.value}-to-${last.value}.csv`,
  );
  const [header, ...rows] = csv.bytes.toString("utf8").trim().split("\r\n");
  expect(header).toBe("service_month,month_status,code,units,patients,amount_cents,amount_usd");
  const closedLines = rows.filter((r) => r.startsWith(`${closed.value},approved,`));
  expect(closedLines.length).toBeGreaterThan(0);
  expect(closedLines.reduce((sum, r) => sum + Number(r.split(",")[5]), 0)).toBe(shownTotal);
  expect(rows).toContain(`${last.value},not_closed,,0,0,0,0.00`);

  // The whole report as one PDF.
  const pdf = await download(page, "Download PDF");
  expect(pdf.name).toBe(`maple-grove-family-medicine-report-${closed.value}-to-${last.value}.pdf`);
  expect(pdf.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");

  // A range that is too long is refused with what to change.
  await open(page, "/reports?from=2020-01&to=2026-01");
  await expect(page.getByRole("alert")).toContainText(
    "A report covers at most 24 months; 2020-01 to 2026-01 is 73. Choose a shorter range.",
  );

  // Months before any close: each section says what it waits for.
  await open(page, "/reports?from=2025-01&to=2025-03");
  await expect(
    page.getByRole("heading", { name: "No closed month in this range yet" }),
  ).toBeVisible();
  await expect(page.getByRole("heading", { name: "March 2025 is not closed" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No time logged in this range" })).toBeVisible();
  await snap(page, testInfo, "portal", "reports-empty");

  // Downloads are in the clinic's audit log.
  await open(page, "/audit-log?action=reports.");
  await expect(page.getByTestId("audit-row").first()).toContainText("Downloaded the report (PDF)");
  expect(consoleErrors).toEqual([]);
});
