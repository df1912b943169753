// Process entry for one web app: `node --import tsx infra/local/serve-app.ts <portal|workspace>`.
import { loadWebServerEnv } from "@carefold/env";
import { resolve } from "node:path";
import { REPO_ROOT } from "./processes.js";
import { startWebServer } from "./web-server.js";

const app = process.argv[2];
if (app !== "portal" && app !== "workspace") {
  console.error("usage: serve-app.ts <portal|workspace>");
  process.exit(2);
}
const env = loadWebServerEnv();
const server = await startWebServer({
  appDir: resolve(REPO_ROOT, "apps", app),
  host: env.HOST,
  port: env.PORT,
  allowedOrigins: [app === "portal" ? env.PORTAL_PUBLIC_URL : env.WORKSPACE_PUBLIC_URL],
  trustProxy: env.TRUST_PROXY === "false" ? false : env.TRUST_PROXY === "true" ? true : env.TRUST_PROXY,
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
