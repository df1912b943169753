import { z } from "zod";
import { notFound } from "../../errors.js";
import { authedProcedure, router } from "../../trpc/trpc.js";
import { activateMembership } from "../auth/invitation.service.js";
import { revokeAllSessions } from "../auth/session.service.js";

const TenantInput = z.object({ tenantId: z.string().uuid() });

/** The signed-in person's own account: sessions, clinic switcher. */
export const accountRouter = router({
  sessions: authedProcedure.query(async ({ ctx }) => {
    const sessions = await ctx.tx.userSession.findMany({
      where: { userId: ctx.auth.user.id, revokedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { lastSeenAt: "desc" },
    });
    return sessions.map((s) => ({
      id: s.id,
      app: s.app,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      ip: s.ip,
      userAgent: s.userAgent,
      isCurrent: s.id === ctx.auth.sessionId,
    }));
  }),

  revokeSession: authedProcedure.input(z.object({ sessionId: z.string().uuid() })).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ objectType: "session", objectId: input.sessionId });
    const result = await ctx.tx.userSession.updateMany({
      where: { id: input.sessionId, userId: ctx.auth.user.id, revokedAt: null },
      data: { revokedAt: new Date(), revokedReason: "revoked_by_user" },
    });
    if (result.count === 0) throw notFound("That session");
    if (input.sessionId === ctx.auth.sessionId) ctx.cookies.clearSession = true;
    return { ok: true as const };
  }),

  /** Signs out every session of this account, this one included. */
  signOutEverywhere: authedProcedure.mutation(async ({ ctx }) => {
    const count = await revokeAllSessions(ctx.tx, ctx.auth.user.id, "sign_out_everywhere");
    ctx.audit.describe({ objectType: "user", objectId: ctx.auth.user.id, details: { sessionsRevoked: count } });
    ctx.cookies.clearSession = true;
    return { sessionsRevoked: count };
  }),

  /** Clinics that invited this person and wait for an answer (the sign-in prompt). */
  pendingInvitations: authedProcedure.query(async ({ ctx }) => {
    const rows = await ctx.tx.membership.findMany({
      where: { userId: ctx.auth.user.id, status: "pending" },
      include: { tenant: { select: { name: true } } },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((m) => ({ tenantId: m.tenantId, clinicName: m.tenant.name, role: m.role, invitedAt: m.createdAt.toISOString() }));
  }),

  /** The person accepts a clinic's invitation: only now does the clinic get them as a member. */
  acceptInvitation: authedProcedure.input(TenantInput).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: input.tenantId, objectType: "membership", objectId: ctx.auth.user.id, details: { decision: "accepted" } });
    if (ctx.app !== "portal" || !(await activateMembership(ctx.tx, input.tenantId, ctx.auth.user.id))) throw notFound("That invitation");
    await ctx.tx.userSession.update({ where: { id: ctx.auth.sessionId }, data: { activeTenantId: input.tenantId } });
    return { ok: true as const };
  }),

  declineInvitation: authedProcedure.input(TenantInput).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({ tenantId: input.tenantId, objectType: "membership", objectId: ctx.auth.user.id, details: { decision: "declined" } });
    const declined = await ctx.tx.membership.updateMany({
      where: { tenantId: input.tenantId, userId: ctx.auth.user.id, status: "pending" },
      data: { status: "deactivated", updatedAt: new Date() },
    });
    if (declined.count === 0) throw notFound("That invitation");
    return { ok: true as const };
  }),

  /** Portal users with several clinics choose which one they are working in. */
  switchClinic: authedProcedure.input(z.object({ tenantId: z.string().uuid() })).mutation(async ({ ctx, input }) => {
    if (!ctx.auth.memberships.some((m) => m.tenantId === input.tenantId)) throw notFound("That clinic");
    await ctx.tx.userSession.update({ where: { id: ctx.auth.sessionId }, data: { activeTenantId: input.tenantId } });
    ctx.audit.describe({ objectType: "session", objectId: ctx.auth.sessionId, details: { tenantId: input.tenantId } });
    return { ok: true as const };
  }),
});
