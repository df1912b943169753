// Issue 17, the attacker's probe replayed against the running apps: a second-factor brute force
// (through the sign-in form and through a tRPC batch carrying the browser's cookies) is stopped
// within the budget; a redirect after sign-in stays on our origin; every kind of response carries
// the security headers, and documents' scripts run only by their CSP nonce.
import type { Page } from "@playwright/test";
import { withDb } from "../support/db.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { DEMO_PASSWORD, USERS } from "../support/users.js";

/** Budgets of packages/api/src/modules/auth/mfa.service.ts and http/trpc-limits.ts. */
const SESSION_BUDGET = 5;
const ACCOUNT_BUDGET = 10;
const MAX_BATCH_CALLS = 20;
const target = USERS.desertAdmin;

async function mfaState(email: string) {
  return withDb(async (client) => {
    const { rows } = await client.query<{ failures: number; locked: boolean }>(
      "SELECT mfa_failed_count AS failures, coalesce(locked_until > now(), false) AS locked FROM app_user WHERE email = $1",
      [email],
    );
    return rows[0]!;
  });
}

/** Puts the demo account back as the seed left it, for the specs that sign it in after this one. */
async function unlock(email: string) {
  await withDb((client) => client.query("UPDATE app_user SET mfa_failed_count = 0, locked_until = NULL WHERE email = $1", [email]));
}

async function passwordStep(page: Page) {
  await open(page, "/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(target.email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** One tRPC batch request of `calls` verifyMfa calls, sent with the page's own cookies. */
async function verifyBatch(page: Page, baseURL: string, calls: number) {
  const paths = Array.from({ length: calls }, () => "auth.verifyMfa").join(",");
  const input = Object.fromEntries(Array.from({ length: calls }, (_, i) => [i, { code: String(100_000 + i * 7919).slice(0, 6) }]));
  return page.request.post(`/api/trpc/${paths}?batch=1`, { headers: { Origin: baseURL }, data: input });
}

test.afterEach(async () => {
  await unlock(target.email);
});

test("a second-factor brute force is stopped within the budget, in the form and in a tRPC batch", async ({ page, baseURL }, testInfo) => {
  await unlock(target.email);
  // Through the form: the session ends after its budget of wrong codes.
  await passwordStep(page);
  await expect(page).toHaveURL(/\/sign-in\/verify/);
  for (let i = 0; i < SESSION_BUDGET; i++) {
    await page.getByLabel("Authentication code").fill(String(111_111 + i));
    const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/sign-in/verify"));
    await page.getByRole("button", { name: "Verify and continue" }).click();
    await answered;
    if (i < SESSION_BUDGET - 1) await expect(page.getByText("That code did not match")).toBeVisible();
  }
  await expect(page).toHaveURL(/\/sign-in\?reason=mfa_failed/);
  expect(await mfaState(target.email)).toEqual({ failures: SESSION_BUDGET, locked: false });

  // A new password sign-in does not buy fresh guesses, and a batch is no way round the budget.
  await passwordStep(page);
  await expect(page).toHaveURL(/\/sign-in\/verify/);
  const tooBig = await verifyBatch(page, baseURL!, MAX_BATCH_CALLS + 1);
  expect(tooBig.status()).toBe(400);
  expect(await tooBig.text()).toContain(`at most ${MAX_BATCH_CALLS} calls`);
  const batch = await verifyBatch(page, baseURL!, MAX_BATCH_CALLS);
  const answers = (await batch.json()) as { result?: { data: { ok: boolean } }; error?: unknown }[];
  expect(answers).toHaveLength(MAX_BATCH_CALLS);
  expect(answers.every((a) => a.result?.data.ok === false)).toBe(true);
  expect(await mfaState(target.email)).toEqual({ failures: ACCOUNT_BUDGET, locked: true });

  // Locked: even the right password is answered with the same words any address would get.
  await passwordStep(page);
  await expect(page.getByText(/Too many failed sign-ins for this e-mail address/).first()).toBeVisible();
  await snap(page, testInfo, "portal", "abuse-mfa-locked");
  await withDb(async (client) => {
    const { rows } = await client.query("SELECT 1 FROM platform_audit_event WHERE action = 'auth.mfaLockout' AND actor_label = $1", [target.email]);
    expect(rows.length).toBeGreaterThanOrEqual(1);
  });
});

test("after sign-in a redirectTo never leaves our origin (%09, %0B and friends)", async ({ page, baseURL }) => {
  for (const payload of ["%2F%09%2Fevil.example", "%2F%0B%2Fevil.example", "%2F%5Cevil.example", "%2F%2Fevil.example"]) {
    const response = await open(page, `/sign-in?redirectTo=${payload}`);
    expect(response?.status(), payload).toBe(200);
  }
  await open(page, "/sign-in?redirectTo=%2F%09%2Fevil.example");
  await page.getByLabel("Email", { exact: true }).fill(USERS.mapleAdmin.email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: /Account menu/ })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  expect(new URL(page.url()).pathname).toBe("/");
});

test("every response carries the security headers; documents' scripts run by nonce only", async ({ page, baseURL, consoleErrors }) => {
  const cspViolations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  const document = await open(page, "/sign-in");
  const csp = document!.headers()["content-security-policy"]!;
  const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  expect(nonce, csp).toBeTruthy();
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  // Every inline script React and Remix wrote carries this response's nonce, and the page hydrated.
  const inline = await page.locator("script:not([src])").evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
  expect(inline.length).toBeGreaterThan(0);
  expect(inline.every((n) => n === nonce)).toBe(true);
  const again = await page.request.get("/sign-in");
  expect(again.headers()["content-security-policy"]).not.toContain(nonce!);

  await page.getByLabel("Email", { exact: true }).fill(USERS.mapleAdmin.email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: /Account menu/ })).toBeVisible();

  const responses = {
    trpc: await page.request.post("/api/trpc/auth.me", { headers: { Origin: baseURL! }, data: {} }),
    healthz: await page.request.get("/healthz"),
    csv: await page.request.get("/audit-log/export.csv"),
    pdf: await page.request.get("/reports/export.pdf"),
    asset: await page.request.get("/favicon.svg"),
    notFound: await page.request.get("/no-such-page"),
    refused: await page.request.post("/sign-in", { headers: { Origin: "http://evil.example" }, form: { email: "x@example.org" } }),
  };
  for (const [name, response] of Object.entries(responses)) {
    const headers = response.headers();
    expect(headers["content-security-policy"], name).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"], name).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(headers["x-frame-options"], name).toBe("DENY");
    expect(headers["x-content-type-options"], name).toBe("nosniff");
    expect(headers["referrer-policy"], name).toBe("same-origin");
    // One policy per response (the app must not add a second copy).
    expect(headers["content-security-policy"]!.split("\n"), name).toHaveLength(1);
  }
  expect(responses.csv.headers()["content-type"]).toContain("text/csv");
  expect(responses.pdf.headers()["content-type"]).toContain("application/pdf");
  expect(cspViolations).toEqual([]);
  expect(consoleErrors).toEqual([]);
});
