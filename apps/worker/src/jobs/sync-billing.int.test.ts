import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { StripeInvoicing, createStripeClient, startLocalStripeServer } from "@carefold/integrations";
import { expect, it } from "vitest";
import { syncBilling } from "./sync-billing.job.js";

it("two workers syncing at once send each queued invoice to Stripe exactly once", async () => {
  const { db } = getTestDatabase();
  const stripe = await startLocalStripeServer();
  try {
    const provider = new StripeInvoicing(createStripeClient({ secretKey: "sk_test_worker", webhookSecret: "whsec_worker", apiBase: stripe.url }));
    const tenant = await createTestTenant(db, { name: "Worker Clinic" });
    await withTenantScope(db, { tenantIds: [tenant.id] }, async (tx) => {
      const contract = await tx.contract.create({ data: { tenantId: tenant.id, effectiveFromMonth: "2026-01", pricingModel: "per_patient_month", feePerPatientMonthCents: 3500n, paymentTermsDays: 30, billingContactName: "AP", billingContactEmail: "ap@worker.example" } });
      for (const month of ["2026-08", "2026-09", "2026-10"]) {
        const invoice = await tx.invoice.create({ data: { tenantId: tenant.id, number: `INV-${month}`, kind: "invoice", serviceMonth: month, sourceKey: `close:${month}`, contractId: contract.id, status: "sending", totalCents: 3500n, inputsChecksum: "x" } });
        await tx.invoiceLine.create({ data: { tenantId: tenant.id, invoiceId: invoice.id, position: 0, kind: "minimum_top_up", description: `Monthly minimum, ${month}`, unitAmountCents: 3500n, amountCents: 3500n } });
        await tx.billingOutbox.create({ data: { tenantId: tenant.id, invoiceId: invoice.id, action: "send_invoice" } });
      }
    });
    const [a, b] = await Promise.all([syncBilling(db, provider), syncBilling(db, provider)]);
    expect(a.done + b.done).toBe(3);
    expect(a.failed + b.failed).toBe(0);
    expect(stripe.ledger.invoices).toHaveLength(3);
    expect(stripe.ledger.customers).toHaveLength(1);
    const statuses = await withTenantScope(db, { tenantIds: [tenant.id] }, (tx) => tx.invoice.findMany({ select: { status: true, stripeInvoiceId: true } }));
    expect(statuses.every((s) => s.status === "open" && s.stripeInvoiceId?.startsWith("in_local_"))).toBe(true);
    expect(await syncBilling(db, provider)).toEqual({ done: 0, failed: 0 });
  } finally {
    await stripe.stop();
  }
});
