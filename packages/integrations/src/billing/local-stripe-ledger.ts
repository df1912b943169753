// The state of the local Stripe lookalike: customers, invoices with their items, credit notes.
// Kept in memory and, when a file is given, written through to JSON so `npm start` keeps its
// invoices across restarts. Object shapes follow Stripe's API closely enough for the official SDK.
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";

export interface LocalInvoiceItem {
  id: string;
  object: "invoiceitem";
  amount: number;
  currency: string;
  description: string;
  metadata: Record<string, string>;
}

export interface LocalInvoice {
  id: string;
  object: "invoice";
  customer: string;
  number: string | null;
  status: "draft" | "open" | "paid" | "void" | "uncollectible";
  currency: string;
  description: string | null;
  collection_method: string;
  days_until_due: number | null;
  due_date: number | null;
  created: number;
  status_transitions: { finalized_at: number | null; paid_at: number | null; voided_at: number | null };
  metadata: Record<string, string>;
  lines: { object: "list"; data: LocalInvoiceItem[]; has_more: false; url: string };
  subtotal: number;
  total: number;
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  hosted_invoice_url: string | null;
  invoice_pdf: string | null;
  livemode: false;
  /** Lookalike only: when the invoice e-mail would have gone out. */
  sent_at?: number;
}

export interface LocalCustomer {
  id: string;
  object: "customer";
  name: string | null;
  email: string | null;
  metadata: Record<string, string>;
  created: number;
}

export interface LocalCreditNote {
  id: string;
  object: "credit_note";
  invoice: string;
  amount: number;
  memo: string | null;
  metadata: Record<string, string>;
  pdf: string;
  created: number;
}

interface LedgerState {
  customers: Record<string, LocalCustomer>;
  invoices: Record<string, LocalInvoice>;
  creditNotes: Record<string, LocalCreditNote>;
  invoiceCounter: number;
}

export const localId = (prefix: string) => `${prefix}_local_${randomBytes(9).toString("base64url")}`;
const now = () => Math.floor(Date.now() / 1000);

export class LocalStripeLedger {
  private state: LedgerState = { customers: {}, invoices: {}, creditNotes: {}, invoiceCounter: 0 };

  constructor(private readonly file: string | null, private readonly publicUrl: () => string) {
    if (file) {
      try {
        this.state = JSON.parse(readFileSync(file, "utf8")) as LedgerState;
      } catch {
        // no ledger yet
      }
    }
  }

