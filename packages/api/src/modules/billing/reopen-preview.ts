import type { ScopedTx } from "@carefold/db";
import { invoicesAffectedByReopen } from "../invoicing/invoices.service.js";
import { listSentClaims } from "./claim-lifecycle.js";

/**
 * What reopening a clinic-month touches, for the reopen dialog: the claims already sent (a change
 * after the re-close goes out as a replacement or void of them) and the invoices that will be
 * voided or credited, with their lines (invoicesAffectedByReopen: the same rule the reopen applies).
 */
export async function reopenPreview(tx: ScopedTx, tenantId: string, serviceMonth: string) {
  const claims = await listSentClaims(tx, tenantId, serviceMonth);
  const affected = (await invoicesAffectedByReopen(tx, tenantId, serviceMonth)).filter((a) => a.effect !== "none");
  const lines = await tx.invoiceLine.findMany({
    where: { tenantId, invoiceId: { in: affected.map((a) => a.invoice.id) } },
    orderBy: [{ invoiceId: "asc" }, { position: "asc" }],
    select: { invoiceId: true, description: true, amountCents: true },
  });
  return {
    claims,
    invoices: affected.map(({ invoice, effect }) => ({
      number: invoice.number,
      status: invoice.status,
      effect,
      totalCents: Number(invoice.totalCents),
      lines: lines.filter((l) => l.invoiceId === invoice.id).map((l) => ({ description: l.description, amountCents: Number(l.amountCents) })),
    })),
  };
}
