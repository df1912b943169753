// `npm test`: build, typecheck, lint, unit + integration (Vitest, real PostgreSQL), end-to-end
// (Playwright in Chromium), then one summary. Uses DATABASE_URL when set; otherwise starts an
// embedded PostgreSQL for the whole run and stops it at the end.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { EmbeddedPostgresHandle } from "@carefold/db/embedded";

// Internal packages are consumed as built JavaScript, and a fresh clone has not built them yet:
// build first, then import them.
const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Step {
  name: string;
  command: string[];
  cwd?: string;
}

const BUILD: Step = { name: "build", command: ["npx", "turbo", "run", "build"] };

const STEPS: Step[] = [
  { name: "typecheck", command: ["npx", "turbo", "run", "typecheck"] },
  { name: "lint", command: ["npx", "eslint", ".", "--max-warnings", "0"] },
  {
    name: "unit + integration",
    command: ["npx", "turbo", "run", "test", "--concurrency=2", "--", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest.json"],
  },
  { name: "end-to-end", command: ["npx", "playwright", "test"], cwd: "packages/e2e" },
];

function run(step: Step, env?: Record<string, string | undefined>): Promise<number> {
  const [cmd, ...args] = step.command;
  return new Promise((done) => {
    const child = spawn(cmd!, args, { cwd: resolve(REPO_ROOT, step.cwd ?? "."), env: env as NodeJS.ProcessEnv | undefined, stdio: "inherit" });
    child.on("exit", (code) => done(code ?? 1));
  });
}

function workspaceDirs(): string[] {
  return ["apps", "packages"].flatMap((group) =>
    readdirSync(join(REPO_ROOT, group)).map((name) => join(REPO_ROOT, group, name)),
  );
}

/** Counts from the JSON reports that Vitest and Playwright wrote during this run. */
function countTests(): { passed: number; failed: number; skipped: number } {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const dir of workspaceDirs()) {
    const vitest = join(dir, "test-results", "vitest.json");
    if (existsSync(vitest)) {
      const r = JSON.parse(readFileSync(vitest, "utf8"));
      total.passed += r.numPassedTests;
      total.failed += r.numFailedTests;
      total.skipped += r.numPendingTests + r.numTodoTests;
    }
  }
  const e2e = join(REPO_ROOT, "packages", "e2e", "test-results", "e2e.json");
  if (existsSync(e2e)) {
    const { stats } = JSON.parse(readFileSync(e2e, "utf8"));
    total.passed += stats.expected + stats.flaky;
    total.failed += stats.unexpected;
    total.skipped += stats.skipped;
  }
  return total;
}

async function main() {
  const results: { name: string; ok: boolean; seconds: number }[] = [];
  console.log(`\n=== ${BUILD.name} ===`);
  const buildStarted = Date.now();
  const buildCode = await run(BUILD);
  results.push({ name: BUILD.name, ok: buildCode === 0, seconds: (Date.now() - buildStarted) / 1000 });
  if (buildCode !== 0) return finish(results);

  const { loadBootstrapEnv, snapshotProcessEnv } = await import("@carefold/env");
  const { startEmbeddedPostgres } = await import("@carefold/db/embedded");
  const bootstrap = loadBootstrapEnv();
  const env: Record<string, string | undefined> = { ...snapshotProcessEnv(), TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", CHECKPOINT_DISABLE: "1" };
  let embedded: EmbeddedPostgresHandle | undefined;
  if (!bootstrap.DATABASE_URL) {
    embedded = await startEmbeddedPostgres({
      dataDir: resolve(REPO_ROOT, bootstrap.CAREFOLD_DATA_DIR, "pg-test"),
      port: bootstrap.EMBEDDED_PG_PORT + 10,
      log: (line) => console.log(`[test] ${line}`),
    });
    env.DATABASE_URL = embedded.adminUrl;
  }
  for (const dir of workspaceDirs()) rmSync(join(dir, "test-results"), { recursive: true, force: true });

  try {
    for (const step of STEPS) {
      console.log(`\n=== ${step.name} ===`);
      const started = Date.now();
      const code = await run(step, env);
      results.push({ name: step.name, ok: code === 0, seconds: (Date.now() - started) / 1000 });
    }
  } finally {
    await embedded?.stop();
  }
  finish(results);
}

function finish(results: { name: string; ok: boolean; seconds: number }[]): never {
  console.log("\n=== summary ===");
  for (const r of results) console.log(`${r.ok ? "PASS" : "FAIL"}  ${r.name.padEnd(20)} ${r.seconds.toFixed(1)} s`);
  const counts = countTests();
  const allOk = results.length === STEPS.length + 1 && results.every((r) => r.ok);
  console.log(`\nTests: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""}`);
  process.exit(allOk && counts.failed === 0 && counts.passed > 0 ? 0 : 1);
}

void main();
