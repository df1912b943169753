// The web server in front of each Remix app (portal, workspace), for `npm start`, the end-to-end
// tests and production alike. It sets the security headers on every response (with a fresh CSP
// nonce that Remix's inline scripts carry), refuses cross-site state-changing requests with a
// designed 403 before Remix sees them, decides the client address and protocol itself (trusting
// X-Forwarded-For / X-Forwarded-Proto only from a proxy TRUST_PROXY names), serves the built
// assets, and hands everything else to Remix.
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type Request as ExpressRequest } from "express";
import { CLIENT_IP_HEADER, CLIENT_PROTO_HEADER, createCspNonce, isSameOriginRequest, securityHeaders } from "@carefold/api";
import { pathToFileURL } from "node:url";
import { join } from "node:path";

export interface WebServerOptions {
  appDir: string;
  host: string;
  port: number;
  /** Origins whose pages may post to this app (its own public URL). */
  allowedOrigins: string[];
  /** Express "trust proxy" setting: false locally; the proxy's address or hop count in production. */
  trustProxy: boolean | number | string;
}

function toFetchRequest(req: ExpressRequest): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
  return new Request(`${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`, { method: req.method, headers });
}

const FORBIDDEN_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Request refused — Carefold</title>
<style>body{font-family:system-ui,sans-serif;background:#f6f7f9;color:#1c2430;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;border:1px solid #dde1e7;border-radius:12px;padding:32px 40px;max-width:480px}h1{font-size:20px;margin:0 0 8px}p{margin:0;line-height:1.5;color:#3d4756}</style></head>
<body><main><h1>This request was refused</h1><p>It did not come from a Carefold page, so nothing was changed. If you were using Carefold, go back, reload the page and try again.</p></main></body></html>`;

/** Paths exempt from the origin check because the route verifies a provider signature. */
export const isProviderWebhook = (path: string) => path.startsWith("/webhooks/twilio/") || path === "/webhooks/stripe";

export async function startWebServer(opts: WebServerOptions) {
  const build = (await import(pathToFileURL(join(opts.appDir, "build/server/index.js")).href)) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", opts.trustProxy);
  app.use((req, res, next) => {
    // Decided here, once, for every response and for the app: the client's address and protocol
    // as TRUST_PROXY allows (any incoming copy of our headers is replaced), and the CSP nonce.
    req.headers[CLIENT_IP_HEADER] = req.ip ?? "unknown";
    req.headers[CLIENT_PROTO_HEADER] = req.protocol;
    const nonce = createCspNonce();
    res.locals.cspNonce = nonce;
    res.set(securityHeaders({ isHttps: req.secure, nonce }));
    next();
  });
  app.use(compression());
  app.use("/assets", express.static(join(opts.appDir, "build/client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(join(opts.appDir, "build/client"), { maxAge: "1h" }));
  app.use((req, res, next) => {
    // Provider webhooks come from Twilio and Stripe, not from our pages: they carry no Origin and are
    // verified by their signature in the route instead (Twilio: 403, Stripe: 400 when it does not match).
    if (isProviderWebhook(req.path)) return next();
    if (isSameOriginRequest(toFetchRequest(req), opts.allowedOrigins)) return next();
    res.status(403).type("html").send(FORBIDDEN_PAGE);
  });
  app.all("*", createRequestHandler({ build, mode: "production", getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }) }));
  const server = app.listen(opts.port, opts.host, () => console.log(`listening on http://${opts.host}:${opts.port}`));
  return server;
}
