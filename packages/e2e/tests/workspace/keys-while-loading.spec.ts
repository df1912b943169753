import { signIn } from "../support/auth.js";
import { expect, test } from "../support/page-checks.js";
import { USERS } from "../support/users.js";

/**
 * Keys pressed while a page is still hydrating (a coordinator types `j` or `t` as the worklist
 * appears) must not crash React. With single fetch, Remix's browser entry suspends while it decodes
 * the page's data; a key event on the not-yet-hydrated document made React hydrate synchronously
 * and fail with "Root did not complete" (minified error #345). The CPU is slowed to widen the
 * window the way a busy laptop does.
 */
test("pressing keys while the worklist loads throws nothing", async ({ page, consoleErrors }) => {
  test.setTimeout(120_000);
  await signIn(page, USERS.coordinator);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 8 });
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.goto("/", { waitUntil: "commit" });
    const hydrated = page.locator("html[data-hydrated]");
    const giveUpAt = Date.now() + 20_000;
    while ((await hydrated.count()) === 0 && Date.now() < giveUpAt) {
      await page.keyboard.press("j").catch(() => undefined);
    }
    // The page became interactive (after #345 it never did).
    await expect(hydrated).toBeAttached();
  }
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
  await expect(page.getByRole("heading", { level: 1, name: "Worklist" })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
