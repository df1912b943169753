import { leanQuery, type ScopedTx } from "@carefold/db";
import type { ApiConfig } from "../../config.js";
import { DomainError, invalidInput, invalidState } from "../../errors.js";
import { AuditNote } from "../audit/audit-note.js";
import { writeAuditEvent } from "../audit/audit.writer.js";
import type { Context } from "../../trpc/context.js";
import { decryptSecret, encryptSecret } from "./crypto.js";
import { createSession, revokeSessionByToken, type AuthState } from "./session.service.js";
import { createRecoveryCodes, createTotpSecret, describeEnrollment, hashRecoveryCode, matchTotpStep } from "./totp.js";

/** Wrong codes allowed per session before it is revoked (brute-force guard for 6-digit codes). */
export const MAX_MFA_FAILURES = 5;
/**
 * Wrong codes allowed per account across all its sessions before the account is locked. A
 * password sign-in does not reset the count (only a correct second factor or a password reset
 * does), and once it is reached every further failure locks the account again, so after the
 * first lock an attacker with the password gets one guess per lockout period.
 */
export const MFA_LOCK_THRESHOLD = 10;

const SIGNED_OUT = "Too many wrong codes. Sign in again with your password.";

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
  if (!(await claimAttempt(tx, ctx, now))) return refuseAttempt(tx, ctx);
  const user = await tx.appUser.findUniqueOrThrow({ where: { id: ctx.auth.user.id } });
  if (!user.totpEnabledAt || !user.totpSecretEnc) throw invalidState("Set up two-step sign-in first.");
  const secret = decryptSecret(user.totpSecretEnc, ctx.config.encryptionKey);
  const step = matchTotpStep(secret, code, now.getTime());
  if (step === null) return { ok: false as const, ...(await countFailure(tx, ctx, now)) };
  // Conditional update: of two sign-ins racing with one code, exactly one moves the step on.
  const claimed = await tx.appUser.updateMany({
    where: { id: user.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  if (claimed.count === 1) return { ok: true as const, session: await upgradeSession(tx, ctx) };
  const failure = await countFailure(tx, ctx, now);
  return failure.isSignedOut ? { ok: false as const, ...failure } : { ok: false as const, ...failure, message: "That code was already used. Wait for the next code in your authenticator app." };
}

/** A single-use recovery code instead of the authenticator. */
export async function useRecoveryCode(tx: ScopedTx, ctx: MfaCtx, code: string, now = new Date()) {
  if (!(await claimAttempt(tx, ctx, now))) return refuseAttempt(tx, ctx);
  const used = await tx.recoveryCode.updateMany({
    where: { userId: ctx.auth.user.id, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: new Date() },
  });
  if (used.count === 1) {
    const remaining = await tx.recoveryCode.count({ where: { userId: ctx.auth.user.id, usedAt: null } });
    return { ok: true as const, remaining, session: await upgradeSession(tx, ctx) };
  }
  return { ok: false as const, ...(await countFailure(tx, ctx, now)) };
}

/**
 * The budget check, under row locks held until the unit of work ends: the account's row, then
 * the session's (always in that order). Every second-factor check of one account therefore runs
 * one at a time, whether the calls come in one tRPC batch (which resolved the session once,
 * before any of them ran), in concurrent requests or from several sessions; each sees the
 * failures the previous ones committed. False: no code may be checked at all.
 */
async function claimAttempt(tx: ScopedTx, ctx: MfaCtx, now: Date): Promise<boolean> {
  const [user] = await leanQuery<{ mfa_failed_count: number; locked_until: Date | null }>(
    tx,
    "SELECT mfa_failed_count, locked_until FROM app_user WHERE id = $1::uuid FOR UPDATE",
    [ctx.auth.user.id],
  );
  const [session] = await leanQuery<{ mfa_failed_attempts: number; revoked_at: Date | null }>(
    tx,
    "SELECT mfa_failed_attempts, revoked_at FROM user_session WHERE id = $1::uuid FOR UPDATE",
    [ctx.auth.sessionId],
  );
  if (!user || !session || session.revoked_at) return false;
  const isLocked = user.locked_until !== null && new Date(user.locked_until) > now;
  return !isLocked && session.mfa_failed_attempts < MAX_MFA_FAILURES;
}

/**
 * An attempt beyond the budget: the code is not looked at, so a right code answers exactly like
 * a wrong one (no oracle) and its time step stays unclaimed; the session ends.
 */
async function refuseAttempt(tx: ScopedTx, ctx: MfaCtx) {
  await tx.userSession.updateMany({
    where: { id: ctx.auth.sessionId, revokedAt: null },
    data: { revokedAt: new Date(), revokedReason: "mfa_failures" },
  });
  return { ok: false as const, message: SIGNED_OUT, isSignedOut: true };
}

/** Counts a wrong code on the session and the account (rows locked by claimAttempt). */
async function countFailure(tx: ScopedTx, ctx: MfaCtx, now: Date) {
  const session = await tx.userSession.update({
    where: { id: ctx.auth.sessionId },
    data: { mfaFailedAttempts: { increment: 1 } },
  });
  const user = await tx.appUser.update({ where: { id: ctx.auth.user.id }, data: { mfaFailedCount: { increment: 1 } } });
  const isAccountLocked = user.mfaFailedCount >= MFA_LOCK_THRESHOLD;
  if (isAccountLocked) await lockForMfaFailures(tx, ctx, user.mfaFailedCount, now);
  const isRevoked = isAccountLocked || session.mfaFailedAttempts >= MAX_MFA_FAILURES;
  if (isRevoked) {
    await tx.userSession.updateMany({ where: { id: ctx.auth.sessionId, revokedAt: null }, data: { revokedAt: now, revokedReason: "mfa_failures" } });
  }
  return {
    message: isRevoked ? SIGNED_OUT : "That code did not match. Enter the current code from your authenticator app.",
    isSignedOut: isRevoked,
  };
}

/**
 * Locks the account (the password lockout's lock, so sign-in answers the same) and ends every
 * session still waiting for its second factor; sessions already through it are left alone, so
 * an attacker holding only the password cannot sign the real user out. Alerts through the
 * platform audit log (`auth.mfaLockout`), in this unit of work.
 */
async function lockForMfaFailures(tx: ScopedTx, ctx: MfaCtx, failures: number, now: Date) {
  const lockedUntil = new Date(now.getTime() + ctx.config.lockoutMinutes * 60_000);
  await tx.appUser.update({ where: { id: ctx.auth.user.id }, data: { lockedUntil } });
  const revoked = await tx.userSession.updateMany({
    where: { userId: ctx.auth.user.id, isMfaVerified: false, revokedAt: null },
    data: { revokedAt: now, revokedReason: "mfa_lockout" },
  });
  const alert = new AuditNote("auth.mfaLockout");
  alert.describe({ objectType: "user", objectId: ctx.auth.user.id, details: { failures, lockedUntil: lockedUntil.toISOString(), sessionsRevoked: revoked.count } });
  await writeAuditEvent(tx, ctx, alert, "denied", []);
}

/** Privilege changes get a fresh token: the pre-MFA token stops working (session fixation guard). */
async function upgradeSession(tx: ScopedTx, ctx: MfaCtx) {
  const old = await tx.userSession.findUniqueOrThrow({ where: { id: ctx.auth.sessionId } });
  if (old.revokedAt) throw new DomainError("unauthenticated", "Your sign-in expired. Sign in again.");
  await tx.appUser.update({ where: { id: old.userId }, data: { mfaFailedCount: 0 } });
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
