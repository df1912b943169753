import { readFile } from "node:fs/promises";
import { signIn } from "../support/auth.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { USERS } from "../support/users.js";
import { inviteClinicUser } from "../support/portal.js";

const CSV_HEADER =
  "chain,seq,at,actor,actorUserId,patientId,action,objectType,objectId,outcome,requestId,ip,userAgent,details";

test("a clinic admin sees the invitation in the audit log and downloads it as CSV", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.mapleAdmin);
  const email = await inviteClinicUser(page, "Avery Brooks", "Clinic staff");

  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Audit log" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  const newest = page.getByTestId("audit-row").first();
  await expect(newest).toContainText("Invited a user");
  await expect(newest).toContainText("users.invite");
  await expect(newest).toContainText(USERS.mapleAdmin.email);
  await expect(newest).toContainText("Succeeded");
  await expect(newest).toContainText("User access");
  // Relative time, with the absolute time on hover.
  const when = newest.locator("time");
  await expect(when).toHaveText(/just now|minute/);
  await expect(when).toHaveAttribute("title", /\d{4}, \d{1,2}:\d{2}:\d{2}/);
  await snap(page, testInfo, "portal", "audit-log");

  // Filters live in the address.
  await page.getByLabel("Result").selectOption({ label: "Denied" });
  await expect(page).toHaveURL(/outcome=denied/);
  await page.getByLabel("Result").selectOption({ label: "Any result" });
  // Each change navigates; the next waits for it (a change that interrupts a navigation in flight
  // makes Remix's single fetch log an AbortError — react-router issue 14203).
  await expect(page).not.toHaveURL(/outcome=denied/);
  await page.getByLabel("Activity").selectOption({ label: "Users and access" });
  await expect(page).toHaveURL(/action=users\./);
  await expect(page.getByTestId("audit-row").first()).toContainText("Invited a user");
  // Members' sign-ins are part of the clinic's log (they are kept in the platform chain).
  await page.getByLabel("Activity").selectOption({ label: "Invitations and sign-in" });
  await expect(page).toHaveURL(/action=auth\./);
  await expect(
    page.getByTestId("audit-row").filter({ hasText: "Signed in" }).first(),
  ).toContainText(USERS.mapleAdmin.email);
  await snap(page, testInfo, "portal", "audit-log-sign-ins");
  await page.getByLabel("Activity").selectOption({ label: "Users and access" });
  await expect(page).toHaveURL(/action=users\./);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(
    /^audit-log-maple-grove-family-medicine-\d{4}-\d{2}-\d{2}\.csv$/,
  );
  const csv = await readFile((await download.path())!, "utf8");
  const [header, ...rows] = csv.trim().split("\r\n");
  expect(header).toBe(CSV_HEADER);
  expect(rows.some((row) => row.includes("users.invite"))).toBe(true);
  expect(csv).not.toContain(email); // the invitee's address is not an audit field (no PHI/PII in the log)

  // The export itself is audited.
  await open(page, "/audit-log");
  await expect(page.getByTestId("audit-row").first()).toContainText("Exported the audit log");
  expect(consoleErrors).toEqual([]);
});
