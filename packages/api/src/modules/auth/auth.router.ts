import { z } from "zod";
import { publicProcedure, router, sessionProcedure } from "../../trpc/trpc.js";
import type { ScopedContext } from "../../trpc/context.js";
import {
  AcceptInvitationSchema,
  EmailSchema,
  RecoveryCodeSchema,
  ResetPasswordSchema,
  SignInInputSchema,
  TokenSchema,
  TotpCodeSchema,
} from "./auth.schemas.js";
import { sha256Hex } from "./crypto.js";
import * as invitations from "./invitation.service.js";
import * as mfa from "./mfa.service.js";
import { createSession } from "./session.service.js";
import { signInWithPassword } from "./sign-in.service.js";
import { loadAccess } from "./session.service.js";

const setSession = (ctx: ScopedContext, session: { token: string; maxAgeSeconds: number }) => {
  ctx.cookies.setSession = { token: session.token, maxAgeSeconds: session.maxAgeSeconds };
};

/**
 * The tenant context of a portal sign-in event: the clinic the new session starts in, or for a
 * failed attempt every clinic the person belongs to (each may monitor attacks on its members).
 */
async function clinicsOfSignIn(ctx: ScopedContext, userId: string, token: string | undefined): Promise<string[]> {
  if (token) {
    const session = await ctx.tx.userSession.findUnique({ where: { tokenHash: sha256Hex(token) }, select: { activeTenantId: true } });
    return session?.activeTenantId ? [session.activeTenantId] : [];
  }
  return (await loadAccess(ctx.tx, userId)).memberships.map((m) => m.tenantId);
}

