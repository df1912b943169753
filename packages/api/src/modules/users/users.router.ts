import { router, tenantProcedure } from "../../trpc/trpc.js";
import { inviteClinicUser } from "../auth/invitation.service.js";
import { InviteClinicUserSchema, UserIdSchema } from "./users.schemas.js";
import { deactivateClinicUser, listClinicUsers, reactivateClinicUser } from "./users.service.js";

const clinicAdmin = tenantProcedure("clinic_admin");

/** Clinic admins manage their own clinic's users (portal). */
export const usersRouter = router({
  list: clinicAdmin.query(({ ctx }) => listClinicUsers(ctx.tx, ctx.tenantId)),

  invite: clinicAdmin.input(InviteClinicUserSchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "membership", details: { role: input.role } });
    const tenantName = ctx.auth.memberships.find((m) => m.tenantId === ctx.tenantId)!.tenantName;
    const result = await inviteClinicUser(ctx.tx, ctx.config, { ...input, tenantId: ctx.tenantId, tenantName, invitedBy: ctx.auth.user.id });
    // Nothing in the clinic's own log may tell whether the address already had an account.
    ctx.audit.describe({ objectId: result.userId, details: { role: input.role } });
    return result;
  }),

  deactivate: clinicAdmin.input(UserIdSchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "membership", objectId: input.userId });
    return deactivateClinicUser(ctx.tx, ctx.tenantId, input.userId, ctx.auth.user.id);
  }),

  reactivate: clinicAdmin.input(UserIdSchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: ctx.tenantId, objectType: "membership", objectId: input.userId });
    return reactivateClinicUser(ctx.tx, ctx.tenantId, input.userId);
  }),
});