  private save() {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify(this.state, null, 2));
  }

  get invoices(): LocalInvoice[] {
    return Object.values(this.state.invoices);
  }

  get customers(): LocalCustomer[] {
    return Object.values(this.state.customers);
  }

  get creditNotes(): LocalCreditNote[] {
    return Object.values(this.state.creditNotes);
  }

  customer(id: string) {
    return this.state.customers[id] ?? null;
  }

  invoice(id: string) {
    return this.state.invoices[id] ?? null;
  }

  createCustomer(p: { name?: string; email?: string; metadata?: Record<string, string> }): LocalCustomer {
    const customer: LocalCustomer = { id: localId("cus"), object: "customer", name: p.name ?? null, email: p.email ?? null, metadata: p.metadata ?? {}, created: now() };
    this.state.customers[customer.id] = customer;
    this.save();
    return customer;
  }

  createInvoice(p: { customer: string; currency?: string; description?: string; collection_method?: string; days_until_due?: number; metadata?: Record<string, string> }): LocalInvoice {
    const id = localId("in");
    const invoice: LocalInvoice = {
      id, object: "invoice", customer: p.customer, number: null, status: "draft", currency: p.currency ?? "usd", description: p.description ?? null,
      collection_method: p.collection_method ?? "charge_automatically", days_until_due: p.days_until_due ?? null, due_date: null, created: now(),
      status_transitions: { finalized_at: null, paid_at: null, voided_at: null }, metadata: p.metadata ?? {},
      lines: { object: "list", data: [], has_more: false, url: `/v1/invoices/${id}/lines` },
      subtotal: 0, total: 0, amount_due: 0, amount_paid: 0, amount_remaining: 0, hosted_invoice_url: null, invoice_pdf: null, livemode: false,
    };
    this.state.invoices[id] = invoice;
    this.save();
    return invoice;
  }

  addItem(invoiceId: string, p: { amount: number; currency?: string; description?: string; metadata?: Record<string, string> }): LocalInvoiceItem {
    const invoice = this.mustBe(invoiceId, ["draft"]);
    const item: LocalInvoiceItem = { id: localId("ii"), object: "invoiceitem", amount: p.amount, currency: p.currency ?? invoice.currency, description: p.description ?? "", metadata: p.metadata ?? {} };
    invoice.lines.data.push(item);
    invoice.subtotal = invoice.total = invoice.amount_due = invoice.amount_remaining = invoice.lines.data.reduce((s, l) => s + l.amount, 0);
    this.save();
    return item;
  }

  finalize(invoiceId: string): LocalInvoice {
    const invoice = this.mustBe(invoiceId, ["draft"]);
    this.state.invoiceCounter += 1;
    invoice.number = `LOCAL-${String(this.state.invoiceCounter).padStart(4, "0")}`;
    invoice.status = invoice.amount_due === 0 ? "paid" : "open";
    invoice.status_transitions.finalized_at = now();
    invoice.due_date = invoice.days_until_due !== null ? now() + invoice.days_until_due * 86_400 : null;
    invoice.hosted_invoice_url = `${this.publicUrl()}/invoices/${invoice.id}`;
    invoice.invoice_pdf = `${this.publicUrl()}/invoices/${invoice.id}/pdf`;
    this.save();
    return invoice;
  }

  send(invoiceId: string): LocalInvoice {
    const invoice = this.mustBe(invoiceId, ["open", "paid"]);
    invoice.sent_at = now();
    this.save();
    return invoice;
  }

  pay(invoiceId: string): LocalInvoice {
    const invoice = this.mustBe(invoiceId, ["open"]);
    invoice.status = "paid";
    invoice.amount_paid = invoice.amount_due;
    invoice.amount_remaining = 0;
    invoice.status_transitions.paid_at = now();
    this.save();
    return invoice;
  }

  void(invoiceId: string): LocalInvoice {
    const invoice = this.mustBe(invoiceId, ["open"]);
    invoice.status = "void";
    invoice.status_transitions.voided_at = now();
    this.save();
    return invoice;
  }

  createCreditNote(p: { invoice: string; amount: number; memo?: string; metadata?: Record<string, string> }): LocalCreditNote {
    const invoice = this.mustBe(p.invoice, ["open", "paid"]);
    const id = localId("cn");
    const note: LocalCreditNote = { id, object: "credit_note", invoice: invoice.id, amount: p.amount, memo: p.memo ?? null, metadata: p.metadata ?? {}, pdf: `${this.publicUrl()}/credit_notes/${id}/pdf`, created: now() };
    this.state.creditNotes[id] = note;
    if (invoice.status === "open") invoice.amount_remaining = Math.max(0, invoice.amount_remaining - p.amount);
    this.save();
    return note;
  }

  private mustBe(invoiceId: string, statuses: LocalInvoice["status"][]): LocalInvoice {
    const invoice = this.state.invoices[invoiceId];
    if (!invoice) throw new LocalStripeError(404, "resource_missing", `No such invoice: '${invoiceId}'`);
    if (!statuses.includes(invoice.status)) throw new LocalStripeError(400, "invoice_not_editable", `Invoice ${invoiceId} is ${invoice.status}; this needs ${statuses.join(" or ")}.`);
    return invoice;
  }
}

/** An API error in Stripe's shape; the SDK turns it into the matching StripeError. */
export class LocalStripeError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}
