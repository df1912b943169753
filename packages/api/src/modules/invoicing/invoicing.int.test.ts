import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { StripeInvoicing, createStripeClient, signStripeWebhook, startLocalStripeServer, type LocalStripeServer } from "@carefold/integrations";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig, type CreatedUser } from "../../testing/api-test-kit.js";
import type { BilledMonth, BilledMonthSource } from "./billed-month.source.js";
import { processBillingOutbox } from "./billing-outbox.service.js";
import { toContractTerms } from "./contracts.service.js";
import { creditReopenedMonth, generateInvoice } from "./invoices.service.js";
import { priceInvoice } from "./pricing.js";
import { handleStripeWebhook } from "./stripe-webhook.service.js";

const config = testConfig();
const db = () => getTestDatabase().db;
const WEBHOOK = { webhookSecret: "whsec_invoicing_test", toleranceSeconds: 300 };

// Stand-in for the month close (issue 8) until its tables are on main: the approved billed lines
// of a clinic-month, exactly what `worksheetSource` returns from month_close/worksheet_row.
const months = new Map<string, BilledMonth>();
const source: BilledMonthSource = { load: async (_tx, tenantId, month) => months.get(`${tenantId}:${month}`) ?? null };

let stripe: LocalStripeServer;
let provider: StripeInvoicing;
let tenantId: string;
let otherTenantId: string;
let vendor: TestBrowser;
let clinic: TestBrowser;
let otherClinic: TestBrowser;
const patients: string[] = [];
const names = new Map<string, string>();
const nameOf = (i: number) => names.get(patients[i]!);

const scoped = <T>(fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds: [tenantId] }, fn);

function approve(month: string, run: string, lines: [number, [string, number, number][]][]) {
  months.set(`${tenantId}:${month}`, {
    status: "approved",
    sourceKey: `close:${month}:${run}`,
    lines: lines.map(([p, codes]) => ({ patientId: patients[p]!, serviceMonth: month, worksheetResultHash: `hash-${p}-${run}`, codes: codes.map(([code, units, cents]) => ({ code, units, expectedReimbursementCents: cents })) })),
  });
}

beforeAll(async () => {
  stripe = await startLocalStripeServer();
  provider = new StripeInvoicing(createStripeClient({ secretKey: "sk_test_invoicing", webhookSecret: WEBHOOK.webhookSecret, apiBase: stripe.url }));
  tenantId = (await createTestTenant(db(), { name: "Invoice Clinic" })).id;
  otherTenantId = (await createTestTenant(db(), { name: "Other Clinic" })).id;
  const admin: CreatedUser = await createUser(db(), config, { kind: "vendor", vendorRoles: ["vendor_admin"], withTotp: true });
  vendor = new TestBrowser(db(), config, "workspace");
  await signIn(vendor, admin);
  clinic = new TestBrowser(db(), config, "portal");
  await signIn(clinic, await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId, role: "clinic_admin" }] }));
  otherClinic = new TestBrowser(db(), config, "portal");
  await signIn(otherClinic, await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: otherTenantId, role: "clinic_admin" }] }));
  for (const name of ["Ada", "Bo", "Cy"]) {
    const id = await scoped(async (tx) => (await tx.patient.create({ data: { tenantId, firstName: name, lastName: "Billing", dateOfBirth: new Date("1948-02-02"), timeZone: "America/Chicago" } })).id);
    patients.push(id);
    names.set(id, `Billing, ${name}`);
  }
  patients.sort();
});
afterAll(async () => stripe.stop());

