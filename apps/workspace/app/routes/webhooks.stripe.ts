import type { ActionFunctionArgs } from "@remix-run/node";
import { getAppDb, getStripeWebhookConfig, handleStripeWebhook } from "@carefold/api";

/**
 * Stripe invoice webhooks. Authenticated by Stripe's signature (with timestamp tolerance), not by
 * a session or the CSRF origin check: the web server exempts /webhooks/ from that check.
 */
export const action = ({ request }: ActionFunctionArgs) => handleStripeWebhook(getAppDb(), getStripeWebhookConfig(), request);

export const loader = () => new Response("Stripe webhooks are POSTed here.", { status: 405, headers: { allow: "POST" } });
