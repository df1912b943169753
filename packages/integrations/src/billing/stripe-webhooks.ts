import Stripe from "stripe";
import { METADATA_INVOICE_ID, METADATA_TENANT_ID } from "./invoicing-provider.js";

/** The invoice events we act on. */
export const HANDLED_INVOICE_EVENTS = ["invoice.finalized", "invoice.paid", "invoice.payment_failed", "invoice.voided"] as const;
export type HandledInvoiceEventType = (typeof HANDLED_INVOICE_EVENTS)[number];

/** A verified event, reduced to what invoicing needs. */
export interface VerifiedInvoiceEvent {
  eventId: string;
  type: string;
  createdAt: Date;
  isHandled: boolean;
  invoice: {
    providerInvoiceId: string;
    tenantId: string | null;
    invoiceId: string | null;
    status: string | null;
    hostedInvoiceUrl: string | null;
    invoicePdfUrl: string | null;
  } | null;
}

export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookSignatureError";
  }
}

// Signature checks need no network and no real key; the SDK only wants a key-shaped string.
const verifier = new Stripe("sk_test_signature_checks_only", { telemetry: false });

/**
 * Verifies a Stripe webhook with the SDK's own check (HMAC-SHA256 over `timestamp.payload`,
 * timestamp within `toleranceSeconds`). `payload` must be the raw body exactly as received.
 * Throws {@link WebhookSignatureError} for a missing or wrong signature or a stale timestamp.
 */
export function verifyStripeWebhook(payload: string, signatureHeader: string | null, secret: string, toleranceSeconds: number): VerifiedInvoiceEvent {
  if (!signatureHeader) throw new WebhookSignatureError("Missing Stripe-Signature header.");
  let event: Stripe.Event;
  try {
    event = verifier.webhooks.constructEvent(payload, signatureHeader, secret, toleranceSeconds);
  } catch (error) {
    throw new WebhookSignatureError((error as Error).message);
  }
  const isHandled = (HANDLED_INVOICE_EVENTS as readonly string[]).includes(event.type);
  const object = event.data.object as Partial<Stripe.Invoice> & { object?: string };
  const invoice =
    object.object === "invoice" && typeof object.id === "string"
      ? {
          providerInvoiceId: object.id,
          tenantId: object.metadata?.[METADATA_TENANT_ID] ?? null,
          invoiceId: object.metadata?.[METADATA_INVOICE_ID] ?? null,
          status: object.status ?? null,
          hostedInvoiceUrl: object.hosted_invoice_url ?? null,
          invoicePdfUrl: object.invoice_pdf ?? null,
        }
      : null;
  return { eventId: event.id, type: event.type, createdAt: new Date(event.created * 1000), isHandled, invoice };
}

/** Signs a payload the way Stripe does (local lookalike and tests). */
export function signStripeWebhook(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return verifier.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}
