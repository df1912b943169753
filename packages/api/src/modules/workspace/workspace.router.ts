import { coordinatorProcedure, router } from "../../trpc/trpc.js";

/** The coordinator workspace's frame: which clinics this person works right now. */
export const workspaceRouter = router({
  /** Clinics in the caller's scope: assigned clinics for coordinators, all for supervisors/admins. */
  clinics: coordinatorProcedure.query(async ({ ctx }) => {
    const tenants = await ctx.tx.tenant.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, timeZone: true, setting: true } });
    return tenants;
  }),
});
