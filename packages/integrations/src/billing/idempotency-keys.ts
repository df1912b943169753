// Idempotency keys sent with every Stripe write, derived only from our own ids. A retry of the same
// step (after a crash, a timeout or a second worker) sends the same key, and Stripe answers with
// the object it created the first time instead of creating another one.

export const customerKey = (tenantId: string) => `carefold:customer:${tenantId}`;
export const invoiceCreateKey = (invoiceId: string) => `carefold:invoice:${invoiceId}:create`;
export const invoiceItemKey = (invoiceId: string, lineId: string) => `carefold:invoice:${invoiceId}:line:${lineId}`;
export const invoiceFinalizeKey = (invoiceId: string) => `carefold:invoice:${invoiceId}:finalize`;
export const invoiceSendKey = (invoiceId: string) => `carefold:invoice:${invoiceId}:send`;
export const creditNoteKey = (creditNoteId: string) => `carefold:credit-note:${creditNoteId}`;
