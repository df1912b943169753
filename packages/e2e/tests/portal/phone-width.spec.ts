import { signIn } from "../support/auth.js";
import { expect, snap, test } from "../support/page-checks.js";
import { USERS } from "../support/users.js";

/**
 * At phone width (390 px) the sidebar would leave the page ~130 px: it becomes a drawer that the
 * top bar's menu button opens, and following a link closes it (issue 18 item 4).
 */
test.use({ viewport: { width: 390, height: 844 } });

test("at 390 px a clinic admin opens the navigation drawer, follows a link and the page has the width", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.mapleAdmin);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeHidden();
  // The page's own content gets the whole width, not what a sidebar leaves.
  const main = await page.locator("main").boundingBox();
  expect(main!.width).toBeGreaterThan(380);

  await snap(page, testInfo, "portal", "phone-overview");
  const menu = page.getByRole("button", { name: "Open navigation" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.click();
  await expect(nav).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await snap(page, testInfo, "portal", "phone-navigation-open");

  // Escape closes it; a link closes it and navigates.
  await page.keyboard.press("Escape");
  await expect(nav).toBeHidden();
  await menu.click();
  await nav.getByRole("link", { name: "Patients", exact: true }).click();
  await expect(page).toHaveURL("/patients");
  await expect(nav).toBeHidden();
  await expect(page.getByRole("heading", { level: 1, name: "Patients" })).toBeVisible();

  // The backdrop closes it too.
  await menu.click();
  await page
    .getByRole("button", { name: "Close navigation" })
    .click({ position: { x: 370, y: 400 } });
  await expect(nav).toBeHidden();
  expect(consoleErrors).toEqual([]);
});

test("at desktop width the sidebar stays and there is no menu button", async ({
  page,
  consoleErrors,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, USERS.mapleAdmin);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Open navigation" })).toBeHidden();
  expect(consoleErrors).toEqual([]);
});
