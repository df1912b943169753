import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startLocalStripeServer, type LocalStripeServer } from "./local-stripe-server.js";
import { createStripeClient, StripeInvoicing } from "./stripe-invoicing.js";
import { signStripeWebhook, verifyStripeWebhook, WebhookSignatureError } from "./stripe-webhooks.js";

const TENANT = "11111111-1111-4111-8111-111111111111";
const INVOICE = "22222222-2222-4222-8222-222222222222";
const request = (customerId: string) => ({
  tenantId: TENANT, invoiceId: INVOICE, number: "CF-2026-10-0001", customerId, currency: "usd", daysUntilDue: 30,
  lines: [
    { lineId: "33333333-3333-4333-8333-333333333331", description: "Care management, patient-month 2026-10", amountCents: 3500 },
    { lineId: "33333333-3333-4333-8333-333333333332", description: "Monthly minimum top-up", amountCents: 1500 },
  ],
});

let server: LocalStripeServer;
let provider: StripeInvoicing;
beforeEach(async () => {
  server = await startLocalStripeServer();
  provider = new StripeInvoicing(createStripeClient({ secretKey: "sk_test_carefold", webhookSecret: "whsec_test", apiBase: server.url }));
});
afterEach(async () => server.stop());

describe("StripeInvoicing through the official SDK against the local endpoint", () => {
  it("sends customer, invoice, items, finalize and send with our idempotency keys and the bearer key", async () => {
    const { customerId } = await provider.ensureCustomer({ tenantId: TENANT, name: "Maple Grove Clinic", email: "billing@maplegrove.demo" });
    const issued = await provider.issueInvoice(request(customerId));

    expect(server.requests.map((r) => `${r.method} ${r.path.replace(/in_local_[\w-]+/, "in_X")} ${r.idempotencyKey}`)).toEqual([
      `POST /v1/customers carefold:customer:${TENANT}`,
      `POST /v1/invoices carefold:invoice:${INVOICE}:create`,
      `POST /v1/invoiceitems carefold:invoice:${INVOICE}:line:33333333-3333-4333-8333-333333333331`,
      `POST /v1/invoiceitems carefold:invoice:${INVOICE}:line:33333333-3333-4333-8333-333333333332`,
      `POST /v1/invoices/in_X/finalize carefold:invoice:${INVOICE}:finalize`,
      `POST /v1/invoices/in_X/send carefold:invoice:${INVOICE}:send`,
    ]);
    expect(server.requests.every((r) => r.authorization === "Bearer sk_test_carefold")).toBe(true);
    const create = server.requests[1]!.form;
    expect(create).toMatchObject({ customer: customerId, collection_method: "send_invoice", days_until_due: "30", currency: "usd", auto_advance: "false", pending_invoice_items_behavior: "exclude", metadata: { carefold_tenant_id: TENANT, carefold_invoice_id: INVOICE } });
    expect(server.requests[2]!.form).toMatchObject({ amount: "3500", currency: "usd", invoice: issued.providerInvoiceId, description: "Care management, patient-month 2026-10" });
    expect(issued).toMatchObject({ status: "open", hostedInvoiceUrl: `${server.url}/invoices/${issued.providerInvoiceId}`, invoicePdfUrl: `${server.url}/invoices/${issued.providerInvoiceId}/pdf` });
    expect(server.ledger.invoices).toHaveLength(1);
    expect(server.ledger.invoices[0]).toMatchObject({ total: 5000, status: "open", sent_at: expect.any(Number) });
  });

  it("repeating the whole issue (a retry after a crash) creates no second customer, invoice or item", async () => {
    const { customerId } = await provider.ensureCustomer({ tenantId: TENANT, name: "Maple Grove Clinic", email: "billing@maplegrove.demo" });
    const first = await provider.issueInvoice(request(customerId));
    const again = await provider.ensureCustomer({ tenantId: TENANT, name: "Maple Grove Clinic", email: "billing@maplegrove.demo" });
    const second = await provider.issueInvoice(request(again.customerId));
    expect(again.customerId).toBe(customerId);
    expect(second.providerInvoiceId).toBe(first.providerInvoiceId);
    expect(server.ledger.customers).toHaveLength(1);
    expect(server.ledger.invoices).toHaveLength(1);
    expect(server.ledger.invoices[0]!.lines.data).toHaveLength(2);
    expect(server.keyUses().get(`carefold:invoice:${INVOICE}:create`)).toBe(2);
    expect(server.requests.filter((r) => r.isReplay).length).toBeGreaterThanOrEqual(2);
  });

  it("the same idempotency key with different parameters is refused, as Stripe does", async () => {
    const { customerId } = await provider.ensureCustomer({ tenantId: TENANT, name: "Maple Grove Clinic", email: "billing@maplegrove.demo" });
    await expect(provider.ensureCustomer({ tenantId: TENANT, name: "Other name", email: "x@example.org" })).rejects.toMatchObject({ type: "StripeIdempotencyError" });
    expect(customerId).toMatch(/^cus_/);
  });

  it("credit notes go to /v1/credit_notes with their own key and credit a paid invoice to the balance", async () => {
    const { customerId } = await provider.ensureCustomer({ tenantId: TENANT, name: "Maple Grove Clinic", email: "billing@maplegrove.demo" });
    const issued = await provider.issueInvoice(request(customerId));
    await server.payInvoice(issued.providerInvoiceId);
    const note = await provider.issueCreditNote({ tenantId: TENANT, creditNoteId: "44444444-4444-4444-8444-444444444444", creditedProviderInvoiceId: issued.providerInvoiceId, amountCents: 5000, memo: "Month 2026-10 reopened", isCreditedInvoicePaid: true });
    const sent = server.requests.at(-1)!;
    expect(sent).toMatchObject({ path: "/v1/credit_notes", idempotencyKey: "carefold:credit-note:44444444-4444-4444-8444-444444444444" });
    expect(sent.form).toMatchObject({ invoice: issued.providerInvoiceId, credit_amount: "5000", lines: [{ type: "custom_line_item", quantity: "1", unit_amount: "5000" }] });
    expect(note.providerCreditNoteId).toMatch(/^cn_/);
  });

  it("the local endpoint refuses requests without a secret key, like Stripe", async () => {
    const res = await fetch(`${server.url}/v1/customers`, { method: "POST", body: "name=x" });
    expect(res.status).toBe(401);
    expect(server.ledger.customers).toHaveLength(0);
  });
});

