import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page, TestInfo } from "@playwright/test";
import { signIn } from "./auth.js";
import { snap } from "./page-checks.js";
import type { TestUser } from "./users.js";

// The test harness (not product code) needs to know where each app listens (playwright.config.ts).
// eslint-disable-next-line no-restricted-properties
const env = process.env;
export const PORTAL_URL = `http://127.0.0.1:${env.E2E_PORTAL_PORT ?? 3100}`;
export const WORKSPACE_URL = `http://127.0.0.1:${env.E2E_WORKSPACE_PORT ?? 3101}`;

/** Upper-case letters only (names in a panel file look like names). */
export const letters = (n = 5) =>
  Array.from({ length: n }, () => String.fromCharCode(65 + Math.floor(Math.random() * 26))).join(
    "",
  );

const MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY";
const pick = (chars: string) => chars[Math.floor(Math.random() * chars.length)]!;

/** A random, well-formed Medicare Beneficiary Identifier (synthetic). */
export function randomMbi(): string {
  const digit = "0123456789";
  const both = MBI_LETTERS + digit;
  return [
    pick("123456789"),
    pick(MBI_LETTERS),
    pick(both),
    pick(digit),
    pick(MBI_LETTERS),
    pick(both),
    pick(digit),
    pick(MBI_LETTERS),
    pick(MBI_LETTERS),
    pick(digit),
    pick(digit),
  ].join("");
}

/** The columns of a panel file (the portal's import template). */
export const PANEL_CSV_HEADER = [
  "first_name",
  "last_name",
  "date_of_birth",
  "sex",
  "mbi",
  "phone",
  "state",
  "billing_practitioner_npi",
  "icd10_codes",
];

/** Writes rows as a CSV file in a fresh temp folder and returns its path. */
export async function writeCsv(fileName: string, rows: string[][]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "carefold-panel-"));
  const file = path.join(dir, fileName);
  const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  await writeFile(file, `${rows.map((r) => r.map(quote).join(",")).join("\n")}\n`);
  return file;
}

/**
 * A signed-in page of the other app, in its own browser context (its own cookies), collecting
 * console errors like the `consoleErrors` fixture does for `page`.
 */
export async function openAppAs(
  browser: Browser,
  baseURL: string,
  user: TestUser,
): Promise<{ page: Page; consoleErrors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(`${m.text()} (${m.location().url})`);
  });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
  await signIn(page, user);
  return { page, consoleErrors, close: () => context.close() };
}

/**
 * `snap()` from the top of the page: full-page shots of a scrolled page draw the sticky top bar,
 * sidebar and rails where they were on screen, in the middle of the picture.
 */
export async function snapFromTop(page: Page, testInfo: TestInfo, app: string, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await snap(page, testInfo, app, name);
}
