/** What our invoicing needs from a payment provider (Stripe), in our own terms. */

export interface ProviderInvoiceLine {
  /** Our invoice_line id (part of the idempotency key). */
  lineId: string;
  /** Sent to the provider: must not contain PHI (no patient names). */
  description: string;
  amountCents: number;
}

export interface IssueInvoiceRequest {
  tenantId: string;
  invoiceId: string;
  number: string;
  customerId: string;
  currency: string;
  daysUntilDue: number;
  lines: ProviderInvoiceLine[];
}

export interface IssuedInvoice {
  providerInvoiceId: string;
  status: string;
  hostedInvoiceUrl: string | null;
  invoicePdfUrl: string | null;
}

export interface IssueCreditNoteRequest {
  tenantId: string;
  creditNoteId: string;
  creditedProviderInvoiceId: string;
  amountCents: number;
  memo: string;
  /** Paid invoices are credited to the customer's balance; open ones are reduced. */
  isCreditedInvoicePaid: boolean;
}

export interface InvoicingProvider {
  /** Creates (or, with the same tenant, returns) the clinic's customer. */
  ensureCustomer(input: { tenantId: string; name: string; email: string }): Promise<{ customerId: string }>;
  /** Creates the invoice with its items, finalises and sends it; safe to repeat. */
  issueInvoice(input: IssueInvoiceRequest): Promise<IssuedInvoice>;
  /** A credit note against an issued invoice; safe to repeat. */
  issueCreditNote(input: IssueCreditNoteRequest): Promise<{ providerCreditNoteId: string; pdfUrl: string | null }>;
}

/** Metadata keys we put on provider objects so webhooks can find our rows. */
export const METADATA_TENANT_ID = "carefold_tenant_id";
export const METADATA_INVOICE_ID = "carefold_invoice_id";
