import { processBillingOutbox } from "@carefold/api";
import type { Db } from "@carefold/db";

export const SYNC_BILLING_QUEUE = "billing.sync";

/** The Stripe side of invoicing, as the outbox processor sees it. */
export type InvoicingProvider = Parameters<typeof processBillingOutbox>[1];

/**
 * Carries out queued Stripe work (send invoice, issue credit note). Safe to run in several
 * workers at once (rows are claimed with SKIP LOCKED and a lease) and after a crash (every Stripe
 * call has an idempotency key from our ids). See the api's billing-outbox.service.ts.
 */
export async function syncBilling(db: Db, provider: InvoicingProvider) {
  return processBillingOutbox(db, provider);
}
