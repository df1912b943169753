import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Db } from "@carefold/db";
import type { ObjectStorage, Telephony, WebhookKind } from "@carefold/integrations";
import type { ApiConfig } from "./config.js";
import { isSameOriginRequest } from "./http/csrf.js";
import { refuseInputInUrl } from "./http/input-in-url.js";
import { MAX_BATCH_CALLS, enforceTrpcLimits } from "./http/trpc-limits.js";
import { createRequestContext } from "./http/request-context.js";
import { appRouter } from "./root.js";
import { getApiConfig, getAppDb, getObjectStorage, getTelephony, getTelephonySetup } from "./server-context.js";
import { handleTwilioWebhook } from "./modules/calls/twilio-webhooks.js";
import type { AppName } from "./trpc/context.js";

const allowedOrigins = () => Object.values(getApiConfig().publicUrls);

const csrfRejection = () =>
  new Response(JSON.stringify({ error: "This request did not come from a Carefold page, so it was refused." }), {
    status: 403,
    headers: { "Content-Type": "application/json" },
  });

/** The `/api/trpc/*` resource route of both web apps (CSRF-checked, cookies applied). */
export function handleTrpcRequest(request: Request, app: AppName): Promise<Response> {
  return respondTrpc(request, app, { db: getAppDb(), config: getApiConfig(), storage: getObjectStorage, telephony: getTelephony });
}

export interface TrpcDeps {
  db: Db;
  config: ApiConfig;
  storage: () => ObjectStorage;
  telephony: () => Telephony;
}

/**
 * tRPC over HTTP with its dependencies passed in (tests give their own). Queries may be POSTed
 * and a GET with input in its address is refused (`refuseInputInUrl`: no PHI in URLs).
 */
export async function respondTrpc(request: Request, app: AppName, deps: TrpcDeps): Promise<Response> {
  if (!isSameOriginRequest(request, Object.values(deps.config.publicUrls))) return csrfRejection();
  const refused = refuseInputInUrl(request);
  if (refused) return refused;
  const limited = await enforceTrpcLimits(request);
  if (limited instanceof Response) return limited;
  const { ctx, responseCookies } = await createRequestContext(limited, app, deps.db, deps.config, deps.storage, deps.telephony);
  const response = await fetchRequestHandler({ endpoint: "/api/trpc", req: limited, router: appRouter, allowMethodOverride: true, maxBatchSize: MAX_BATCH_CALLS, createContext: () => ctx });
  for (const cookie of responseCookies()) response.headers.append("Set-Cookie", cookie);
  return response;
}

/**
 * Server-side caller for Remix loaders and actions: the same procedures and guards as the HTTP
 * API. Copy `cookies()` into the response's Set-Cookie headers.
 */
export async function serverCaller(request: Request, app: AppName) {
  if (!isSameOriginRequest(request, allowedOrigins())) {
    throw csrfRejection();
  }
  const { ctx, responseCookies } = await createRequestContext(request, app, getAppDb(), getApiConfig(), getObjectStorage, getTelephony);
  return { caller: appRouter.createCaller(ctx), ctx, cookies: responseCookies };
}

/** A Twilio webhook route (`/webhooks/twilio/*`): signature-checked, no session, no CSRF check. */
export function handleTwilioWebhookRequest(request: Request, kind: WebhookKind): Promise<Response> {
  const { telephony, publicBaseUrl } = getTelephonySetup();
  return handleTwilioWebhook(request, kind, { db: getAppDb(), telephony, publicBaseUrl, log: (line) => console.warn(line) });
}
