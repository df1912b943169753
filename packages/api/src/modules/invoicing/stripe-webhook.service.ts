// Stripe invoice webhooks: POST /webhooks/stripe on the workspace. No session, no CSRF origin
// check (the web server exempts /webhooks/): Stripe's signature, checked with a timestamp
// tolerance, is the authentication. An invalid request gets 400 and changes nothing.
import { withTenantScope, type Db, type ScopedTx } from "@carefold/db";
import { verifyStripeWebhook, WebhookSignatureError, type VerifiedInvoiceEvent } from "@carefold/integrations";

export interface StripeWebhookConfig {
  webhookSecret: string;
  toleranceSeconds: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BODY_BYTES = 512 * 1024;

type Outcome = "applied" | "no_change" | "unknown_invoice" | "ignored";

/**
 * How far along an invoice is. An event moves the invoice only forward, so events applied in any
 * order (Stripe does not promise order) end in the same state: paid after finalized, or finalized
 * arriving after paid, both end `paid`.
 */
const RANK: Record<string, number> = { draft: 0, sending: 1, open: 2, paid: 3, void: 3 };
const TARGET: Record<string, "open" | "paid" | "void" | undefined> = { "invoice.finalized": "open", "invoice.paid": "paid", "invoice.voided": "void" };

async function applyInvoiceEvent(tx: ScopedTx, event: VerifiedInvoiceEvent): Promise<{ outcome: Outcome; detail: string }> {
  const ref = event.invoice!;
  if (!ref.tenantId || !ref.invoiceId || !UUID.test(ref.invoiceId)) return { outcome: "unknown_invoice", detail: "No Carefold invoice id in the invoice's metadata." };
  const invoice = await tx.invoice.findUnique({ where: { tenantId_id: { tenantId: ref.tenantId, id: ref.invoiceId } } });
  if (!invoice || invoice.kind !== "invoice") return { outcome: "unknown_invoice", detail: "No such Carefold invoice." };
  if (invoice.stripeInvoiceId && invoice.stripeInvoiceId !== ref.providerInvoiceId) return { outcome: "unknown_invoice", detail: "The Stripe invoice id does not match ours." };
  const where = { tenantId_id: { tenantId: invoice.tenantId, id: invoice.id } };
  const links = { stripeInvoiceId: invoice.stripeInvoiceId ?? ref.providerInvoiceId, hostedInvoiceUrl: invoice.hostedInvoiceUrl ?? ref.hostedInvoiceUrl, invoicePdfUrl: invoice.invoicePdfUrl ?? ref.invoicePdfUrl };

  if (event.type === "invoice.payment_failed") {
    const isNewer = !invoice.paymentFailedAt || invoice.paymentFailedAt < event.createdAt;
    if (RANK[invoice.status]! >= 3 || !isNewer) return { outcome: "no_change", detail: `Invoice is ${invoice.status}.` };
    await tx.invoice.update({ where, data: { ...links, paymentFailedAt: event.createdAt, updatedAt: new Date() } });
    return { outcome: "applied", detail: `Payment failed on ${invoice.number}.` };
  }
  const target = TARGET[event.type]!;
  if (RANK[invoice.status]! >= RANK[target]!) return { outcome: "no_change", detail: `Invoice is already ${invoice.status}.` };
  await tx.invoice.update({
    where,
    data: { ...links, status: target, updatedAt: new Date(), ...(target === "paid" ? { paidAt: event.createdAt } : {}), ...(target === "void" ? { voidedAt: event.createdAt } : {}), ...(invoice.sentAt ? {} : { sentAt: event.createdAt }) },
  });
  return { outcome: "applied", detail: `${invoice.number}: ${invoice.status} → ${target}.` };
}

/**
 * Records the event (its id is the primary key, so a redelivery or a concurrent duplicate inserts
 * nothing and changes nothing) and applies it, in one transaction scoped to the clinic named in
 * the signed invoice metadata.
 */
export async function recordStripeEvent(db: Db, event: VerifiedInvoiceEvent): Promise<{ outcome: Outcome | "duplicate" }> {
  const tenantId = event.invoice?.tenantId && UUID.test(event.invoice.tenantId) ? event.invoice.tenantId : null;
  return withTenantScope(db, { tenantIds: tenantId ? [tenantId] : [] }, async (tx) => {
    const inserted = await tx.$executeRaw`
      INSERT INTO stripe_webhook_event (event_id, type, stripe_invoice_id, event_created_at, outcome)
      VALUES (${event.eventId}, ${event.type}, ${event.invoice?.providerInvoiceId ?? null}, ${event.createdAt}, 'ignored')
      ON CONFLICT (event_id) DO NOTHING`;
    if (inserted === 0) return { outcome: "duplicate" as const };
    const result = event.isHandled && event.invoice ? await applyInvoiceEvent(tx, event) : { outcome: "ignored" as const, detail: `Not an event Carefold acts on (${event.type}).` };
    await tx.stripeWebhookEvent.update({ where: { eventId: event.eventId }, data: { outcome: result.outcome, detail: result.detail } });
    return { outcome: result.outcome };
  });
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** The webhook endpoint as a Request → Response handler. */
export async function handleStripeWebhook(db: Db, config: StripeWebhookConfig, request: Request): Promise<Response> {
  if (request.method !== "POST") return json(405, { error: "Use POST." });
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) return json(413, { error: "Payload too large." });
  const payload = await request.text();
  if (Buffer.byteLength(payload) > MAX_BODY_BYTES) return json(413, { error: "Payload too large." });
  let event: VerifiedInvoiceEvent;
  try {
    event = verifyStripeWebhook(payload, request.headers.get("stripe-signature"), config.webhookSecret, config.toleranceSeconds);
  } catch (error) {
    if (error instanceof WebhookSignatureError) return json(400, { error: "Invalid signature." });
    return json(400, { error: "Malformed event." });
  }
  const { outcome } = await recordStripeEvent(db, event);
  return json(200, { received: true, outcome });
}

/** The admin event log: latest events with the invoice they touched. */
export async function listWebhookEvents(tx: ScopedTx, take = 100) {
  const events = await tx.stripeWebhookEvent.findMany({ orderBy: { receivedAt: "desc" }, take });
  return events.map((e) => ({ eventId: e.eventId, type: e.type, stripeInvoiceId: e.stripeInvoiceId, outcome: e.outcome, detail: e.detail, eventCreatedAt: e.eventCreatedAt.toISOString(), receivedAt: e.receivedAt.toISOString() }));
}
