import { z } from "zod";
import { ConversionFactorSchema, SaveFeeScheduleRateSchema } from "../billing/fee-schedule.schemas.js";
import { listFeeSchedule, saveConversionFactor, saveFeeScheduleRate } from "../billing/fee-schedule.service.js";
import { router, vendorAdminProcedure } from "../../trpc/trpc.js";
import { inviteVendorStaff } from "../auth/invitation.service.js";
import { AssignmentSchema, CreateClinicSchema, InviteStaffSchema } from "./admin.schemas.js";
import { createClinic, listClinics } from "./clinics.service.js";
import { assignCoordinator, deactivateVendorStaff, listVendorStaff, unassignCoordinator } from "./staff.service.js";
import { UserIdSchema } from "../users/users.schemas.js";
import { BillingProfileSaveSchema } from "../billing/billing-profile.schemas.js";
import { getBillingProfile, saveBillingProfile } from "../billing/billing-profile.service.js";
import { loadInitiatingVisitPolicy, saveInitiatingVisitPolicy } from "../billing/initiating-visit-policy.service.js";

const TenantInput = z.object({ tenantId: z.string().uuid() });

/** Vendor administration (workspace /admin): clinics, staff, assignments, the local mailbox. */
export const adminRouter = router({
  clinics: vendorAdminProcedure.query(({ ctx }) => listClinics(ctx.tx)),

  createClinic: vendorAdminProcedure.input(CreateClinicSchema).mutation(async ({ ctx, input }) => {
    const created = await createClinic(ctx.tx, ctx.config, input, ctx.auth.user.id);
    ctx.audit.describe({ objectType: "tenant", objectId: created.tenantId, details: { slug: input.slug } });
    return created;
  }),

  staff: vendorAdminProcedure.query(({ ctx }) => listVendorStaff(ctx.tx)),

  inviteStaff: vendorAdminProcedure.input(InviteStaffSchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ objectType: "user", details: { roles: input.roles } });
    const result = await inviteVendorStaff(ctx.tx, ctx.config, { ...input, invitedBy: ctx.auth.user.id });
    ctx.audit.describe({ objectId: result.userId });
    return result;
  }),

  deactivateStaff: vendorAdminProcedure.input(UserIdSchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ objectType: "user", objectId: input.userId });
    return deactivateVendorStaff(ctx.tx, input.userId, ctx.auth.user.id);
  }),

  assignCoordinator: vendorAdminProcedure.input(AssignmentSchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: input.tenantId, objectType: "coordinator_assignment", objectId: input.userId });
    return assignCoordinator(ctx.tx, input, ctx.auth.user.id);
  }),

  unassignCoordinator: vendorAdminProcedure.input(AssignmentSchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: input.tenantId, objectType: "coordinator_assignment", objectId: input.userId });
    return unassignCoordinator(ctx.tx, input);
  }),

  /** A clinic's billing profile: what its claim files (CSV, 837P) say about it as billing provider. */
  billingProfile: router({
    get: vendorAdminProcedure.input(TenantInput).query(({ ctx, input }) => getBillingProfile(ctx.tx, input.tenantId)),

    save: vendorAdminProcedure.input(BillingProfileSaveSchema).mutation(async ({ ctx, input }) => {
      const { tenantId, ...profile } = input;
      ctx.audit.describe({ tenantId, objectType: "billing_setting", objectId: tenantId });
      const result = await saveBillingProfile(ctx.tx, tenantId, profile);
      // Field names only: the values (tax id, phone) stay out of the audit log.
      ctx.audit.describe({ details: { created: result.created, changed: result.changed } });
      return result;
    }),
  }),

  /** A clinic's fee schedule (rates by code and year) and QP status: what the close prices lines at. */
  feeSchedule: router({
    list: vendorAdminProcedure.input(TenantInput).query(({ ctx, input }) => listFeeSchedule(ctx.tx, input.tenantId)),

    save: vendorAdminProcedure.input(SaveFeeScheduleRateSchema).mutation(async ({ ctx, input }) => {
      ctx.audit.describe({ tenantId: input.tenantId, objectType: "fee_schedule_rate", objectId: input.tenantId, details: { code: input.code, year: input.year, cents: input.amount } });
      const saved = await saveFeeScheduleRate(ctx.tx, input, ctx.auth.user.id);
      ctx.audit.describe({ details: { code: saved.code, year: saved.year, cents: saved.cents, previousCents: saved.previousCents } });
      return saved;
    }),

    setConversionFactor: vendorAdminProcedure.input(ConversionFactorSchema).mutation(async ({ ctx, input }) => {
      ctx.audit.describe({ tenantId: input.tenantId, objectType: "billing_setting", objectId: input.tenantId, details: { conversionFactor: input.conversionFactor } });
      return saveConversionFactor(ctx.tx, input.tenantId, input.conversionFactor);
    }),
  }),

  /**
   * A clinic's reading of the initiating-visit rule where the research is unsettled (CCM discussed
   * required; TCM's visit counts): what the close decides the initiating visit with. Audited with
   * the previous values.
   */
  initiatingVisit: router({
    get: vendorAdminProcedure.input(TenantInput).query(({ ctx, input }) => loadInitiatingVisitPolicy(ctx.tx, input.tenantId)),

    save: vendorAdminProcedure
      .input(TenantInput.extend({ needsCcmDiscussed: z.boolean(), countsTcm: z.boolean() }))
      .mutation(async ({ ctx, input }) => {
        ctx.audit.describe({ tenantId: input.tenantId, objectType: "tenant_setting", objectId: input.tenantId, details: { needsCcmDiscussed: input.needsCcmDiscussed, countsTcm: input.countsTcm } });
        const saved = await saveInitiatingVisitPolicy(ctx.tx, input.tenantId, { needsCcmDiscussed: input.needsCcmDiscussed, countsTcm: input.countsTcm });
        ctx.audit.describe({ details: { ...saved.policy, previous: saved.previous } });
        return saved.policy;
      }),
  }),

  /** The local mail adapter's outbox, so the demo can follow invitation and reset links. */
  mailbox: vendorAdminProcedure.query(async ({ ctx }) => {
    const mails = await ctx.tx.mailOutbox.findMany({ orderBy: { createdAt: "desc" }, take: 100 });
    return mails.map((m) => ({ id: m.id, to: m.toAddress, subject: m.subject, bodyText: m.bodyText, kind: m.kind, createdAt: m.createdAt.toISOString(), deliveredAt: m.deliveredAt?.toISOString() ?? null }));
  }),
});
