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
 * Password sign-in with per-IP rate limiting and a per-address lockout. Failed attempts are
 * recorded (the caller's unit of work commits them even though the sign-in failed). Messages
 * never reveal whether an account exists: the lockout counts failures per e-mail address (an
 * unknown address locks exactly like a known one), and a lock set on the account itself (too
 * many second-factor failures) is only mentioned after the right password. A new session always
 * gets a new token (rotation).
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

  const addressLock = await lockOfAddress(tx, config, input.email, user, now);
  if (addressLock) {
    await record(false);
    return { result: lockedResult(addressLock, now), user: user ?? undefined };
  }
  const isPasswordValid = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !isPasswordValid || user.status !== "active") {
    await record(false);
    // This failure may be the one that locks the address.
    const lockedNow = await lockOfAddress(tx, config, input.email, user, now);
    const result = lockedNow ? lockedResult(lockedNow, now) : ({ status: "invalid_credentials", message: GENERIC } as const);
    return { result, user: user ?? undefined };
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await record(false);
    return { result: lockedResult(user.lockedUntil, now), user };
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
  await tx.appUser.update({ where: { id: user.id }, data: { lockedUntil: null, lastSignInAt: now } });
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

/**
 * Until when an e-mail address is locked: `lockoutThreshold` failed attempts within
 * `lockoutMinutes` (counted since the account's last successful sign-in or password change, for
 * an existing account) lock it until the oldest of them is `lockoutMinutes` old. Null: not locked.
 */
async function lockOfAddress(
  tx: ScopedTx,
  config: ApiConfig,
  email: string,
  user: { lastSignInAt: Date | null; passwordChangedAt: Date | null } | null,
  now: Date,
): Promise<Date | null> {
  const windowStart = new Date(now.getTime() - config.lockoutMinutes * 60_000);
  const since = [windowStart, user?.lastSignInAt, user?.passwordChangedAt].reduce<Date>((a, b) => (b && b > a ? b : a), windowStart);
  const failures = await tx.signInAttempt.findMany({
    where: { email, isSucceeded: false, at: { gt: since } },
    orderBy: { at: "desc" },
    take: config.lockoutThreshold,
    select: { at: true },
  });
  if (failures.length < config.lockoutThreshold) return null;
  return new Date(failures[failures.length - 1]!.at.getTime() + config.lockoutMinutes * 60_000);
}

/** The same words for every lock (address or account), so the answer says nothing about accounts. */
function lockedResult(until: Date, now: Date): SignInResult {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return {
    status: "locked",
    message: `Too many failed sign-ins for this e-mail address. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or reset your password.`,
  };
}
