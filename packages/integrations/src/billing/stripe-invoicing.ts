import Stripe from "stripe";
import { creditNoteKey, customerKey, invoiceCreateKey, invoiceFinalizeKey, invoiceItemKey, invoiceSendKey } from "./idempotency-keys.js";
import {
  METADATA_INVOICE_ID,
  METADATA_TENANT_ID,
  type InvoicingProvider,
  type IssueCreditNoteRequest,
  type IssueInvoiceRequest,
  type IssuedInvoice,
} from "./invoicing-provider.js";
import { parseStripeBillingConfig, type StripeBillingConfigInput } from "./stripe-config.js";

/** Builds the official SDK client, pointed at `apiBase` when set (local lookalike, tests). */
export function createStripeClient(input: StripeBillingConfigInput): Stripe {
  const config = parseStripeBillingConfig(input);
  const base = config.apiBase ? new URL(config.apiBase) : null;
  return new Stripe(config.secretKey, {
    // Our own outbox retries; the SDK's retries would reuse the key anyway, but keep one owner.
    maxNetworkRetries: 0,
    telemetry: false,
    timeout: 20_000,
    appInfo: { name: "Carefold" },
    ...(base ? { host: base.hostname, port: Number(base.port || (base.protocol === "https:" ? 443 : 80)), protocol: base.protocol.replace(":", "") as "http" | "https" } : {}),
  });
}

/**
 * Invoices through Stripe. Every write carries an idempotency key derived from our ids
 * (idempotency-keys.ts), so repeating a whole `issueInvoice` after a crash returns the objects
 * created the first time. Stripe keeps keys for at least 24 hours; the outbox retries well within
 * that, and `issueInvoice` also skips steps the invoice has already passed (finalised, sent).
 */
export class StripeInvoicing implements InvoicingProvider {
  constructor(private readonly stripe: Stripe) {}

  async ensureCustomer(input: { tenantId: string; name: string; email: string }) {
    const customer = await this.stripe.customers.create(
      { name: input.name, email: input.email, metadata: { [METADATA_TENANT_ID]: input.tenantId } },
      { idempotencyKey: customerKey(input.tenantId) },
    );
    return { customerId: customer.id };
  }

  async issueInvoice(input: IssueInvoiceRequest): Promise<IssuedInvoice> {
    const metadata = { [METADATA_TENANT_ID]: input.tenantId, [METADATA_INVOICE_ID]: input.invoiceId };
    let invoice = await this.stripe.invoices.create(
      {
        customer: input.customerId,
        collection_method: "send_invoice",
        days_until_due: input.daysUntilDue,
        currency: input.currency,
        auto_advance: false,
        pending_invoice_items_behavior: "exclude",
        description: `Carefold invoice ${input.number}`,
        metadata,
      },
      { idempotencyKey: invoiceCreateKey(input.invoiceId) },
    );
    if (invoice.status === "draft") {
      for (const line of input.lines) {
        await this.stripe.invoiceItems.create(
          { customer: input.customerId, invoice: invoice.id, amount: line.amountCents, currency: input.currency, description: line.description, metadata: { carefold_line_id: line.lineId } },
          { idempotencyKey: invoiceItemKey(input.invoiceId, line.lineId) },
        );
      }
      invoice = await this.stripe.invoices.finalizeInvoice(invoice.id!, { auto_advance: false }, { idempotencyKey: invoiceFinalizeKey(input.invoiceId) });
    }
    if (invoice.status === "open") {
      invoice = await this.stripe.invoices.sendInvoice(invoice.id!, {}, { idempotencyKey: invoiceSendKey(input.invoiceId) });
    }
    return { providerInvoiceId: invoice.id!, status: invoice.status ?? "open", hostedInvoiceUrl: invoice.hosted_invoice_url ?? null, invoicePdfUrl: invoice.invoice_pdf ?? null };
  }

  async issueCreditNote(input: IssueCreditNoteRequest) {
    const note = await this.stripe.creditNotes.create(
      {
        invoice: input.creditedProviderInvoiceId,
        lines: [{ type: "custom_line_item", description: input.memo, quantity: 1, unit_amount: input.amountCents }],
        ...(input.isCreditedInvoicePaid ? { credit_amount: input.amountCents } : {}),
        memo: input.memo,
        metadata: { [METADATA_TENANT_ID]: input.tenantId, [METADATA_INVOICE_ID]: input.creditNoteId },
      },
      { idempotencyKey: creditNoteKey(input.creditNoteId) },
    );
    return { providerCreditNoteId: note.id, pdfUrl: note.pdf ?? null };
  }
}