describe("contracts", () => {
  it("vendor admin adds effective-dated contracts; invalid input and a second contract for the same month are refused", async () => {
    await vendor.call((c) => c.invoicing.createContract({ tenantId, effectiveFromMonth: "2026-01", pricing: { model: "per_patient_month", feePerPatientMonthCents: 3500 }, paymentTermsDays: 30, billingContactName: "Pat Payables", billingContactEmail: "ap@invoice.example" }));
    await vendor.call((c) => c.invoicing.createContract({ tenantId, effectiveFromMonth: "2026-06", pricing: { model: "per_code", codeFeesCents: { "99490": 2500, "99439": 1500 } }, monthlyMinimumCents: 10000, paymentTermsDays: 15, billingContactName: "Pat Payables", billingContactEmail: "ap@invoice.example" }));
    await expect(vendor.call((c) => c.invoicing.createContract({ tenantId, effectiveFromMonth: "2026-06", pricing: { model: "per_patient_month", feePerPatientMonthCents: 1 }, paymentTermsDays: 30, billingContactName: "X", billingContactEmail: "x@invoice.example" }))).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(vendor.call((c) => c.invoicing.createContract({ tenantId, effectiveFromMonth: "2026-13", pricing: { model: "per_patient_month", feePerPatientMonthCents: -1 }, paymentTermsDays: 300, billingContactName: "", billingContactEmail: "nope" }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const contracts = await vendor.call((c) => c.invoicing.contracts({ tenantId }));
    expect(contracts.map((c) => [c.effectiveFromMonth, c.pricing.model, c.monthlyMinimumCents])).toEqual([["2026-06", "per_code", 10000], ["2026-01", "per_patient_month", 0]]);
    await expect(clinic.call((c) => c.invoicing.contracts({}))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("invoice from an approved month", () => {
  it("matches the contract arithmetic line by line, is reproducible from stored inputs, and re-running creates nothing", async () => {
    approve("2026-10", "run1", [[0, [["99490", 1, 6204], ["99439", 2, 9442]]], [1, [["99490", 1, 6204]]], [2, []]]);
    const first = await scoped((tx) => generateInvoice(tx, source, tenantId, "2026-10", null));
    expect(first.isCreated).toBe(true);
    const { invoice, lines } = await vendor.call((c) => c.invoicing.invoice({ tenantId, invoiceId: first.invoiceId }));
    // per_code from 2026-06: 99439 2 × $15, 99490 $25, 99490 $25 = $80, minimum $100 → $20 top-up.
    expect(lines.map((l) => [l.position, l.kind, l.patientId, l.code, l.units, l.unitAmountCents, l.amountCents])).toEqual([
      [0, "code", patients[0], "99439", 2, 1500, 3000],
      [1, "code", patients[0], "99490", 1, 2500, 2500],
      [2, "code", patients[1], "99490", 1, 2500, 2500],
      [3, "minimum_top_up", null, null, 1, 2000, 2000],
    ]);
    expect(invoice).toMatchObject({ status: "draft", totalCents: 10000, kind: "invoice", serviceMonth: "2026-10" });
    expect(lines[0]).toMatchObject({ patientName: nameOf(0), worksheetResultHash: "hash-0-run1", billedCodes: [{ code: "99490", units: 1, expectedReimbursementCents: 6204 }, { code: "99439", units: 2, expectedReimbursementCents: 9442 }] });

    // Recompute from what is stored: the contract row and the billed codes copied onto the lines.
    const recomputed = await scoped(async (tx) => {
      const row = await tx.invoice.findUniqueOrThrow({ where: { tenantId_id: { tenantId, id: first.invoiceId } } });
      const contract = await tx.contract.findUniqueOrThrow({ where: { tenantId_id: { tenantId, id: row.contractId! } } });
      const stored = await tx.invoiceLine.findMany({ where: { tenantId, invoiceId: row.id, patientId: { not: null } } });
      const billed = [...new Map(stored.map((l) => [l.patientId!, { patientId: l.patientId!, serviceMonth: row.serviceMonth, worksheetResultHash: l.worksheetResultHash, codes: l.billedCodes as never }])).values()];
      return { row, priced: priceInvoice(toContractTerms(contract), row.serviceMonth, billed) };
    });
    expect(recomputed.priced.totalCents).toBe(Number(recomputed.row.totalCents));
    expect(recomputed.priced.inputsChecksum).toBe(recomputed.row.inputsChecksum);

    const again = await Promise.all([1, 2, 3].map(() => scoped((tx) => generateInvoice(tx, source, tenantId, "2026-10", null))));
    expect(again.every((r) => r.invoiceId === first.invoiceId && !r.isCreated)).toBe(true);
    expect(await scoped((tx) => tx.invoice.count({ where: { serviceMonth: "2026-10" } }))).toBe(1);
    expect(await scoped((tx) => tx.invoiceLine.count({ where: { invoiceId: first.invoiceId } }))).toBe(4);
  });

  it("refuses a month that is not approved or has no contract in force", async () => {
    months.set(`${tenantId}:2026-11`, { status: "closed", sourceKey: "close:2026-11:r", lines: [] });
    await expect(scoped((tx) => generateInvoice(tx, source, tenantId, "2026-11", null))).rejects.toMatchObject({ code: "invalid_state", userMessage: expect.stringContaining("not approved") });
    approve("2025-12", "r", [[0, [["99490", 1, 6204]]]]);
    await expect(scoped((tx) => generateInvoice(tx, source, tenantId, "2025-12", null))).rejects.toMatchObject({ code: "invalid_state", userMessage: expect.stringContaining("no contract") });
  });
});

const invoiceOf = (month: string) => scoped((tx) => tx.invoice.findFirstOrThrow({ where: { serviceMonth: month, kind: "invoice", status: { not: "void" } } }));
const makeDue = () => withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.billingOutbox.updateMany({ where: { status: "pending" }, data: { nextAttemptAt: new Date(0) } }));

describe("sending through Stripe", () => {
  it("adjustments are lines with a reason; a crash after Stripe answered and before our commit still ends with exactly one Stripe invoice", async () => {
    const invoice = await invoiceOf("2026-10");
    await expect(vendor.call((c) => c.invoicing.addAdjustment({ tenantId, invoiceId: invoice.id, description: "Courtesy credit", amountCents: -500, reason: "" }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await vendor.call((c) => c.invoicing.addAdjustment({ tenantId, invoiceId: invoice.id, description: "Courtesy credit", amountCents: -500, reason: "Onboarding delay in October" }))).toEqual({ totalCents: 9500 });
    await expect(vendor.call((c) => c.invoicing.addAdjustment({ tenantId, invoiceId: invoice.id, description: "Too much", amountCents: -10000, reason: "would go negative" }))).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });

    expect(await vendor.call((c) => c.invoicing.send({ tenantId, invoiceId: invoice.id }))).toEqual({ status: "sending", isQueued: true });
    expect(await vendor.call((c) => c.invoicing.send({ tenantId, invoiceId: invoice.id }))).toEqual({ status: "sending", isQueued: false });
    await expect(vendor.call((c) => c.invoicing.addAdjustment({ tenantId, invoiceId: invoice.id, description: "Late", amountCents: 100, reason: "too late now" }))).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });

    let crashes = 1;
    const crashed = await processBillingOutbox(db(), provider, { afterProviderCall: () => { if (crashes-- > 0) throw new Error("simulated crash before commit"); } });
    expect(crashed).toEqual({ done: 0, failed: 1 });
    expect(stripe.ledger.invoices).toHaveLength(1);
    expect((await invoiceOf("2026-10")).status).toBe("sending");
    expect(await processBillingOutbox(db(), provider)).toEqual({ done: 0, failed: 0 }); // backing off

    await makeDue();
    expect(await processBillingOutbox(db(), provider)).toEqual({ done: 1, failed: 0 });
    expect(stripe.ledger.invoices).toHaveLength(1);
    expect(stripe.ledger.customers).toHaveLength(1);
    const [only] = stripe.ledger.invoices;
    expect(only!.lines.data.map((l) => l.amount)).toEqual([3000, 2500, 2500, 2000, -500]);
    expect(only!.lines.data.every((l) => !l.description.includes("Billing"))).toBe(true); // no patient names leave
    expect(stripe.keyUses().get(`carefold:invoice:${invoice.id}:create`)).toBe(2);
    const sent = await invoiceOf("2026-10");
    expect(sent).toMatchObject({ status: "open", stripeInvoiceId: only!.id, hostedInvoiceUrl: only!.hosted_invoice_url });
    expect(await processBillingOutbox(db(), provider)).toEqual({ done: 0, failed: 0 });
  });

  it("the clinic sees issued invoices (not drafts) with the worksheet rows of each line; another clinic sees none", async () => {
    approve("2026-09", "r9", [[1, [["99490", 1, 6204]]]]);
    await scoped((tx) => generateInvoice(tx, source, tenantId, "2026-09", null)); // stays a draft
    const list = await clinic.call((c) => c.clinicInvoices.list());
    expect(list.map((i) => [i.serviceMonth, i.status, i.totalCents, i.patientMonthCount])).toEqual([["2026-10", "open", 9500, 2]]);
    const detail = await clinic.call((c) => c.clinicInvoices.get({ invoiceId: list[0]!.id }));
    expect(detail.lines.filter((l) => l.patientId).map((l) => [l.patientName, l.code, l.worksheetResultHash])).toEqual([[nameOf(0), "99439", "hash-0-run1"], [nameOf(0), "99490", "hash-0-run1"], [nameOf(1), "99490", "hash-1-run1"]]);
    expect(detail.lines.at(-1)).toMatchObject({ kind: "adjustment", reason: "Onboarding delay in October", amountCents: -500 });
    const draft = await invoiceOf("2026-09");
    await expect(clinic.call((c) => c.clinicInvoices.get({ invoiceId: draft.id }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await otherClinic.call((c) => c.clinicInvoices.list())).toEqual([]);
    await expect(otherClinic.call((c) => c.clinicInvoices.get({ invoiceId: list[0]!.id }))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

function invoiceEvent(type: string, invoice: { id: string; stripeInvoiceId: string }, eventId: string, created: number) {
  return JSON.stringify({ id: eventId, object: "event", type, created, livemode: false, data: { object: { id: invoice.stripeInvoiceId, object: "invoice", status: type === "invoice.paid" ? "paid" : "open", hosted_invoice_url: `https://invoice.example/${invoice.stripeInvoiceId}`, metadata: { carefold_tenant_id: tenantId, carefold_invoice_id: invoice.id } } } });
}
const post = (payload: string, signature: string | null = signStripeWebhook(payload, WEBHOOK.webhookSecret)) =>
  handleStripeWebhook(db(), WEBHOOK, new Request("http://127.0.0.1:3001/webhooks/stripe", { method: "POST", headers: signature ? { "stripe-signature": signature, "content-type": "application/json" } : { "content-type": "application/json" }, body: payload }));
const eventRows = (eventId: string) => scoped((tx) => tx.stripeWebhookEvent.findMany({ where: { eventId } }));

/** A fresh invoice in `sending` (queued for Stripe, no answer yet) for a month of its own. */
async function sendingInvoice(month: string) {
  approve(month, `r-${month}`, [[0, [["99490", 1, 6204]]]]);
  const { invoiceId } = await scoped((tx) => generateInvoice(tx, source, tenantId, month, null));
  await vendor.call((c) => c.invoicing.send({ tenantId, invoiceId }));
  return { id: invoiceId, stripeInvoiceId: `in_test_${month}` };
}

describe("webhooks", () => {
  it.each([
    { times: 1, concurrent: false, month: "2026-06" },
    { times: 5, concurrent: false, month: "2026-07" },
    { times: 10, concurrent: true, month: "2026-08" },
  ])("invoice.paid delivered $times× (concurrent: $concurrent) changes the invoice once", async ({ times, concurrent, month }) => {
    const invoice = await sendingInvoice(month);
    const payload = invoiceEvent("invoice.paid", invoice, `evt_paid_${month}`, 1_790_000_000);
    const responses = concurrent ? await Promise.all(Array.from({ length: times }, () => post(payload))) : await (async () => { const out = []; for (let i = 0; i < times; i++) out.push(await post(payload)); return out; })();
    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ outcome: string }>));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(bodies.filter((b) => b.outcome === "applied")).toHaveLength(1);
    expect(bodies.filter((b) => b.outcome === "duplicate")).toHaveLength(times - 1);
    expect(await eventRows(`evt_paid_${month}`)).toEqual([expect.objectContaining({ outcome: "applied", type: "invoice.paid" })]);
    expect(await scoped((tx) => tx.invoice.findUniqueOrThrow({ where: { tenantId_id: { tenantId, id: invoice.id } } }))).toMatchObject({ status: "paid", paidAt: new Date(1_790_000_000_000), stripeInvoiceId: invoice.stripeInvoiceId });
  });

  it.each([
    ["a tampered payload", (p: string) => post(p.replace('"paid"', '"void"'), signStripeWebhook(p, WEBHOOK.webhookSecret))],
    ["a timestamp outside tolerance", (p: string) => post(p, signStripeWebhook(p, WEBHOOK.webhookSecret, Math.floor(Date.now() / 1000) - 301))],
    ["another secret", (p: string) => post(p, signStripeWebhook(p, "whsec_someone_else"))],
    ["no signature", (p: string) => post(p, null)],
  ])("rejects %s with 400 and no side effect", async (name, send) => {
    const month = { "a tampered payload": "2026-01", "a timestamp outside tolerance": "2026-02", "another secret": "2026-03", "no signature": "2026-04" }[name]!;
    const invoice = await sendingInvoice(month);
    const before = await scoped((tx) => tx.invoice.findUniqueOrThrow({ where: { tenantId_id: { tenantId, id: invoice.id } } }));
    const response = await send(invoiceEvent("invoice.paid", invoice, `evt_bad_${month}`, 1_790_000_000));
    expect(response.status).toBe(400);
    expect(await eventRows(`evt_bad_${month}`)).toEqual([]);
    expect(await scoped((tx) => tx.invoice.findUniqueOrThrow({ where: { tenantId_id: { tenantId, id: invoice.id } } }))).toEqual(before);
  });

  it("applies finalized, payment_failed and paid in any order to the same end state", async () => {
    const types = ["invoice.finalized", "invoice.payment_failed", "invoice.paid"] as const;
    const orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    const ends = [];
    for (const [i, order] of orders.entries()) {
      const invoice = await sendingInvoice(`2027-${String(i + 1).padStart(2, "0")}`);
      for (const t of order) await post(invoiceEvent(types[t]!, invoice, `evt_order_${i}_${t}`, 1_790_000_000 + t * 60));
      const row = await scoped((tx) => tx.invoice.findUniqueOrThrow({ where: { tenantId_id: { tenantId, id: invoice.id } } }));
      ends.push({ status: row.status, paidAt: row.paidAt?.toISOString(), stripe: row.stripeInvoiceId === invoice.stripeInvoiceId, hosted: row.hostedInvoiceUrl });
    }
    expect(new Set(ends.map((e) => JSON.stringify({ ...e, hosted: e.hosted?.replace(/in_test_.*/, "") }))).size).toBe(1);
    expect(ends[0]).toMatchObject({ status: "paid", paidAt: new Date((1_790_000_000 + 120) * 1000).toISOString(), stripe: true });
  });

  it("a voided invoice stays void: a late finalized or paid event changes nothing, and payment_failed on it is no change", async () => {
    const invoice = await sendingInvoice("2027-08");
    const outcomes = [];
    for (const [i, type] of ["invoice.finalized", "invoice.voided", "invoice.paid", "invoice.payment_failed"].entries()) {
      outcomes.push(((await (await post(invoiceEvent(type, invoice, `evt_void_${i}`, 1_790_000_000 + i * 60))).json()) as { outcome: string }).outcome);
    }
    expect(outcomes).toEqual(["applied", "applied", "no_change", "no_change"]);
    expect(await scoped((tx) => tx.invoice.findUniqueOrThrow({ where: { tenantId_id: { tenantId, id: invoice.id } } }))).toMatchObject({ status: "void", voidedAt: new Date((1_790_000_000 + 60) * 1000), paidAt: null, paymentFailedAt: null });
  });

  it("records events for unknown invoices and other types without touching invoices", async () => {
    const stranger = JSON.stringify({ id: "evt_stranger", object: "event", type: "invoice.paid", created: 1_790_000_000, data: { object: { id: "in_nobody", object: "invoice", metadata: {} } } });
    expect(await (await post(stranger)).json()).toEqual({ received: true, outcome: "unknown_invoice" });
    const other = JSON.stringify({ id: "evt_customer", object: "event", type: "customer.created", created: 1_790_000_000, data: { object: { id: "cus_1", object: "customer" } } });
    expect(await (await post(other)).json()).toEqual({ received: true, outcome: "ignored" });
    const log = await vendor.call((c) => c.invoicing.webhookEvents());
    expect(log.map((e) => e.eventId)).toEqual(expect.arrayContaining(["evt_stranger", "evt_customer", "evt_paid_2026-06"]));
  });
});

describe("reopened month", () => {
  it("produces a credit note, never an edited invoice; the month can then be invoiced again", async () => {
    const invoice = await invoiceOf("2026-10");
    const linesBefore = await scoped((tx) => tx.invoiceLine.findMany({ where: { invoiceId: invoice.id }, orderBy: { position: "asc" } }));
    await stripe.payInvoice(invoice.stripeInvoiceId!);
    await post(invoiceEvent("invoice.paid", { id: invoice.id, stripeInvoiceId: invoice.stripeInvoiceId! }, "evt_paid_oct", 1_790_100_000));

    approve("2026-10", "run2", [[0, [["99490", 1, 6204]]]]);
    await expect(scoped((tx) => generateInvoice(tx, source, tenantId, "2026-10", null))).rejects.toMatchObject({ code: "invalid_state", userMessage: expect.stringContaining("still in force") });
    await expect(scoped((tx) => creditReopenedMonth(tx, source, tenantId, "2026-10", null))).rejects.toMatchObject({ code: "invalid_state" });

    months.set(`${tenantId}:2026-10`, { ...months.get(`${tenantId}:2026-10`)!, status: "reopened" });
    const { creditNoteIds } = await scoped((tx) => creditReopenedMonth(tx, source, tenantId, "2026-10", null));
    expect(creditNoteIds).toHaveLength(1);
    expect((await scoped((tx) => creditReopenedMonth(tx, source, tenantId, "2026-10", null))).creditNoteIds).toEqual(creditNoteIds);
    const note = await scoped((tx) => tx.invoice.findUniqueOrThrow({ where: { tenantId_id: { tenantId, id: creditNoteIds[0]! } } }));
    expect(note).toMatchObject({ kind: "credit_note", creditsInvoiceId: invoice.id, totalCents: -9500n, status: "sending" });

    await makeDue();
    // Also sends the invoices the webhook tests queued (already paid by their webhooks: stays paid).
    expect(await processBillingOutbox(db(), provider, { batchSize: 50 })).toMatchObject({ failed: 0 });
    expect((await scoped((tx) => tx.invoice.findFirstOrThrow({ where: { serviceMonth: "2026-06", kind: "invoice" } }))).status).toBe("paid");
    expect(stripe.ledger.creditNotes).toEqual([expect.objectContaining({ invoice: invoice.stripeInvoiceId, amount: 9500 })]);
    const after = await scoped((tx) => tx.invoice.findUniqueOrThrow({ where: { tenantId_id: { tenantId, id: invoice.id } } }));
    expect({ total: after.totalCents, status: after.status, checksum: after.inputsChecksum }).toEqual({ total: invoice.totalCents, status: "paid", checksum: invoice.inputsChecksum });
    expect(await scoped((tx) => tx.invoiceLine.findMany({ where: { invoiceId: invoice.id }, orderBy: { position: "asc" } }))).toEqual(linesBefore);

    months.set(`${tenantId}:2026-10`, { ...months.get(`${tenantId}:2026-10`)!, status: "approved" });
    const rebilled = await scoped((tx) => generateInvoice(tx, source, tenantId, "2026-10", null));
    expect(rebilled.isCreated).toBe(true);
    expect(await scoped((tx) => tx.invoice.findUniqueOrThrow({ where: { tenantId_id: { tenantId, id: rebilled.invoiceId } } }))).toMatchObject({ totalCents: 10000n });
  });

  it("P&L per month: fees invoiced and paid, expected reimbursement, coordinator cost and margin", async () => {
    // Expected reimbursement is the month's finished close (its worksheet rows), not the invoice's
    // copy of them (issue 15 item 8): June's finished close bills 99490 ($62.04 in this fixture) for
    // the one patient the stubbed source invoiced; October has no finished close here.
    await scoped(async (tx) => {
      await tx.$executeRaw`INSERT INTO month_close (tenant_id, service_month, status) VALUES (${tenantId}::uuid, '2026-06', 'closed')`;
      await tx.$executeRaw`
        INSERT INTO worksheet_row (tenant_id, service_month, patient_id, run_id, evaluated_status, lines, codes, amount_cents, date_of_service, input_hash, result_hash)
        VALUES (${tenantId}::uuid, '2026-06', ${patients[0]!}::uuid, gen_random_uuid(), 'billable', '[{"code":"99490","units":1,"amountCents":6204}]', '{99490}', 6204,
                '2026-06-30', repeat('a', 64), repeat('b', 64))`;
    });
    const pnl = await vendor.call((c) => c.invoicing.profitAndLoss({ tenantId }));
    const oct = pnl.find((m) => m.serviceMonth === "2026-10")!;
    // Invoice 9500 paid, credit note −9500, new draft not counted; the credited invoice's codes no longer count.
    expect(oct).toMatchObject({ feesInvoicedCents: 0, feesPaidCents: 9500, expectedReimbursementCents: 0, coordinatorMinutes: 0, marginCents: 0 });
    const jun = pnl.find((m) => m.serviceMonth === "2026-06")!;
    expect(jun).toMatchObject({ feesInvoicedCents: 10000, feesPaidCents: 10000, expectedReimbursementCents: 6204 });
  });
});
