import { randomUUID } from "node:crypto";
import type { Db } from "@carefold/db";
import type { ObjectStorage, Telephony } from "@carefold/integrations";
import type { ApiConfig } from "../config.js";
import { resolveSession } from "../modules/auth/session.service.js";
import type { AppName, Context } from "../trpc/context.js";
import { readCookie, serializeSessionCookie, sessionCookieName } from "./cookies.js";

export interface RequestContext {
  ctx: Context;
  /** Set-Cookie headers produced by the procedures that ran with this context. */
  responseCookies(): string[];
}

/**
 * Client address as decided by our web server (infra/local/web-server.ts), which replaces any
 * incoming copy of this header and trusts X-Forwarded-For only behind a configured proxy.
 */
function clientIp(request: Request): string {
  return request.headers.get("x-carefold-client-ip")?.slice(0, 64) || "unknown";
}

/** Header of the workspace heartbeat: such a request never extends the session by itself. */
export const HEARTBEAT_HEADER = "x-carefold-heartbeat";
const isHeartbeatRequest = (request: Request) => request.headers.get(HEARTBEAT_HEADER) === "1";

/**
 * One context per HTTP request, shared by the tRPC handler and by loaders/actions (through
 * serverCaller), so every entry point authenticates and authorises the same way.
 */
export async function createRequestContext(
  request: Request,
  app: AppName,
  db: Db,
  config: ApiConfig,
  storage: () => ObjectStorage = () => {
    throw new Error("Object storage is not configured for this context.");
  },
  telephony: () => Telephony = () => {
    throw new Error("Telephony is not configured for this context.");
  },
): Promise<RequestContext> {
  const token = readCookie(request.headers.get("cookie"), sessionCookieName(app));
  const resolved = token ? await resolveSession(db, token, app, new Date(), { touch: !isHeartbeatRequest(request) }) : null;
  const ctx: Context = {
    db,
    config,
    storage,
    telephony,
    app,
    meta: {
      ip: clientIp(request),
      userAgent: request.headers.get("user-agent")?.slice(0, 400) ?? null,
      requestId: request.headers.get("x-request-id") ?? randomUUID(),
    },
    auth: resolved && "auth" in resolved ? resolved.auth : null,
    signedOutReason: resolved && "rejected" in resolved ? resolved.rejected : null,
    sessionToken: token,
    cookies: {},
  };
  const isSecure = config.cookieSecure === "always" || new URL(request.url).protocol === "https:";
  return {
    ctx,
    responseCookies: () => {
      const cookies: string[] = [];
      if (ctx.cookies.setSession) {
        cookies.push(serializeSessionCookie(app, ctx.cookies.setSession.token, { maxAgeSeconds: ctx.cookies.setSession.maxAgeSeconds, isSecure }));
      } else if (ctx.cookies.clearSession || (token && !ctx.auth)) {
        cookies.push(serializeSessionCookie(app, null, { isSecure }));
      }
      return cookies;
    },
  };
}
