import type { LocalCustomer, LocalInvoice } from "./local-stripe-ledger.js";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const money = (cents: number, currency: string) => new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(cents / 100);
const day = (seconds: number | null) => (seconds ? new Date(seconds * 1000).toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }) : "—");

/** The local stand-in for Stripe's hosted invoice page: amount due, lines, PDF, a simulated Pay button. */
export function renderHostedInvoicePage(invoice: LocalInvoice, customer: LocalCustomer | null): string {
  const isPaid = invoice.status === "paid";
  const badge = isPaid ? `<span class="badge paid">Paid</span>` : invoice.status === "void" ? `<span class="badge void">Void</span>` : `<span class="badge open">Open</span>`;
  const rows = invoice.lines.data.map((l) => `<tr><td>${esc(l.description)}</td><td class="num">${money(l.amount, invoice.currency)}</td></tr>`).join("");
  const action = invoice.status === "open"
    ? `<form method="post" action="/invoices/${esc(invoice.id)}/pay"><button type="submit">Pay ${money(invoice.amount_remaining, invoice.currency)} (simulated)</button></form><p class="fine">Local mode: no card is charged. Paying sends a signed <code>invoice.paid</code> webhook to Carefold.</p>`
    : isPaid ? `<p class="done">Paid on ${day(invoice.status_transitions.paid_at)}. Thank you.</p>` : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Invoice ${esc(invoice.number ?? "")} — Carefold</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{margin:0;font-family:system-ui,-apple-system,sans-serif;background:#f6f8fa;color:#1a1f36}
.banner{background:#fff7e6;color:#7a4b00;text-align:center;padding:8px;font-size:13px;border-bottom:1px solid #f0d9a8}
main{max-width:720px;margin:40px auto;display:grid;grid-template-columns:1fr 1.2fr;gap:24px;padding:0 16px}
.card{background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.08);padding:24px}
h1{font-size:15px;color:#697386;font-weight:500;margin:0 0 4px}.amount{font-size:34px;font-weight:600;margin:0}
.meta{color:#697386;font-size:14px;line-height:1.7;margin-top:12px}table{width:100%;border-collapse:collapse;font-size:14px}
td{padding:10px 0;border-bottom:1px solid #e3e8ee}td.num{text-align:right;white-space:nowrap;padding-left:12px}tr.total td{font-weight:600;border:0}
button{width:100%;background:#635bff;color:#fff;border:0;border-radius:6px;padding:12px;font-size:15px;font-weight:600;cursor:pointer;margin-top:16px}
.badge{display:inline-block;border-radius:4px;padding:2px 8px;font-size:12px;font-weight:600;margin-left:8px;vertical-align:middle}
.paid{background:#d7f7c2;color:#05690d}.open{background:#e3e8ee;color:#3c4257}.void{background:#ffe0e0;color:#a41c1c}
.done{color:#05690d;font-weight:600}.fine{font-size:12px;color:#697386}a{color:#635bff}
</style></head><body><div class="banner">Local invoice ledger — a lookalike of Stripe's hosted invoice page for offline use</div>
<main><section class="card"><h1>Carefold Care Management</h1><p class="amount">${money(isPaid ? invoice.amount_paid : invoice.amount_remaining, invoice.currency)}</p>
<p>${isPaid ? "Paid" : "Due"} ${isPaid ? "" : day(invoice.due_date)} ${badge}</p>
<div class="meta">Invoice <strong>${esc(invoice.number ?? "")}</strong><br>To ${esc(customer?.name ?? "")}<br>${esc(customer?.email ?? "")}<br><a href="/invoices/${esc(invoice.id)}/pdf">Download invoice (PDF)</a></div>${action}</section>
<section class="card"><table aria-label="Invoice lines"><tbody>${rows}<tr class="total"><td>Total</td><td class="num">${money(invoice.total, invoice.currency)}</td></tr></tbody></table></section></main></body></html>`;
}
