import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, test as base, type Page, type TestInfo } from "@playwright/test";

/**
 * `test` with a `consoleErrors` fixture: every console error and uncaught page error is collected,
 * and the test fails at the end if there were any.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`${message.text()} (${message.location().url})`);
    });
    page.on("pageerror", (error) => errors.push(String(error)));
    await use(errors);
    expect(errors, "console errors on the page").toEqual([]);
  },
});

export { expect };

/** Open a page and wait until React has hydrated it (root sets html[data-hydrated]). */
export async function open(page: Page, url: string) {
  const response = await page.goto(url);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  return response;
}

/**
 * Save a full-page screenshot at the desktop size (attached to the report and written to
 * packages/e2e/screenshots/<app>-<name>.png) and one at laptop size (<app>-<name>-1280.png).
 */
export async function snap(page: Page, testInfo: TestInfo, app: string, name: string) {
  const dir = path.resolve(testInfo.project.testDir, "..", "..", "screenshots");
  await mkdir(dir, { recursive: true });
  const original = page.viewportSize();
  const shots: [string, { width: number; height: number } | null][] = [
    [`${app}-${name}`, null],
    [`${app}-${name}-1280`, { width: 1280, height: 800 }],
  ];
  for (const [file, size] of shots) {
    if (size) await page.setViewportSize(size);
    const body = await screenshotOf(page);
    await testInfo.attach(file, { body, contentType: "image/png" });
    await writeFile(path.join(dir, `${file}.png`), body);
  }
  if (original) await page.setViewportSize(original);
}

/**
 * A full-page screenshot. Chromium now and then never finishes compositing one (seen right after a
 * viewport change, microsoft/playwright#28995), which would hang the test until its timeout: give
 * each attempt 10 s, try once more, then settle for the viewport. Screenshots are for people to
 * look at; no assertion depends on them.
 */
async function screenshotOf(page: Page): Promise<Buffer> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return await page.screenshot({ fullPage: true, animations: "disabled", timeout: 10_000 });
    } catch (error) {
      if (!(error instanceof Error) || !/Timeout/i.test(error.message)) throw error;
    }
  }
  return page.screenshot({ animations: "disabled", timeout: 10_000 });
}

/**
 * The sign-in page both apps share: labelled fields, validation without a round trip to the
 * account, and one generic message for a wrong password (it never says whether the account exists).
 */
export async function checkSignIn(page: Page, product: string) {
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(page.getByText(product, { exact: true }).first()).toBeVisible();
  const email = page.getByLabel("Email", { exact: true });
  const password = page.getByLabel("Password", { exact: true });
  await expect(email).toHaveAttribute("type", "email");
  await expect(email).toHaveAttribute("autocomplete", "username");
  await expect(password).toHaveAttribute("type", "password");
  await expect(password).toHaveAttribute("autocomplete", "current-password");
  await expect(page.getByRole("link", { name: "Forgot password?" })).toHaveAttribute(
    "href",
    "/forgot-password",
  );

  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Enter your password.")).toBeVisible();
  await expect(email).toBeFocused();

  await email.fill("pat.lee@example.org");
  await password.fill("correct horse battery staple");
  await page.getByRole("button", { name: "Sign in" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("We couldn't sign you in");
  await expect(alert).toContainText("That e-mail and password do not match an account.");
  await expect(email).toHaveValue("pat.lee@example.org");
  await expect(password).toHaveValue("");
  await expect(password).toBeFocused();
}

/** /healthz: JSON, never cached, database reachable. */
export async function checkHealthz(page: Page) {
  const response = await page.request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/json");
  expect(response.headers()["cache-control"]).toBe("no-store");
  const report = (await response.json()) as {
    status: string;
    database: string;
    worker: { isStale: boolean };
  };
  expect(report.database).toBe("ok");
  expect(["ok", "degraded"]).toContain(report.status);
}
