import type { ActionFunctionArgs } from "@remix-run/node";
import { handleTwilioWebhookRequest } from "@carefold/api";

/** URL segment → webhook (paths as configured in Twilio; see packages/integrations/README.md). */
const KINDS = {
  voice: "voice",
  "voice-status": "voiceStatus",
  "recording-status": "recordingStatus",
  "callee-notice": "calleeNotice",
  sms: "sms",
  "sms-status": "smsStatus",
} as const;

/**
 * Twilio's webhooks. No session and no CSRF origin check (the web server exempts /webhooks/):
 * every request is verified with Twilio's signature instead, and refused with 403 when it fails.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const kind = KINDS[params.kind as keyof typeof KINDS];
  if (!kind) return new Response("Not found", { status: 404 });
  return handleTwilioWebhookRequest(request, kind);
}

export function loader() {
  return new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
}
