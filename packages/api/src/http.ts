import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { isSameOriginRequest } from "./http/csrf.js";
import { createRequestContext } from "./http/request-context.js";
import { appRouter } from "./root.js";
import { getApiConfig, getAppDb, getObjectStorage, getTelephony, getTelephonySetup } from "./server-context.js";
import { handleTwilioWebhook } from "./modules/calls/twilio-webhooks.js";
import type { WebhookKind } from "@carefold/integrations";
import type { AppName } from "./trpc/context.js";

const allowedOrigins = () => Object.values(getApiConfig().publicUrls);

const csrfRejection = () =>
  new Response(JSON.stringify({ error: "This request did not come from a Carefold page, so it was refused." }), {
    status: 403,
    headers: { "Content-Type": "application/json" },
  });

/** The `/api/trpc/*` resource route of both web apps (CSRF-checked, cookies applied). */
export async function handleTrpcRequest(request: Request, app: AppName): Promise<Response> {
  if (!isSameOriginRequest(request, allowedOrigins())) return csrfRejection();
  const { ctx, responseCookies } = await createRequestContext(request, app, getAppDb(), getApiConfig(), getObjectStorage, getTelephony);
  const response = await fetchRequestHandler({ endpoint: "/api/trpc", req: request, router: appRouter, createContext: () => ctx });
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
