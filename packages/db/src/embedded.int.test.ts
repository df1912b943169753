// Embedded PostgreSQL recovers from an earlier run that was killed: a stale postmaster.pid, or a
// server left running after its parent process died (kill -9 of `npm start`).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded.js";

const canConnect = async (url: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ ok: number }>("SELECT 1 AS ok");
  await client.end();
  return rows[0]?.ok === 1;
};

/** A running postgres process (a reaped or zombie process has no command line any more). */
const isAlive = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres");
  } catch {
    return false;
  }
};

describe("embedded PostgreSQL", () => {
  it("starts over a stale postmaster.pid left by a killed run", async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), "carefold-embedded-")), "pg");
    const first = await startEmbeddedPostgres({ dataDir, port: 54391 });
    expect(await canConnect(first.adminUrl)).toBe(true);
    await first.stop();
    await writeFile(join(dataDir, "postmaster.pid"), "999999\n/not/here\n");
    const second = await startEmbeddedPostgres({ dataDir, port: 54391 });
    try {
      expect(await canConnect(second.adminUrl)).toBe(true);
    } finally {
      await second.stop();
    }
  }, 120_000);

  it("stops a server orphaned by a kill -9 of its parent, then starts cleanly", async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), "carefold-embedded-")), "pg");
    const module = fileURLToPath(new URL("./embedded.ts", import.meta.url));
    const script = `import { startEmbeddedPostgres } from ${JSON.stringify(module)};
      await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: 54392 });
      console.log("ready"); setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      parent.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
      parent.on("exit", (code) => reject(new Error(`child exited early (${code})`)));
    });
    const orphanPid = Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    parent.removeAllListeners("exit");
    parent.kill("SIGKILL");
    await new Promise((r) => setTimeout(r, 500));
    expect(isAlive(orphanPid)).toBe(true); // the server outlived its parent

    const restarted = await startEmbeddedPostgres({ dataDir, port: 54392 });
    try {
      expect(isAlive(orphanPid)).toBe(false);
      expect(await canConnect(restarted.adminUrl)).toBe(true);
    } finally {
      await restarted.stop();
    }
  }, 120_000);
});
