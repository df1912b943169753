import { defineConfig } from "@playwright/test";

// Both apps, the worker and the database start exactly as `npm start` starts them, on their own
// ports and database (carefold_e2e), so the browser tests exercise what a user runs.
const PORTAL_PORT = Number(process.env.E2E_PORTAL_PORT ?? 3100);
const WORKSPACE_PORT = Number(process.env.E2E_WORKSPACE_PORT ?? 3101);
// One database per port set, so runs on different ports never reset each other's data. The test
// workers inherit this (tests/support/db.ts reads it).
const DATABASE = (process.env.E2E_DATABASE ??= PORTAL_PORT === 3100 ? "carefold_e2e" : `carefold_${PORTAL_PORT}_e2e`);

export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results/artifacts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    viewport: { width: 1440, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "portal", testDir: "./tests/portal", use: { baseURL: `http://127.0.0.1:${PORTAL_PORT}` } },
    { name: "workspace", testDir: "./tests/workspace", use: { baseURL: `http://127.0.0.1:${WORKSPACE_PORT}` } },
  ],
  webServer: {
    command: "npx tsx ../../infra/local/start.ts",
    url: `http://127.0.0.1:${WORKSPACE_PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      PORTAL_PORT: String(PORTAL_PORT),
      WORKSPACE_PORT: String(WORKSPACE_PORT),
      CAREFOLD_DATABASE: DATABASE,
      CAREFOLD_RESET_DATABASE: "1",
      CAREFOLD_DATA_DIR: `.data/e2e-${PORTAL_PORT}`,
      EMBEDDED_PG_PORT: process.env.E2E_EMBEDDED_PG_PORT ?? "54349",
    },
  },
});
