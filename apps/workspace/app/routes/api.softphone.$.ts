import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getLocalTwilioUrl } from "@carefold/api";
import { requireUser } from "../lib/session.server";

const ALLOWED = /^(connect|calls\/CA[0-9a-f]{32}(\/hangup)?)$/;

/**
 * The browser softphone's line to the local Twilio stand-in (`npm start`, end-to-end tests). The
 * page's CSP only allows its own origin, so the softphone talks here and this forwards. With a
 * real Twilio account the browser uses @twilio/voice-sdk instead and this answers 404.
 */
async function forward(request: Request, splat: string | undefined) {
  await requireUser(request);
  const base = getLocalTwilioUrl();
  if (!base || !splat || !ALLOWED.test(splat)) return new Response("Not found", { status: 404 });
  const response = await fetch(`${base}/softphone/${splat}`, {
    method: request.method,
    headers: { "Content-Type": "application/json" },
    body: request.method === "POST" ? await request.text() : undefined,
  });
  return new Response(await response.text(), {
    status: response.status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}

export const loader = ({ request, params }: LoaderFunctionArgs) => forward(request, params["*"]);
export const action = ({ request, params }: ActionFunctionArgs) => forward(request, params["*"]);
