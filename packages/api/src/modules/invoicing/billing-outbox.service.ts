// Carries out the Stripe side effects queued in `billing_outbox` (the worker calls this).
//
// Crash safety: a row is claimed with a lease (its next_attempt_at moves forward) in a short
// transaction, Stripe is called OUTSIDE any transaction, and the answer is recorded in a second
// transaction. If the process dies after Stripe answered but before that commit, the lease runs
// out and the row is retried: every Stripe call carries an idempotency key derived from our ids,
// so Stripe returns the invoice it already made instead of making another.
import { withSystemScope, withTenantScope, type Db } from "@carefold/db";
import type { InvoicingProvider } from "@carefold/integrations";

export interface OutboxOptions {
  batchSize?: number;
  /** How long a claimed row stays invisible to other workers (a crashed claim comes back after it). */
  leaseSeconds?: number;
  maxAttempts?: number;
  /** Test hook: runs after the provider answered and before we commit (crash injection). */
  afterProviderCall?: (item: { tenantId: string; invoiceId: string; action: string }) => void | Promise<void>;
}

interface Claimed {
  tenant_id: string;
  id: string;
  invoice_id: string;
  action: "send_invoice" | "issue_credit_note";
  attempts: number;
}

async function claimNext(db: Db, leaseSeconds: number, maxAttempts: number): Promise<Claimed | null> {
  return withSystemScope(db, "billing outbox: claim the next Stripe side effect", async (tx) => {
    const [row] = await tx.$queryRaw<Claimed[]>`
      UPDATE billing_outbox o SET attempts = o.attempts + 1, next_attempt_at = now() + make_interval(secs => ${leaseSeconds})
       WHERE (o.tenant_id, o.id) = (
         SELECT tenant_id, id FROM billing_outbox
          WHERE status = 'pending' AND next_attempt_at <= now() AND attempts < ${maxAttempts}
          ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING o.tenant_id::text AS tenant_id, o.id::text AS id, o.invoice_id::text AS invoice_id, o.action, o.attempts`;
    return row ?? null;
  });
}

/** The clinic's Stripe customer, created once (idempotency key from the clinic id) and stored. */
async function ensureCustomer(db: Db, provider: InvoicingProvider, tenantId: string, contactEmail: string): Promise<string> {
  const scope = { tenantIds: [tenantId] };
  const known = await withTenantScope(db, scope, (tx) => tx.billingCustomer.findUnique({ where: { tenantId } }));
  if (known) return known.stripeCustomerId;
  const tenant = await withTenantScope(db, scope, (tx) => tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true } }));
  const { customerId } = await provider.ensureCustomer({ tenantId, name: tenant.name, email: contactEmail });
  // Two workers may get here at once for one clinic: the idempotency key gave both the same customer.
  await withTenantScope(db, scope, (tx) => tx.$executeRaw`INSERT INTO billing_customer (tenant_id, stripe_customer_id) VALUES (${tenantId}::uuid, ${customerId}) ON CONFLICT (tenant_id) DO NOTHING`);
  return customerId;
}

async function sendInvoiceToStripe(db: Db, provider: InvoicingProvider, item: Claimed, opts: OutboxOptions) {
  const scope = { tenantIds: [item.tenant_id] };
  const { invoice, lines, contract } = await withTenantScope(db, scope, async (tx) => {
    const invoice = await tx.invoice.findUniqueOrThrow({ where: { tenantId_id: { tenantId: item.tenant_id, id: item.invoice_id } } });
    const lines = await tx.invoiceLine.findMany({ where: { tenantId: item.tenant_id, invoiceId: invoice.id }, orderBy: { position: "asc" } });
    const contract = await tx.contract.findUniqueOrThrow({ where: { tenantId_id: { tenantId: item.tenant_id, id: invoice.contractId! } } });
    return { invoice, lines, contract };
  });
  const customerId = await ensureCustomer(db, provider, item.tenant_id, contract.billingContactEmail);
  const issued = await provider.issueInvoice({
    tenantId: item.tenant_id, invoiceId: invoice.id, number: invoice.number, customerId, currency: invoice.currency, daysUntilDue: contract.paymentTermsDays,
    // Descriptions are PHI-free by construction (month, code, amounts; never a patient's name).
    lines: lines.map((l) => ({ lineId: l.id, description: l.description, amountCents: Number(l.amountCents) })),
  });
  await opts.afterProviderCall?.({ tenantId: item.tenant_id, invoiceId: invoice.id, action: item.action });
  await withTenantScope(db, scope, async (tx) => {
    // Webhooks may have moved the invoice on already (paid before we got here): only fill in.
    await tx.$executeRaw`
      UPDATE invoice SET stripe_invoice_id = coalesce(stripe_invoice_id, ${issued.providerInvoiceId}),
             hosted_invoice_url = coalesce(hosted_invoice_url, ${issued.hostedInvoiceUrl}), invoice_pdf_url = coalesce(invoice_pdf_url, ${issued.invoicePdfUrl}),
             status = CASE WHEN status IN ('draft', 'sending') THEN 'open' ELSE status END,
             sent_at = coalesce(sent_at, now()), updated_at = now()
       WHERE tenant_id = ${item.tenant_id}::uuid AND id = ${invoice.id}::uuid`;
    await tx.billingOutbox.update({ where: { tenantId_id: { tenantId: item.tenant_id, id: item.id } }, data: { status: "done", doneAt: new Date(), lastError: null } });
  });
}

