import { signIn, totpCode } from "../support/auth.js";
import { latestMailLink, signInAttempts } from "../support/db.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { CLINICS, DEMO_PASSWORD, USERS } from "../support/users.js";

test("a cross-site POST is refused: no sign-in attempt, no session cookie", async ({
  request,
  baseURL,
}) => {
  const form = { email: USERS.mapleAdmin.email, password: DEMO_PASSWORD };
  const before = await signInAttempts(USERS.mapleAdmin.email);

  // A form on another site posting to our sign-in: the web server in front of Remix refuses it
  // with a page that says so, before any action runs (as it does for a Referer-only request or
  // one with neither header).
  const crossSite = await request.post(`${baseURL}/sign-in`, {
    headers: { Origin: "http://evil.example" },
    form,
    maxRedirects: 0,
  });
  expect(crossSite.status()).toBe(403);
  expect(await crossSite.text()).toContain("It did not come from a Carefold page, so nothing was changed.");
  expect(crossSite.headers()["set-cookie"]).toBeUndefined();

  const refererOnly = await request.post(`${baseURL}/sign-in`, {
    headers: { Referer: "http://evil.example/login.html" },
    form,
    maxRedirects: 0,
  });
  expect(refererOnly.status()).toBe(403);
  expect(refererOnly.headers()["set-cookie"]).toBeUndefined();
  expect(await refererOnly.text()).toContain("It did not come from a Carefold page, so nothing was changed.");

  const noOrigin = await request.post(`${baseURL}/sign-in`, { form, maxRedirects: 0 });
  expect(noOrigin.status()).toBe(403);
  expect(noOrigin.headers()["set-cookie"]).toBeUndefined();

  const trpc = await request.post(`${baseURL}/api/trpc/auth.signIn`, {
    headers: { Origin: "http://evil.example" },
    data: form,
  });
  expect(trpc.status()).toBe(403);
  expect(trpc.headers()["set-cookie"]).toBeUndefined();

  expect(await signInAttempts(USERS.mapleAdmin.email)).toBe(before);

  // The same form from our own page signs in.
  const sameSite = await request.post(`${baseURL}/sign-in`, {
    headers: { Origin: baseURL! },
    form,
    maxRedirects: 0,
  });
  expect(sameSite.status()).toBe(302);
  expect(sameSite.headers()["set-cookie"]).toContain("cf_portal_session=");
  expect(sameSite.headers()["set-cookie"]).toContain("HttpOnly");
  expect(sameSite.headers()["set-cookie"]).toContain("SameSite=Lax");
});

test("a clinic that requires two-step sign-in asks for the code, or a recovery code", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await open(page, "/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(USERS.desertAdmin.email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL("/sign-in/verify");
  await expect(page.getByRole("heading", { level: 1, name: "Enter your code" })).toBeVisible();
  await expect(page.getByText(`Signing in as ${USERS.desertAdmin.email}`)).toBeVisible();
  const code = page.getByLabel("Authentication code");
  await expect(code).toHaveAttribute("autocomplete", "one-time-code");
  await expect(code).toHaveAttribute("inputmode", "numeric");
  await expect(code).toBeFocused();
  await snap(page, testInfo, "portal", "verify");

  await page.getByRole("link", { name: "Use a recovery code instead" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Use a recovery code" })).toBeVisible();
  await page.getByLabel("Recovery code").fill("aaaa-bbbb-cccc");
  await page.getByRole("button", { name: "Verify and continue" }).click();
  await expect(page.getByRole("alert")).toContainText(
    "That isn't one of your unused recovery codes.",
  );
  await snap(page, testInfo, "portal", "verify-recovery-error");

  await page.getByRole("link", { name: "Use your authenticator app instead" }).click();
  await page.getByLabel("Authentication code").fill(await totpCode(USERS.desertAdmin.totpSecret, USERS.desertAdmin.email));
  await page.getByRole("button", { name: "Verify and continue" }).click();
  await expect(page).toHaveURL("/");
  await expect(page.getByTestId("current-clinic")).toContainText(CLINICS.desert);
  expect(consoleErrors).toEqual([]);
});

test("a practitioner sees no admin pages, and the address of one says so", async ({
  page,
}, testInfo) => {
  await signIn(page, USERS.drPatel);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Overview" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Account menu/ })).toContainText(
    "Billing practitioner",
  );

  const response = await page.goto("/users");
  expect(response?.status()).toBe(403);
  await expect(
    page.getByRole("heading", { name: "You don't have access to this page" }),
  ).toBeVisible();
  await expect(page.getByText("The user list is for your clinic's administrators.")).toBeVisible();
  // The shell stays: the person can go on working.
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await snap(page, testInfo, "portal", "forbidden");

  const csv = await page.request.get("/audit-log/export.csv");
  expect(csv.status()).toBe(403);
});

test("a forgotten password is reset with an e-mailed link", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await open(page, "/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reset your password" })).toBeVisible();
  await snap(page, testInfo, "portal", "forgot-password");
  await page.getByLabel("Email").fill(USERS.drPatel.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();

  const link = await latestMailLink(USERS.drPatel.email, "password_reset");
  await open(page, new URL(link).pathname);
  await expect(
    page.getByRole("heading", { level: 1, name: "Choose a new password" }),
  ).toBeVisible();
  await page.getByLabel("New password").fill("too-short");
  await page.getByLabel("Type it again").fill("too-short");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.getByText("Use at least 12 characters — this one has 9.")).toBeVisible();
  await snap(page, testInfo, "portal", "reset-password");

  // Back to the demo password, so the account keeps working for everyone else.
  await page.getByLabel("New password").fill(DEMO_PASSWORD);
  await page.getByLabel("Type it again").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page).toHaveURL("/sign-in?reason=password_reset");
  await expect(page.getByText("Your password was changed")).toBeVisible();

  // The link works once.
  await open(page, new URL(link).pathname);
  await page.getByLabel("New password").fill(DEMO_PASSWORD);
  await page.getByLabel("Type it again").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "This link can't be used" }),
  ).toBeVisible();
  await expect(
    page.getByText("This reset link was already used. Request a new one."),
  ).toBeVisible();

  await signIn(page, USERS.drPatel);
  expect(consoleErrors).toEqual([]);
});
