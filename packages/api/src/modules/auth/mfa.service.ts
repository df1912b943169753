import type { ScopedTx } from "@carefold/db";
import type { ApiConfig } from "../../config.js";
import { DomainError, invalidInput, invalidState } from "../../errors.js";
import type { Context } from "../../trpc/context.js";
import { decryptSecret, encryptSecret } from "./crypto.js";
import { createSession, revokeSessionByToken, type AuthState } from "./session.service.js";
import { createRecoveryCodes, createTotpSecret, describeEnrollment, hashRecoveryCode, matchTotpStep } from "./totp.js";

/** Wrong codes allowed per session before it is revoked (brute-force guard for 6-digit codes). */
export const MAX_MFA_FAILURES = 5;

type MfaCtx = Pick<Context, "meta" | "app" | "sessionToken"> & { config: ApiConfig; auth: AuthState };

/** Starts (or restarts) TOTP enrolment: a new secret, stored encrypted, not yet enabled. */
export async function startEnrollment(tx: ScopedTx, ctx: MfaCtx) {
  if (ctx.auth.user.hasTotp) throw invalidState("Two-step sign-in is already set up for this account.");
  const secret = createTotpSecret();
  await tx.appUser.update({
    where: { id: ctx.auth.user.id },
    data: { totpSecretEnc: encryptSecret(secret, ctx.config.encryptionKey) },
  });
  return describeEnrollment(secret, ctx.auth.user.email);
}

/** Confirms enrolment with a first code; returns the recovery codes (shown once). */
export async function confirmEnrollment(tx: ScopedTx, ctx: MfaCtx, code: string, now = new Date()) {
  const user = await tx.appUser.findUniqueOrThrow({ where: { id: ctx.auth.user.id } });
  if (user.totpEnabledAt) throw invalidState("Two-step sign-in is already set up for this account.");
  if (!user.totpSecretEnc) throw invalidState("Start the set-up again: no pending authenticator was found.");
  const secret = decryptSecret(user.totpSecretEnc, ctx.config.encryptionKey);
  const step = matchTotpStep(secret, code, now.getTime());
  if (step === null) {
    throw invalidInput("That code did not match. Check the time on your phone and enter the current code.");
  }
  const { codes, hashes } = createRecoveryCodes();
  await tx.appUser.update({ where: { id: user.id }, data: { totpEnabledAt: now, totpLastStep: step } });
  await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
  await tx.recoveryCode.createMany({ data: hashes.map((codeHash) => ({ userId: user.id, codeHash })) });
  const session = await upgradeSession(tx, ctx);
  return { recoveryCodes: codes, session };
}

/**
 * Checks a TOTP code for a session whose password step is done. Failures are counted on the
 * session (committed even though the check fails); too many revoke it.
 */
export async function verifyCode(tx: ScopedTx, ctx: MfaCtx, code: string, now = new Date()) {
  const user = await tx.appUser.findUniqueOrThrow({ where: { id: ctx.auth.user.id } });
  if (!user.totpEnabledAt || !user.totpSecretEnc) throw invalidState("Set up two-step sign-in first.");
  const secret = decryptSecret(user.totpSecretEnc, ctx.config.encryptionKey);
  const step = matchTotpStep(secret, code, now.getTime());
  if (step === null) return { ok: false as const, ...(await countFailure(tx, ctx.auth.sessionId)) };
  // Conditional update: of two sign-ins racing with one code, exactly one moves the step on.
  const claimed = await tx.appUser.updateMany({
    where: { id: user.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  if (claimed.count === 1) return { ok: true as const, session: await upgradeSession(tx, ctx) };
  const failure = await countFailure(tx, ctx.auth.sessionId);
  return failure.isSignedOut ? { ok: false as const, ...failure } : { ok: false as const, ...failure, message: "That code was already used. Wait for the next code in your authenticator app." };
}

/** A single-use recovery code instead of the authenticator. */
export async function useRecoveryCode(tx: ScopedTx, ctx: MfaCtx, code: string) {
  const used = await tx.recoveryCode.updateMany({
    where: { userId: ctx.auth.user.id, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: new Date() },
  });
  if (used.count === 1) {
    const remaining = await tx.recoveryCode.count({ where: { userId: ctx.auth.user.id, usedAt: null } });
    return { ok: true as const, remaining, session: await upgradeSession(tx, ctx) };
  }
  return { ok: false as const, ...(await countFailure(tx, ctx.auth.sessionId)) };
}

async function countFailure(tx: ScopedTx, sessionId: string) {
  const session = await tx.userSession.update({
    where: { id: sessionId },
    data: { mfaFailedAttempts: { increment: 1 } },
  });
  const isRevoked = session.mfaFailedAttempts >= MAX_MFA_FAILURES;
  if (isRevoked) {
    await tx.userSession.update({ where: { id: sessionId }, data: { revokedAt: new Date(), revokedReason: "mfa_failures" } });
  }
  return {
    message: isRevoked
      ? "Too many wrong codes. Sign in again with your password."
      : "That code did not match. Enter the current code from your authenticator app.",
    isSignedOut: isRevoked,
  };
}

/** Privilege changes get a fresh token: the pre-MFA token stops working (session fixation guard). */
async function upgradeSession(tx: ScopedTx, ctx: MfaCtx) {
  const old = await tx.userSession.findUniqueOrThrow({ where: { id: ctx.auth.sessionId } });
  if (old.revokedAt) throw new DomainError("unauthenticated", "Your sign-in expired. Sign in again.");
  await revokeSessionByToken(tx, ctx.sessionToken, "mfa_upgrade");
  return createSession(tx, ctx.config, {
    userId: old.userId,
    app: old.app,
    isMfaVerified: true,
    idleTimeoutMinutes: old.idleTimeoutMinutes,
    activeTenantId: old.activeTenantId,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
  });
}
