// A local Stripe lookalike for `npm start` and tests: the official SDK is pointed at it (apiBase),
// it keeps a ledger of customers and invoices, honours idempotency keys like Stripe (same key →
// same answer, counted per key so tests can prove no second invoice), serves a hosted-invoice page
// lookalike with a simulated "Pay" button, and delivers signed invoice webhooks to our app.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseStripeForm } from "./form-body.js";
import { LocalStripeError, LocalStripeLedger, localId, type LocalInvoice } from "./local-stripe-ledger.js";
import { renderTextPdf } from "./simple-pdf.js";
import { renderHostedInvoicePage } from "./local-hosted-invoice-page.js";
import { signStripeWebhook } from "./stripe-webhooks.js";

export interface RecordedStripeRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  authorization: string | null;
  form: Record<string, unknown>;
  /** True when the answer was replayed from an earlier request with the same key. */
  isReplay: boolean;
}

export interface LocalStripeServerOptions {
  port?: number;
  /** JSON file for the ledger (npm start); omit to keep it in memory (tests). */
  ledgerFile?: string;
  /** Where invoice webhooks are delivered (the workspace's /webhooks/stripe), signed with `webhookSecret`. */
  webhookUrl?: string;
  webhookSecret?: string;
}

export interface LocalStripeServer {
  /** `http://127.0.0.1:<port>`: the SDK's apiBase and the hosted pages' origin. */
  url: string;
  ledger: LocalStripeLedger;
  requests: RecordedStripeRequest[];
  /** How many requests arrived with each idempotency key. */
  keyUses(): Map<string, number>;
  /** Simulates a payment (as the hosted page's button does) and delivers `invoice.paid`. */
  payInvoice(invoiceId: string): Promise<void>;
  /** Resolves when every webhook delivery started so far has finished. */
  deliveries(): Promise<void>;
  stop(): Promise<void>;
}