export const authRouter = router({
  /** Who is signed in (null when nobody), including whether MFA is still pending. */
  me: publicProcedure.query(({ ctx }) => {
    if (!ctx.auth) return { user: null, signedOutReason: ctx.signedOutReason };
    const { user, memberships, activeTenantId, isMfaRequired, isMfaVerified, assignedTenantIds, idleTimeoutMinutes } = ctx.auth;
    return {
      user,
      memberships,
      activeTenantId,
      assignedTenantIds,
      idleTimeoutMinutes,
      mfa: { isRequired: isMfaRequired, isVerified: isMfaVerified, isEnrolled: user.hasTotp },
      signedOutReason: null,
    };
  }),

  signIn: publicProcedure.input(SignInInputSchema).mutation(async ({ ctx, input }) => {
    const outcome = await signInWithPassword(ctx.tx, ctx.config, {
      email: input.email,
      password: input.password,
      app: ctx.app,
      meta: ctx.meta,
      presentedToken: ctx.sessionToken,
    });
    ctx.audit.actor = { userId: outcome.user?.id ?? null, label: input.email };
    ctx.audit.describe({ objectType: "user", objectId: outcome.user?.id, details: { result: outcome.result.status, app: ctx.app } });
    if (outcome.result.status !== "signed_in") ctx.audit.outcome = outcome.result.status === "wrong_app" ? "denied" : "failure";
    if (outcome.session) setSession(ctx, outcome.session);
    if (ctx.app === "portal" && outcome.user) ctx.audit.clinicIds = await clinicsOfSignIn(ctx, outcome.user.id, outcome.session?.token);
    return outcome.result;
  }),

  startMfaEnrollment: sessionProcedure.mutation(async ({ ctx }) => {
    ctx.audit.describe({ objectType: "user", objectId: ctx.auth.user.id });
    return mfa.startEnrollment(ctx.tx, ctx);
  }),

  confirmMfaEnrollment: sessionProcedure.input(TotpCodeSchema).mutation(async ({ ctx, input }) => {
    const { recoveryCodes, session } = await mfa.confirmEnrollment(ctx.tx, ctx, input.code);
    ctx.audit.describe({ objectType: "user", objectId: ctx.auth.user.id });
    setSession(ctx, session);
    return { recoveryCodes };
  }),

  verifyMfa: sessionProcedure.input(TotpCodeSchema).mutation(async ({ ctx, input }) => {
    const result = await mfa.verifyCode(ctx.tx, ctx, input.code);
    ctx.audit.describe({ objectType: "user", objectId: ctx.auth.user.id });
    if (!result.ok) {
      ctx.audit.outcome = "failure";
      if (result.isSignedOut) ctx.cookies.clearSession = true;
      return { ok: false as const, message: result.message, isSignedOut: result.isSignedOut };
    }
    setSession(ctx, result.session);
    return { ok: true as const };
  }),

  useRecoveryCode: sessionProcedure.input(RecoveryCodeSchema).mutation(async ({ ctx, input }) => {
    const result = await mfa.useRecoveryCode(ctx.tx, ctx, input.code);
    ctx.audit.describe({ objectType: "user", objectId: ctx.auth.user.id, details: result.ok ? { remaining: result.remaining } : {} });
    if (!result.ok) {
      ctx.audit.outcome = "failure";
      if (result.isSignedOut) ctx.cookies.clearSession = true;
      return { ok: false as const, message: result.message, isSignedOut: result.isSignedOut };
    }
    setSession(ctx, result.session);
    return { ok: true as const, remaining: result.remaining };
  }),

  signOut: sessionProcedure.mutation(async ({ ctx }) => {
    await ctx.tx.userSession.update({ where: { id: ctx.auth.sessionId }, data: { revokedAt: new Date(), revokedReason: "sign_out" } });
    ctx.audit.describe({ objectType: "session", objectId: ctx.auth.sessionId });
    ctx.cookies.clearSession = true;
    return { ok: true as const };
  }),

  requestPasswordReset: publicProcedure.input(z.object({ email: EmailSchema })).mutation(async ({ ctx, input }) => {
    const { userId, isRateLimited } = await invitations.requestPasswordReset(ctx.tx, ctx.config, { email: input.email, ip: ctx.meta.ip });
    ctx.audit.actor = { userId, label: input.email };
    ctx.audit.describe({ objectType: "user", objectId: userId ?? undefined, details: { isKnownAccount: userId !== null, isRateLimited } });
    return { ok: true as const };
  }),

  resetPassword: publicProcedure.input(ResetPasswordSchema).mutation(async ({ ctx, input }) => {
    const { userId, email } = await invitations.resetPassword(ctx.tx, input);
    ctx.audit.actor = { userId, label: email };
    ctx.audit.describe({ objectType: "user", objectId: userId });
    return { ok: true as const };
  }),

  describeInvitation: publicProcedure.input(TokenSchema).query(({ ctx, input }) => invitations.describeInvitation(ctx.tx, input.token)),

  /** Activates the account and signs the person in (MFA enrolment follows where required). */
  acceptInvitation: publicProcedure.input(AcceptInvitationSchema).mutation(async ({ ctx, input }) => {
    const accepted = await invitations.acceptInvitation(ctx.tx, input);
    ctx.audit.actor = { userId: accepted.userId, label: accepted.email };
    ctx.audit.describe({ tenantId: accepted.tenantId, objectType: "user", objectId: accepted.userId });
    if (accepted.app !== ctx.app) return { next: "wrong_app" as const, app: accepted.app };
    const access = await loadAccess(ctx.tx, accepted.userId);
    const session = await createSession(ctx.tx, ctx.config, {
      userId: accepted.userId,
      app: ctx.app,
      isMfaVerified: false,
      idleTimeoutMinutes: Math.min(ctx.config.sessionIdleMinutes, ...access.memberships.map((m) => m.idleTimeoutMinutes)),
      activeTenantId: accepted.tenantId ?? access.memberships[0]?.tenantId ?? null,
      ip: ctx.meta.ip,
      userAgent: ctx.meta.userAgent,
    });
    setSession(ctx, session);
    const mustEnroll = ctx.app === "workspace" || access.memberships.some((m) => m.mfaRequired);
    return { next: mustEnroll ? ("enroll_mfa" as const) : ("done" as const), app: accepted.app };
  }),
});
