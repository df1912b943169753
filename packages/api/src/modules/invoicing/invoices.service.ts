import type { Prisma, ScopedTx } from "@carefold/db";
import { DomainError, invalidState, notFound } from "../../errors.js";
import type { BilledMonthSource } from "./billed-month.source.js";
import { toContractTerms } from "./contracts.service.js";
import type { AddAdjustment } from "./invoicing.schemas.js";
import { priceInvoice, PricingError, selectContract } from "./pricing.js";

type InvoiceRow = Prisma.InvoiceGetPayload<object>;
type LineRow = Prisma.InvoiceLineGetPayload<object>;

/** Statuses an issued invoice can be in (sent to Stripe or on its way). */
const ISSUED = ["sending", "open", "paid"];

/** Serialises invoice work for one clinic-month (generation, credit) inside the transaction. */
const lockClinicMonth = (tx: ScopedTx, tenantId: string, serviceMonth: string) =>
  tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('invoice:' || ${tenantId} || ':' || ${serviceMonth}))`;

async function nextNumber(tx: ScopedTx, tenantId: string, prefix: "INV" | "CN", serviceMonth: string) {
  const count = await tx.invoice.count({ where: { tenantId } });
  return `${prefix}-${serviceMonth.replace("-", "")}-${String(count + 1).padStart(4, "0")}`;
}

export function describeInvoice(row: InvoiceRow) {
  return {
    id: row.id,
    tenantId: row.tenantId,
    number: row.number,
    kind: row.kind as "invoice" | "credit_note",
    serviceMonth: row.serviceMonth,
    status: row.status as "draft" | "sending" | "open" | "paid" | "void",
    isPaymentFailed: row.paymentFailedAt !== null && row.status === "open",
    totalCents: Number(row.totalCents),
    currency: row.currency,
    creditsInvoiceId: row.creditsInvoiceId,
    hostedInvoiceUrl: row.hostedInvoiceUrl,
    invoicePdfUrl: row.invoicePdfUrl,
    inputsChecksum: row.inputsChecksum,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    paidAt: row.paidAt?.toISOString() ?? null,
  };
}

export function describeLine(row: LineRow) {
  return {
    id: row.id,
    position: row.position,
    kind: row.kind,
    description: row.description,
    patientId: row.patientId,
    code: row.code,
    units: row.units,
    unitAmountCents: Number(row.unitAmountCents),
    amountCents: Number(row.amountCents),
    billedCodes: (row.billedCodes ?? null) as { code: string; units: number; expectedReimbursementCents: number }[] | null,
    worksheetResultHash: row.worksheetResultHash,
    reason: row.reason,
  };
}

/** Prices an approved month under the contract in force, without writing anything. */
export async function previewInvoice(tx: ScopedTx, source: BilledMonthSource, tenantId: string, serviceMonth: string) {
  const month = await source.load(tx, tenantId, serviceMonth);
  if (!month || month.status !== "approved") throw invalidState(`The ${serviceMonth} billing worksheet of this clinic is not approved yet.`);
  const contracts = await tx.contract.findMany({ where: { tenantId } });
  const contract = selectContract(contracts, serviceMonth);
  if (!contract) throw invalidState(`This clinic has no contract in force for ${serviceMonth}. Add one first.`);
  try {
    return { month, contract, priced: priceInvoice(toContractTerms(contract), serviceMonth, month.lines) };
  } catch (error) {
    if (error instanceof PricingError) throw new DomainError("invalid_state", error.message);
    throw error;
  }
}

/**
 * Creates the draft invoice of an approved clinic-month: one line per billed patient-month (or
 * per code), a minimum top-up line, each line carrying the worksheet row it came from. Running it
 * again for the same approved run returns the same invoice and creates nothing.
 */
export async function generateInvoice(tx: ScopedTx, source: BilledMonthSource, tenantId: string, serviceMonth: string, userId: string | null) {
  await lockClinicMonth(tx, tenantId, serviceMonth);
  const { month, contract, priced } = await previewInvoice(tx, source, tenantId, serviceMonth);
  const existing = await tx.invoice.findUnique({ where: { tenantId_sourceKey: { tenantId, sourceKey: month.sourceKey } } });
  if (existing) return { invoiceId: existing.id, isCreated: false };
  for (const earlier of await tx.invoice.findMany({ where: { tenantId, serviceMonth, kind: "invoice", status: { not: "void" } } })) {
    if (!(await tx.invoice.findFirst({ where: { tenantId, creditsInvoiceId: earlier.id } }))) {
      throw invalidState(`Invoice ${earlier.number} for ${serviceMonth} is still in force. Credit it (reopened month) before invoicing the month again.`);
    }
  }
  const byPatient = new Map(month.lines.map((l) => [l.patientId, l]));
  const invoice = await tx.invoice.create({
    data: {
      tenantId, serviceMonth, kind: "invoice", number: await nextNumber(tx, tenantId, "INV", serviceMonth), sourceKey: month.sourceKey,
      contractId: contract.id, totalCents: BigInt(priced.totalCents), inputsChecksum: priced.inputsChecksum, createdBy: userId,
    },
  });
  await tx.invoiceLine.createMany({
    data: priced.lines.map((l, position) => ({
      tenantId, invoiceId: invoice.id, position, kind: l.kind, description: l.description, patientId: l.patientId, code: l.code, units: l.units,
      unitAmountCents: BigInt(l.unitAmountCents), amountCents: BigInt(l.amountCents), worksheetResultHash: l.worksheetResultHash,
      billedCodes: l.patientId ? (byPatient.get(l.patientId)!.codes as unknown as Prisma.InputJsonValue) : undefined, createdBy: userId,
    })),
  });
  return { invoiceId: invoice.id, isCreated: true };
}

async function findInvoice(tx: ScopedTx, tenantId: string, invoiceId: string) {
  const invoice = await tx.invoice.findUnique({ where: { tenantId_id: { tenantId, id: invoiceId } } });
  if (!invoice) throw notFound("That invoice");
  return invoice;
}

/** Adds an adjustment line (with its reason) to a draft; the total may not go below zero. */
export async function addAdjustment(tx: ScopedTx, input: AddAdjustment, userId: string) {
  const invoice = await findInvoice(tx, input.tenantId, input.invoiceId);
  if (invoice.status !== "draft" || invoice.kind !== "invoice") throw invalidState("Only draft invoices take adjustments; a sent invoice is corrected with a credit note.");
  const total = Number(invoice.totalCents) + input.amountCents;
  if (total < 0) throw invalidState("The adjustment would make the invoice total negative.");
  const position = await tx.invoiceLine.count({ where: { tenantId: input.tenantId, invoiceId: input.invoiceId } });
  await tx.invoiceLine.create({
    data: { tenantId: input.tenantId, invoiceId: input.invoiceId, position, kind: "adjustment", description: input.description, units: 1, unitAmountCents: BigInt(input.amountCents), amountCents: BigInt(input.amountCents), reason: input.reason, createdBy: userId },
  });
  await tx.invoice.update({ where: { tenantId_id: { tenantId: input.tenantId, id: input.invoiceId } }, data: { totalCents: BigInt(total), updatedAt: new Date() } });
  return { totalCents: total };
}

/**
 * Sends a draft: marks it `sending` and queues the Stripe work in the outbox, in this transaction.
 * The worker does the Stripe calls; sending twice queues nothing new.
 */
export async function sendInvoice(tx: ScopedTx, tenantId: string, invoiceId: string) {
  const invoice = await findInvoice(tx, tenantId, invoiceId);
  if (invoice.kind !== "invoice") throw invalidState("Credit notes are issued on their own.");
  if (invoice.status !== "draft") return { status: invoice.status, isQueued: false };
  await tx.invoice.update({ where: { tenantId_id: { tenantId, id: invoiceId } }, data: { status: "sending", updatedAt: new Date() } });
  await tx.billingOutbox.create({ data: { tenantId, invoiceId, action: "send_invoice" } });
  return { status: "sending", isQueued: true };
}

/**
 * What reopening the month does to each of its invoices in force: a draft never sent is voided,
 * an issued one is credited in full. The one home of that rule: creditReopenedMonth applies it and
 * the reopen dialog shows it before the vendor admin confirms.
 */
export async function invoicesAffectedByReopen(tx: ScopedTx, tenantId: string, serviceMonth: string) {
  const invoices = await tx.invoice.findMany({ where: { tenantId, serviceMonth, kind: "invoice", status: { not: "void" } }, orderBy: { createdAt: "asc" } });
  return invoices.map((invoice) => ({ invoice, effect: (invoice.status === "draft" ? "void" : ISSUED.includes(invoice.status) ? "credit" : "none") as "void" | "credit" | "none" }));
}

/**
 * A reopened month is corrected by a credit note for each invoice of it in force, never by
 * editing the invoice. A draft that was never sent is simply voided. Idempotent per invoice.
 */
export async function creditReopenedMonth(tx: ScopedTx, source: BilledMonthSource, tenantId: string, serviceMonth: string, userId: string | null) {
  await lockClinicMonth(tx, tenantId, serviceMonth);
  const month = await source.load(tx, tenantId, serviceMonth);
  if (!month || month.status !== "reopened") throw invalidState(`The ${serviceMonth} month close of this clinic is not reopened, so there is nothing to credit.`);
  const creditNoteIds: string[] = [];
  for (const { invoice, effect } of await invoicesAffectedByReopen(tx, tenantId, serviceMonth)) {
    if (effect === "void") {
      await tx.invoice.update({ where: { tenantId_id: { tenantId, id: invoice.id } }, data: { status: "void", voidedAt: new Date(), updatedAt: new Date() } });
      continue;
    }
    if (effect !== "credit") continue;
    const sourceKey = `credit:${invoice.id}`;
    const existing = await tx.invoice.findUnique({ where: { tenantId_sourceKey: { tenantId, sourceKey } } });
    if (existing) {
      creditNoteIds.push(existing.id);
      continue;
    }
    const note = await tx.invoice.create({
      data: {
        tenantId, serviceMonth, kind: "credit_note", number: await nextNumber(tx, tenantId, "CN", serviceMonth), sourceKey, creditsInvoiceId: invoice.id,
        contractId: invoice.contractId, status: "sending", totalCents: -invoice.totalCents, inputsChecksum: invoice.inputsChecksum, createdBy: userId,
      },
    });
    await tx.invoiceLine.create({
      data: { tenantId, invoiceId: note.id, position: 0, kind: "credit", description: `Credit for invoice ${invoice.number}: ${serviceMonth} reopened`, units: 1, unitAmountCents: -invoice.totalCents, amountCents: -invoice.totalCents, reason: "Month close reopened", createdBy: userId },
    });
    await tx.billingOutbox.create({ data: { tenantId, invoiceId: note.id, action: "issue_credit_note" } });
    creditNoteIds.push(note.id);
  }
  return { creditNoteIds };
}

export async function listInvoices(tx: ScopedTx, where: { tenantId?: string; isIssuedOnly?: boolean } = {}) {
  const rows = await tx.invoice.findMany({
    where: { ...(where.tenantId ? { tenantId: where.tenantId } : {}), ...(where.isIssuedOnly ? { status: { not: "draft" }, NOT: { status: "void", sentAt: null } } : {}) },
    orderBy: [{ serviceMonth: "desc" }, { createdAt: "desc" }],
    take: 500,
  });
  // Patient-months per invoice: distinct patients on its lines (per-code pricing has several lines each).
  const pairs = await tx.invoiceLine.groupBy({ by: ["invoiceId", "patientId"], where: { invoiceId: { in: rows.map((r) => r.id) }, patientId: { not: null } } });
  const counts = new Map<string, number>();
  for (const p of pairs) counts.set(p.invoiceId, (counts.get(p.invoiceId) ?? 0) + 1);
  return rows.map((r) => ({ ...describeInvoice(r), patientMonthCount: counts.get(r.id) ?? 0 }));
}

/** One invoice with its lines; patient names come from the clinic's own records (RLS). */
export async function getInvoice(tx: ScopedTx, tenantId: string, invoiceId: string) {
  const invoice = await findInvoice(tx, tenantId, invoiceId);
  const lines = await tx.invoiceLine.findMany({ where: { tenantId, invoiceId }, orderBy: { position: "asc" } });
  const patientIds = [...new Set(lines.map((l) => l.patientId).filter((id): id is string => id !== null))];
  const patients = await tx.patient.findMany({ where: { tenantId, id: { in: patientIds } }, select: { id: true, firstName: true, lastName: true } });
  const names = new Map(patients.map((p) => [p.id, `${p.lastName}, ${p.firstName}`]));
  return { invoice: describeInvoice(invoice), lines: lines.map((l) => ({ ...describeLine(l), patientName: l.patientId ? (names.get(l.patientId) ?? null) : null })) };
}