type Json = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const int = (v: unknown) => (typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : undefined);
const meta = (v: unknown) => (v && typeof v === "object" ? (v as Record<string, string>) : undefined);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startLocalStripeServer(options: LocalStripeServerOptions = {}): Promise<LocalStripeServer> {
  let url = "";
  const ledger = new LocalStripeLedger(options.ledgerFile ?? null, () => url);
  const requests: RecordedStripeRequest[] = [];
  const answered = new Map<string, { fingerprint: string; status: number; body: Json }>();
  const pending = new Set<Promise<void>>();

  const deliver = (type: string, invoice: LocalInvoice) => {
    if (!options.webhookUrl || !options.webhookSecret) return;
    const payload = JSON.stringify({ id: localId("evt"), object: "event", type, created: Math.floor(Date.now() / 1000), livemode: false, api_version: "2025-01-01", data: { object: invoice } });
    const job = (async () => {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const res = await fetch(options.webhookUrl!, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signStripeWebhook(payload, options.webhookSecret!) }, body: payload });
          if (res.ok) return;
        } catch {
          // the app may still be starting; try again shortly
        }
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
      }
    })();
    pending.add(job);
    void job.finally(() => pending.delete(job));
  };

  const api = (method: string, path: string, form: Json): { status: number; body: Json } => {
    const invoiceAction = path.match(/^\/v1\/invoices\/([\w-]+)(?:\/(finalize|send|void))?$/);
    if (method === "POST" && path === "/v1/customers") return { status: 200, body: { ...ledger.createCustomer({ name: str(form.name), email: str(form.email), metadata: meta(form.metadata) }) } };
    if (method === "POST" && path === "/v1/invoices") {
      const customer = str(form.customer);
      if (!customer || !ledger.customer(customer)) throw new LocalStripeError(400, "resource_missing", `No such customer: '${customer}'`);
      return { status: 200, body: { ...ledger.createInvoice({ customer, currency: str(form.currency), description: str(form.description), collection_method: str(form.collection_method), days_until_due: int(form.days_until_due), metadata: meta(form.metadata) }) } };
    }
    if (method === "POST" && path === "/v1/invoiceitems") {
      const amount = int(form.amount);
      if (amount === undefined || !str(form.invoice)) throw new LocalStripeError(400, "parameter_missing", "amount and invoice are required here.");
      return { status: 200, body: { ...ledger.addItem(str(form.invoice)!, { amount, currency: str(form.currency), description: str(form.description), metadata: meta(form.metadata) }) } };
    }
    if (invoiceAction && method === "POST" && invoiceAction[2]) {
      const id = invoiceAction[1]!;
      const invoice = invoiceAction[2] === "finalize" ? ledger.finalize(id) : invoiceAction[2] === "send" ? ledger.send(id) : ledger.void(id);
      if (invoiceAction[2] === "finalize") deliver("invoice.finalized", invoice);
      if (invoiceAction[2] === "void") deliver("invoice.voided", invoice);
      return { status: 200, body: { ...invoice } };
    }
    if (invoiceAction && method === "GET" && !invoiceAction[2]) {
      const invoice = ledger.invoice(invoiceAction[1]!);
      if (!invoice) throw new LocalStripeError(404, "resource_missing", `No such invoice: '${invoiceAction[1]}'`);
      return { status: 200, body: { ...invoice } };
    }
    if (method === "POST" && path === "/v1/credit_notes") {
      const lines = Array.isArray(form.lines) ? (form.lines as Json[]) : [];
      const amount = int(form.amount) ?? lines.reduce((s, l) => s + (int(l.unit_amount) ?? 0) * (int(l.quantity) ?? 1), 0);
      return { status: 200, body: { ...ledger.createCreditNote({ invoice: str(form.invoice) ?? "", amount, memo: str(form.memo), metadata: meta(form.metadata) }) } };
    }
    throw new LocalStripeError(404, "resource_missing", `Unrecognized request URL (${method}: ${path}).`);
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const raw = req.method === "POST" ? await readBody(req) : "";
    const form = parseStripeForm(raw);
    const idempotencyKey = str(req.headers["idempotency-key"]) ?? null;
    const authorization = str(req.headers.authorization) ?? null;
    const fingerprint = `${req.method} ${path} ${raw}`;
    const previous = idempotencyKey ? answered.get(idempotencyKey) : undefined;
    requests.push({ method: req.method ?? "GET", path, idempotencyKey, authorization, form, isReplay: Boolean(previous) });
    const send = (status: number, body: Json, replay = false) => {
      res.writeHead(status, { "content-type": "application/json", "request-id": localId("req"), ...(replay ? { "idempotent-replayed": "true" } : {}) });
      res.end(JSON.stringify(body));
    };
    if (!authorization?.match(/^Bearer (sk|rk)_(test|live)_\w+$/)) return send(401, { error: { type: "invalid_request_error", message: "Invalid API Key provided." } });
    if (previous) {
      if (previous.fingerprint !== fingerprint) return send(400, { error: { type: "idempotency_error", message: "Keys for idempotent requests can only be used with the same parameters they were first used with." } });
      return send(previous.status, previous.body, true);
    }
    let result: { status: number; body: Json };
    try {
      result = api(req.method ?? "GET", path, form);
    } catch (error) {
      if (!(error instanceof LocalStripeError)) throw error;
      result = { status: error.status, body: { error: { type: "invalid_request_error", code: error.code, message: error.message } } };
    }
    if (idempotencyKey && req.method === "POST") answered.set(idempotencyKey, { fingerprint, ...result });
    send(result.status, result.body);
  };

  const handlePage = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const m = path.match(/^\/invoices\/([\w-]+)(\/pdf|\/pay)?$/);
    const invoice = m ? ledger.invoice(m[1]!) : null;
    if (!m || !invoice || invoice.status === "draft") {
      res.writeHead(404, { "content-type": "text/plain" }).end("No such invoice.");
      return;
    }
    if (m[2] === "/pay" && req.method === "POST") {
      await readBody(req);
      if (invoice.status === "open") deliver("invoice.paid", ledger.pay(invoice.id));
      res.writeHead(303, { location: `/invoices/${invoice.id}` }).end();
      return;
    }
    if (m[2] === "/pdf") {
      const customer = ledger.customer(invoice.customer);
      const lines = [`Invoice ${invoice.number}`, `Bill to: ${customer?.name ?? ""}`, `Status: ${invoice.status}`, "", ...invoice.lines.data.map((l) => `${l.description}  ${(l.amount / 100).toFixed(2)} ${invoice.currency.toUpperCase()}`), "", `Total: ${(invoice.total / 100).toFixed(2)} ${invoice.currency.toUpperCase()}`, "", "Local invoice ledger (no real payment provider)."];
      res.writeHead(200, { "content-type": "application/pdf", "content-disposition": `inline; filename="${invoice.number}.pdf"` }).end(renderTextPdf(lines));
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(renderHostedInvoicePage(invoice, ledger.customer(invoice.customer)));
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://local").pathname;
    const handler = path.startsWith("/v1/") ? handleApi : handlePage;
    handler(req, res, path).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { type: "api_error", message: (error as Error).message } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    ledger,
    requests,
    keyUses: () => {
      const uses = new Map<string, number>();
      for (const r of requests) if (r.idempotencyKey) uses.set(r.idempotencyKey, (uses.get(r.idempotencyKey) ?? 0) + 1);
      return uses;
    },
    payInvoice: async (invoiceId) => {
      deliver("invoice.paid", ledger.pay(invoiceId));
      await Promise.all(pending);
    },
    deliveries: async () => {
      await Promise.all(pending);
    },
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