describe("local hosted invoice page", () => {
  it("shows the invoice, serves a PDF, and Pay delivers a signed invoice.paid webhook", async () => {
    const received: { body: string; signature: string | null }[] = [];
    const { createServer } = await import("node:http");
    const sink = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({ body, signature: (req.headers["stripe-signature"] as string) ?? null });
        res.end("ok");
      });
    });
    await new Promise<void>((r) => sink.listen(0, "127.0.0.1", r));
    const port = (sink.address() as { port: number }).port;
    const withHooks = await startLocalStripeServer({ webhookUrl: `http://127.0.0.1:${port}/webhooks/stripe`, webhookSecret: "whsec_local" });
    try {
      const p = new StripeInvoicing(createStripeClient({ secretKey: "sk_test_carefold", webhookSecret: "whsec_local", apiBase: withHooks.url }));
      const { customerId } = await p.ensureCustomer({ tenantId: TENANT, name: "Maple Grove Clinic", email: "billing@maplegrove.demo" });
      const issued = await p.issueInvoice(request(customerId));
      const page = await (await fetch(issued.hostedInvoiceUrl!)).text();
      expect(page).toContain("Maple Grove Clinic");
      expect(page).toContain("$50.00");
      const pdf = await fetch(issued.invoicePdfUrl!);
      expect(pdf.headers.get("content-type")).toBe("application/pdf");
      expect((await pdf.text()).startsWith("%PDF-1.4")).toBe(true);
      const pay = await fetch(`${issued.hostedInvoiceUrl}/pay`, { method: "POST", redirect: "manual" });
      expect(pay.status).toBe(303);
      await withHooks.deliveries();
      expect(received.map((r) => JSON.parse(r.body).type)).toEqual(["invoice.finalized", "invoice.paid"]);
      const paid = verifyStripeWebhook(received[1]!.body, received[1]!.signature, "whsec_local", 300);
      expect(paid.invoice).toMatchObject({ providerInvoiceId: issued.providerInvoiceId, tenantId: TENANT, invoiceId: INVOICE, status: "paid" });
      expect(await (await fetch(issued.hostedInvoiceUrl!)).text()).toContain("Paid on");
    } finally {
      await withHooks.stop();
      sink.close();
    }
  });
});

describe("verifyStripeWebhook", () => {
  const payload = JSON.stringify({ id: "evt_1", object: "event", type: "invoice.paid", created: 1_790_000_000, data: { object: { id: "in_1", object: "invoice", status: "paid", metadata: { carefold_tenant_id: TENANT, carefold_invoice_id: INVOICE } } } });
  it("accepts a valid signature and extracts our ids", () => {
    const event = verifyStripeWebhook(payload, signStripeWebhook(payload, "whsec_a"), "whsec_a", 300);
    expect(event).toMatchObject({ eventId: "evt_1", type: "invoice.paid", isHandled: true, invoice: { providerInvoiceId: "in_1", tenantId: TENANT, invoiceId: INVOICE } });
  });
  it.each([
    ["a tampered payload", payload.replace("in_1", "in_2"), signStripeWebhook(payload, "whsec_a")],
    ["another secret", payload, signStripeWebhook(payload, "whsec_b")],
    ["a timestamp outside tolerance", payload, signStripeWebhook(payload, "whsec_a", Math.floor(Date.now() / 1000) - 301)],
    ["no signature", payload, null],
  ])("rejects %s", (_name, body, signature) => {
    expect(() => verifyStripeWebhook(body, signature, "whsec_a", 300)).toThrow(WebhookSignatureError);
  });
});
