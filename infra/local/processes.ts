import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const require = createRequire(import.meta.url);
const TSX_LOADER = require.resolve("tsx");

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

type Env = Record<string, string | undefined>;

/** Starts a child with prefixed output; `exited` resolves with its exit code. */
export function startProcess(name: string, args: string[], env: Env, cwd = REPO_ROOT): ManagedProcess {
  const child = spawn(process.execPath, args, { cwd, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split("\n")
      .filter(Boolean)
      .map((line) => `[${name}] ${line}`)
      .join("\n") + "\n";
  child.stdout?.on("data", (c: Buffer) => process.stdout.write(prefix(c)));
  child.stderr?.on("data", (c: Buffer) => process.stderr.write(prefix(c)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { name, child, exited };
}

export function startWebApp(app: "portal" | "workspace", port: number, env: Env): ManagedProcess {
  return startProcess(app, ["--import", TSX_LOADER, "infra/local/serve-app.ts", app], {
    ...env,
    PORT: String(port),
    HOST: "127.0.0.1",
    NODE_ENV: "production",
  });
}

export function startWorker(env: Env): ManagedProcess {
  return startProcess("worker", ["apps/worker/dist/main.js"], { ...env, NODE_ENV: "production" });
}

/** Polls a URL until it answers (any HTTP status), or gives up. */
export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}
