import { z } from "zod";
import { notFound } from "../../errors.js";
import { router, tenantProcedure, vendorProcedure } from "../../trpc/trpc.js";
import { worksheetSource } from "./billed-month.source.js";
import { createContract, listContracts } from "./contracts.service.js";
import { AddAdjustmentSchema, ClinicMonthSchema, CreateContractSchema, InvoiceRefSchema } from "./invoicing.schemas.js";
import { addAdjustment, creditReopenedMonth, generateInvoice, getInvoice, listInvoices, previewInvoice, sendInvoice } from "./invoices.service.js";
import { profitAndLoss } from "./profit-and-loss.service.js";
import { listWebhookEvents } from "./stripe-webhook.service.js";

/** Vendor admins and vendor billing staff. */
const billingProcedure = vendorProcedure("billing");

/** Vendor invoicing (workspace /admin/invoicing): contracts, invoices, Stripe events, P&L. */
export const invoicingRouter = router({
  contracts: billingProcedure.input(z.object({ tenantId: z.string().uuid().optional() }).default({})).query(({ ctx, input }) => listContracts(ctx.tx, input.tenantId)),

  createContract: billingProcedure.input(CreateContractSchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: input.tenantId, objectType: "contract", details: { effectiveFromMonth: input.effectiveFromMonth, model: input.pricing.model } });
    const contract = await createContract(ctx.tx, input, ctx.auth.user.id);
    ctx.audit.describe({ objectId: contract.id });
    return contract;
  }),

  preview: billingProcedure.input(ClinicMonthSchema).query(async ({ ctx, input }) => {
    const { priced } = await previewInvoice(ctx.tx, worksheetSource, input.tenantId, input.serviceMonth);
    return priced;
  }),

  generate: billingProcedure.input(ClinicMonthSchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: input.tenantId, objectType: "invoice", details: { serviceMonth: input.serviceMonth } });
    const result = await generateInvoice(ctx.tx, worksheetSource, input.tenantId, input.serviceMonth, ctx.auth.user.id);
    ctx.audit.describe({ objectId: result.invoiceId, details: { serviceMonth: input.serviceMonth, isCreated: result.isCreated } });
    return result;
  }),

  addAdjustment: billingProcedure.input(AddAdjustmentSchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: input.tenantId, objectType: "invoice", objectId: input.invoiceId, details: { adjustmentCents: input.amountCents } });
    return addAdjustment(ctx.tx, input, ctx.auth.user.id);
  }),

  send: billingProcedure.input(InvoiceRefSchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: input.tenantId, objectType: "invoice", objectId: input.invoiceId });
    return sendInvoice(ctx.tx, input.tenantId, input.invoiceId);
  }),

  creditReopenedMonth: billingProcedure.input(ClinicMonthSchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: input.tenantId, objectType: "credit_note", details: { serviceMonth: input.serviceMonth } });
    return creditReopenedMonth(ctx.tx, worksheetSource, input.tenantId, input.serviceMonth, ctx.auth.user.id);
  }),

  invoices: billingProcedure.input(z.object({ tenantId: z.string().uuid().optional() }).default({})).query(({ ctx, input }) => listInvoices(ctx.tx, { tenantId: input.tenantId })),

  invoice: billingProcedure.input(InvoiceRefSchema).query(({ ctx, input }) => getInvoice(ctx.tx, input.tenantId, input.invoiceId)),

  webhookEvents: billingProcedure.query(({ ctx }) => listWebhookEvents(ctx.tx)),

  profitAndLoss: billingProcedure.input(z.object({ tenantId: z.string().uuid() })).query(({ ctx, input }) => profitAndLoss(ctx.tx, input.tenantId, ctx.config.coordinatorHourlyCostCents)),
});

/** The clinic's side (portal /invoices): issued invoices only, with the worksheet rows of each line. */
export const clinicInvoicesRouter = router({
  list: tenantProcedure("clinic_admin").query(({ ctx }) => listInvoices(ctx.tx, { tenantId: ctx.tenantId, isIssuedOnly: true })),

  get: tenantProcedure("clinic_admin")
    .input(z.object({ invoiceId: z.string().uuid() }))
    .query(async ({ ctx, input }) => {
      const result = await getInvoice(ctx.tx, ctx.tenantId, input.invoiceId);
      if (result.invoice.status === "draft" || (result.invoice.status === "void" && !result.invoice.sentAt)) throw notFound("That invoice");
      // Lines name patients: an audited read.
      ctx.audit.isRead = true;
      ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "invoice", objectId: input.invoiceId });
      return result;
    }),
});
