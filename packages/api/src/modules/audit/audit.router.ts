import { z } from "zod";
import { router, tenantProcedure, vendorAdminProcedure } from "../../trpc/trpc.js";
import {
  listClinicEvents,
  listPlatformEvents,
  listTenantEvents,
  toAuditCsv,
  verifyChains,
} from "./audit.service.js";

const FilterSchema = z.object({
  action: z.string().max(100).optional(),
  outcome: z.enum(["success", "denied", "failure"]).optional(),
  before: z.string().datetime().optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

const clinicAdmin = tenantProcedure("clinic_admin");

export const auditRouter = router({
  /** Clinic admins: their own clinic's log (RLS keeps it to that clinic) and their members' sign-ins. */
  clinicEvents: clinicAdmin
    .input(FilterSchema)
    .query(({ ctx, input }) => listClinicEvents(ctx.tx, { ...input, tenantId: ctx.tenantId })),

  clinicCsv: clinicAdmin
    .input(FilterSchema.extend({ limit: z.number().int().min(1).max(50_000).default(10_000) }))
    .query(async ({ ctx, input }) => {
      ctx.audit.isRead = true;
      ctx.audit.describe({
        tenantId: ctx.tenantId,
        objectType: "audit_log",
        details: { export: "csv" },
      });
      return {
        filename: "audit-log.csv",
        csv: toAuditCsv(await listClinicEvents(ctx.tx, { ...input, tenantId: ctx.tenantId })),
      };
    }),

  /** Vendor admins: every clinic's log, or the platform log. */
  allEvents: vendorAdminProcedure
    .input(
      FilterSchema.extend({
        chain: z.union([z.literal("platform"), z.string().uuid()]).optional(),
      }),
    )
    .query(({ ctx, input }) =>
      input.chain === "platform"
        ? listPlatformEvents(ctx.tx, input)
        : listTenantEvents(ctx.tx, { ...input, tenantId: input.chain }),
    ),

  verifyChains: vendorAdminProcedure.query(({ ctx }) => verifyChains(ctx.tx, ctx.tenantIds)),
});
