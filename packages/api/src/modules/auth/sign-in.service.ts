import type { ScopedTx } from "@carefold/db";
import type { ApiConfig } from "../../config.js";
import type { AppName, RequestMeta } from "../../trpc/context.js";
import { verifyPassword } from "./password.js";
import { createSession, isMfaRequiredFor, loadAccess, revokeSessionByToken } from "./session.service.js";
import type { SignInResult } from "./auth.schemas.js";

const WINDOW_MS = 15 * 60_000;
const GENERIC = "That e-mail and password do not match an account. Check both and try again.";

export interface SignInOutcome {
  result: SignInResult;
  session?: { token: string; maxAgeSeconds: number };
  user?: { id: string; email: string };
}

/**
 * Password sign-in with per-IP rate limiting and per-account lockout. Failed attempts are
 * recorded (the caller's unit of work commits them even though the sign-in failed). Messages
 * never reveal whether an account exists; a new session always gets a new token (rotation).
 */
export async function signInWithPassword(
  tx: ScopedTx,
  config: ApiConfig,
  input: { email: string; password: string; app: AppName; meta: RequestMeta; presentedToken: string | null },
  now = new Date(),
): Promise<SignInOutcome> {
  const recentFromIp = await tx.signInAttempt.count({
    where: { ip: input.meta.ip, isSucceeded: false, at: { gt: new Date(now.getTime() - WINDOW_MS) } },
  });
  if (recentFromIp >= config.signInAttemptsPerIp) {
    return { result: { status: "rate_limited", message: "Too many sign-in attempts from this network. Wait 15 minutes and try again." } };
  }
  const user = await tx.appUser.findUnique({ where: { email: input.email } });
  const record = (isSucceeded: boolean) =>
    tx.signInAttempt.create({ data: { email: input.email, ip: input.meta.ip, isSucceeded, at: now } });

  if (user?.lockedUntil && user.lockedUntil > now) {
    await record(false);
    return { result: lockedResult(user.lockedUntil, now), user };
  }
  const isPasswordValid = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !isPasswordValid || user.status !== "active") {
    await record(false);
    if (!user) return { result: { status: "invalid_credentials", message: GENERIC } };
    const failures = user.failedSignInCount + 1;
    const isLocking = failures >= config.lockoutThreshold;
    const lockedUntil = isLocking ? new Date(now.getTime() + config.lockoutMinutes * 60_000) : null;
    await tx.appUser.update({
      where: { id: user.id },
      data: { failedSignInCount: isLocking ? 0 : failures, ...(isLocking ? { lockedUntil } : {}) },
    });
    return { result: isLocking ? lockedResult(lockedUntil!, now) : { status: "invalid_credentials", message: GENERIC }, user };
  }

  const access = await loadAccess(tx, user.id);
  const isPortalUser = user.kind === "clinic" && access.memberships.length > 0;
  const isWorkspaceUser = user.kind === "vendor" && (await tx.vendorRoleGrant.count({ where: { userId: user.id } })) > 0;
  if ((input.app === "portal" && !isPortalUser) || (input.app === "workspace" && !isWorkspaceUser)) {
    await record(false);
    const other = input.app === "portal" ? "coordinator workspace" : "clinic portal";
    return { result: { status: "wrong_app", message: `This account signs in to the ${other}, not here.` }, user };
  }

  await record(true);
  await tx.appUser.update({ where: { id: user.id }, data: { failedSignInCount: 0, lockedUntil: null, lastSignInAt: now } });
  await revokeSessionByToken(tx, input.presentedToken, "rotated_on_sign_in");
  const hasTotp = user.totpEnabledAt !== null;
  const isMfaRequired = isMfaRequiredFor({ kind: user.kind, hasTotp }, access.memberships);
  const idleTimeoutMinutes =
    user.kind === "vendor"
      ? config.sessionIdleMinutes
      : Math.min(config.sessionIdleMinutes, ...access.memberships.map((m) => m.idleTimeoutMinutes));
  const session = await createSession(tx, config, {
    userId: user.id,
    app: input.app,
    isMfaVerified: false,
    idleTimeoutMinutes,
    activeTenantId: access.memberships[0]?.tenantId ?? null,
    ip: input.meta.ip,
    userAgent: input.meta.userAgent,
    now,
  });
  const next = hasTotp ? "verify_mfa" : isMfaRequired ? "enroll_mfa" : "done";
  return { result: { status: "signed_in", next }, session, user };
}

function lockedResult(until: Date, now: Date): SignInResult {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return {
    status: "locked",
    message: `This account is locked after repeated failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or reset your password.`,
  };
}