async function issueCreditNoteInStripe(db: Db, provider: InvoicingProvider, item: Claimed, opts: OutboxOptions) {
  const scope = { tenantIds: [item.tenant_id] };
  const { note, credited } = await withTenantScope(db, scope, async (tx) => {
    const note = await tx.invoice.findUniqueOrThrow({ where: { tenantId_id: { tenantId: item.tenant_id, id: item.invoice_id } } });
    const credited = await tx.invoice.findUniqueOrThrow({ where: { tenantId_id: { tenantId: item.tenant_id, id: note.creditsInvoiceId! } } });
    return { note, credited };
  });
  if (!credited.stripeInvoiceId) throw new Error(`Invoice ${credited.number} has no Stripe invoice yet; the credit note waits for it.`);
  const issued = await provider.issueCreditNote({
    tenantId: item.tenant_id, creditNoteId: note.id, creditedProviderInvoiceId: credited.stripeInvoiceId, amountCents: -Number(note.totalCents),
    memo: `Credit for invoice ${credited.number}: ${note.serviceMonth} reopened`, isCreditedInvoicePaid: credited.status === "paid",
  });
  await opts.afterProviderCall?.({ tenantId: item.tenant_id, invoiceId: note.id, action: item.action });
  await withTenantScope(db, scope, async (tx) => {
    await tx.invoice.update({ where: { tenantId_id: { tenantId: item.tenant_id, id: note.id } }, data: { stripeCreditNoteId: issued.providerCreditNoteId, invoicePdfUrl: issued.pdfUrl, status: "open", sentAt: new Date(), updatedAt: new Date() } });
    await tx.billingOutbox.update({ where: { tenantId_id: { tenantId: item.tenant_id, id: item.id } }, data: { status: "done", doneAt: new Date(), lastError: null } });
  });
}

async function recordFailure(db: Db, item: Claimed, error: unknown, maxAttempts: number) {
  const backoffSeconds = Math.min(3600, 30 * 2 ** (item.attempts - 1));
  const isFinal = item.attempts >= maxAttempts;
  await withTenantScope(db, { tenantIds: [item.tenant_id] }, (tx) =>
    tx.billingOutbox.update({
      where: { tenantId_id: { tenantId: item.tenant_id, id: item.id } },
      data: { status: isFinal ? "failed" : "pending", nextAttemptAt: new Date(Date.now() + backoffSeconds * 1000), lastError: String((error as Error)?.message ?? error).slice(0, 500) },
    }),
  );
}

/**
 * Processes due outbox rows one at a time. Returns counts; failures are recorded on the row and
 * retried with backoff (30 s doubling, at most an hour) until `maxAttempts`.
 */
export async function processBillingOutbox(db: Db, provider: InvoicingProvider, opts: OutboxOptions = {}): Promise<{ done: number; failed: number }> {
  const leaseSeconds = opts.leaseSeconds ?? 300;
  const maxAttempts = opts.maxAttempts ?? 8;
  let done = 0;
  let failed = 0;
  for (let i = 0; i < (opts.batchSize ?? 20); i++) {
    const item = await claimNext(db, leaseSeconds, maxAttempts);
    if (!item) break;
    try {
      if (item.action === "send_invoice") await sendInvoiceToStripe(db, provider, item, opts);
      else await issueCreditNoteInStripe(db, provider, item, opts);
      done++;
    } catch (error) {
      failed++;
      await recordFailure(db, item, error, maxAttempts).catch(() => {});
    }
  }
  return { done, failed };
}
