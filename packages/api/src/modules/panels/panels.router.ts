import { z } from "zod";
import { router, vendorProcedure } from "../../trpc/trpc.js";
import { assignCoordinator, unassignCoordinator } from "../admin/staff.service.js";
import { assignPatients, ensureNoPatientsLeft, getCaseload, listPanelPatients, moveCaseload } from "./panels.service.js";

const Uuid = z.string().uuid();
const ClinicAssignment = z.object({ userId: Uuid, tenantId: Uuid });

/** Panel assignment for supervisors (and vendor admins): who works which clinic and patient. */
export const panelsRouter = router({
  /** Caseload and productivity per coordinator for this month, from the rollups. */
  caseload: vendorProcedure("supervisor").query(({ ctx }) => getCaseload(ctx.tx)),

  /** Coordinators to choose from, with the clinics they work. */
  coordinators: vendorProcedure("supervisor").query(async ({ ctx }) => {
    const users = await ctx.tx.appUser.findMany({
      where: { kind: "vendor", status: { not: "deactivated" }, vendorRoles: { some: { role: "coordinator" } } },
      orderBy: { name: "asc" },
      select: { id: true, name: true, coordinatorAssignments: { select: { tenantId: true } } },
    });
    return users.map((u) => ({ id: u.id, name: u.name, tenantIds: u.coordinatorAssignments.map((a) => a.tenantId) }));
  }),

  patients: vendorProcedure("supervisor")
    .input(
      z.object({
        tenantId: Uuid.optional(),
        coordinator: z.union([Uuid, z.literal("unassigned")]).optional(),
        search: z.string().trim().max(80).optional(),
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(10).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) => listPanelPatients(ctx.tx, input)),

  assignPatients: vendorProcedure("supervisor")
    .input(z.object({ patientIds: z.array(Uuid).min(1, "Select at least one patient.").max(1000, "Move at most 1,000 patients at a time."), coordinatorUserId: Uuid }))
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({ objectType: "panel_assignment", objectId: input.coordinatorUserId, details: { patients: input.patientIds.length } });
      const result = await assignPatients(ctx.tx, input, ctx.auth.user.id);
      ctx.audit.describe({ tenantId: result.tenantIds.length === 1 ? result.tenantIds[0] : undefined, details: { patients: input.patientIds.length, assigned: result.assigned, tasksMoved: result.tasksMoved } });
      return result;
    }),

  moveCaseload: vendorProcedure("supervisor")
    .input(z.object({ tenantId: Uuid, from: z.union([Uuid, z.literal("unassigned")]), to: Uuid }))
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({ tenantId: input.tenantId, objectType: "panel_assignment", objectId: input.to, details: { from: input.from } });
      const result = await moveCaseload(ctx.tx, input, ctx.auth.user.id);
      ctx.audit.describe({ details: { from: input.from, assigned: result.assigned, tasksMoved: result.tasksMoved } });
      return result;
    }),

  assignClinic: vendorProcedure("supervisor")
    .input(ClinicAssignment)
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({ tenantId: input.tenantId, objectType: "coordinator_assignment", objectId: input.userId });
      return assignCoordinator(ctx.tx, input, ctx.auth.user.id);
    }),

  unassignClinic: vendorProcedure("supervisor")
    .input(ClinicAssignment)
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({ tenantId: input.tenantId, objectType: "coordinator_assignment", objectId: input.userId });
      await ensureNoPatientsLeft(ctx.tx, input);
      return unassignCoordinator(ctx.tx, input);
    }),
});
