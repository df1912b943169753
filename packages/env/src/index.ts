// The only module in the monorepo that reads process.env (enforced by ESLint).
import { loadEnv } from "./load-env.js";
import { benchShape, bootstrapShape, runtimeShape, webServerShape, workerShape } from "./schemas.js";

export { ConfigError, loadEnv } from "./load-env.js";
export * from "./schemas.js";

export const loadBootstrapEnv = (source?: Record<string, string | undefined>) =>
  loadEnv(bootstrapShape, source);
export const loadRuntimeEnv = (source?: Record<string, string | undefined>) =>
  loadEnv(runtimeShape, source);
export const loadWorkerEnv = (source?: Record<string, string | undefined>) =>
  loadEnv(workerShape, source);

/** A copy of the current environment, for passing to child processes. */
export const snapshotProcessEnv = (): Record<string, string | undefined> => ({ ...process.env });
export const loadBenchEnv = (source?: Record<string, string | undefined>) => loadEnv(benchShape, source);
export const loadWebServerEnv = (source?: Record<string, string | undefined>) => loadEnv(webServerShape, source);
