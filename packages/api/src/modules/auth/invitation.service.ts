import { widenTenantScope, type ScopedTx } from "@carefold/db";
import type { ApiConfig } from "../../config.js";
import { conflict, invalidState, notFound } from "../../errors.js";
import { randomToken, sha256Hex } from "./crypto.js";
import { queueMail } from "./mail.js";
import { assertPasswordAcceptable, hashPassword } from "./password.js";
import type { TenantRole, VendorRole } from "./session.service.js";

const INVITATION_DAYS = 7;
const RESET_MINUTES = 30;

const ROLE_LABEL: Record<TenantRole | VendorRole, string> = {
  clinic_admin: "clinic administrator",
  practitioner: "billing practitioner",
  clinic_staff: "clinic staff member",
  vendor_admin: "vendor administrator",
  supervisor: "coordinator supervisor",
  coordinator: "care coordinator",
  billing: "billing specialist",
};

/** The invite answer, the same whether or not the address already had an account. */
export const INVITATION_SENT = "invitation_sent" as const;

/**
 * Invites a person to a clinic. The membership is `pending` until the person accepts it, so a
 * clinic cannot take over an account that already exists (in another clinic, or vendor staff):
 * a new person gets an `invited` account and a single-use link that sets their password and
 * accepts; someone who already has an account is asked by e-mail to sign in and accept. The
 * inviting clinic gets the same answer either way and sees nothing about the account (issue 17).
 */
export async function inviteClinicUser(
  tx: ScopedTx,
  config: ApiConfig,
  input: { tenantId: string; tenantName: string; email: string; name: string; role: TenantRole; invitedBy: string },
) {
  const existing = await tx.appUser.findUnique({ where: { email: input.email } });
  const membership = existing
    ? await tx.membership.findUnique({ where: { tenantId_userId: { tenantId: input.tenantId, userId: existing.id } } })
    : null;
  // Only visible to an admin who already sees this person as an active member of the clinic.
  if (membership?.status === "active") throw conflict("That person is already a member of this clinic.");
  const user = existing ?? (await tx.appUser.create({ data: { email: input.email, name: input.name, kind: "clinic", status: "invited" } }));
  await tx.membership.upsert({
    where: { tenantId_userId: { tenantId: input.tenantId, userId: user.id } },
    create: { tenantId: input.tenantId, userId: user.id, role: input.role, status: "pending", acceptedAt: null, invitedName: input.name },
    update: { role: input.role, status: "pending", invitedName: input.name, updatedAt: new Date() },
  });
  const what = `${ROLE_LABEL[input.role]} at ${input.tenantName}`;
  if (user.status === "invited") {
    await issueInvitation(tx, config, { userId: user.id, email: user.email, name: input.name, what, url: config.publicUrls.portal, invitedBy: input.invitedBy, tenantId: input.tenantId, tenantRole: input.role });
  } else if (user.kind === "clinic" && user.status === "active") {
    await queueMail(tx, {
      to: user.email,
      kind: "membership_invitation",
      subject: `${input.tenantName} invited you in Carefold`,
      bodyText: `Hello,\n\n${input.tenantName} invited you as ${what}. Sign in at ${config.publicUrls.portal}/sign-in to accept or decline; nothing changes until you do.\n`,
    });
  }
  // Vendor staff and disabled accounts cannot join a clinic: the membership stays pending for good
  // and the clinic sees the same "invitation sent" as for anyone else.
  return { userId: user.id, status: INVITATION_SENT };
}

/** Invites vendor staff (workspace users) with their vendor roles. */
export async function inviteVendorStaff(
  tx: ScopedTx,
  config: ApiConfig,
  input: { email: string; name: string; roles: VendorRole[]; invitedBy: string },
) {
  const existing = await tx.appUser.findUnique({ where: { email: input.email } });
  if (existing) throw conflict(`${input.email} already has a Carefold account.`);
  const user = await tx.appUser.create({ data: { email: input.email, name: input.name, kind: "vendor", status: "invited" } });
  await tx.vendorRoleGrant.createMany({ data: input.roles.map((role) => ({ userId: user.id, role, grantedBy: input.invitedBy })) });
  const what = input.roles.map((r) => ROLE_LABEL[r]).join(" and ");
  await issueInvitation(tx, config, { userId: user.id, email: user.email, name: input.name, what: `${what} at the care-management team`, url: config.publicUrls.workspace, invitedBy: input.invitedBy, vendorRole: input.roles[0] });
  return { userId: user.id };
}

async function issueInvitation(
  tx: ScopedTx,
  _config: ApiConfig,
  input: { userId: string; email: string; name: string; what: string; url: string; invitedBy: string; tenantId?: string; tenantRole?: TenantRole; vendorRole?: VendorRole },
) {
  const token = randomToken();
  await tx.authToken.updateMany({ where: { userId: input.userId, kind: "invitation", usedAt: null }, data: { usedAt: new Date() } });
  await tx.authToken.create({
    data: {
      tokenHash: sha256Hex(token),
      kind: "invitation",
      userId: input.userId,
      forTenantId: input.tenantId ?? null,
      tenantRole: input.tenantRole ?? null,
      vendorRole: input.vendorRole ?? null,
      createdBy: input.invitedBy,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    },
  });
  await queueMail(tx, {
    to: input.email,
    kind: "invitation",
    subject: "You are invited to Carefold",
    bodyText: `Hello ${input.name},\n\nYou are invited to Carefold as ${input.what}.\nAccept within ${INVITATION_DAYS} days: ${input.url}/invitations/${token}\n`,
  });
}

async function findUsableToken(tx: ScopedTx, token: string, kind: "invitation" | "password_reset") {
  const found = await tx.authToken.findUnique({ where: { tokenHash: sha256Hex(token) }, select: { forTenantId: true } });
  // Holding a valid invitation entitles the visitor to see which clinic invited them.
  if (found?.forTenantId) await widenTenantScope(tx, [found.forTenantId]);
  const row = await tx.authToken.findUnique({ where: { tokenHash: sha256Hex(token) }, include: { user: true, forTenant: true } });
  if (!row || row.kind !== kind) throw notFound(kind === "invitation" ? "That invitation" : "That reset link");
  if (row.usedAt) throw invalidState(kind === "invitation" ? "This invitation was already used. Sign in instead." : "This reset link was already used. Request a new one.");
  if (row.expiresAt <= new Date()) throw invalidState(kind === "invitation" ? "This invitation has expired. Ask your administrator to send a new one." : "This reset link has expired. Request a new one.");
  return row;
}

export async function describeInvitation(tx: ScopedTx, token: string) {
  const row = await findUsableToken(tx, token, "invitation");
  return {
    email: row.user.email,
    name: row.user.name,
    clinicName: row.forTenant?.name ?? null,
    role: row.tenantRole ?? row.vendorRole,
    app: row.user.kind === "clinic" ? ("portal" as const) : ("workspace" as const),
  };
}

/** Activates the invited account with the person's own name and password. */
export async function acceptInvitation(tx: ScopedTx, input: { token: string; name: string; password: string }) {
  const row = await findUsableToken(tx, input.token, "invitation");
  assertPasswordAcceptable(input.password, row.user.email);
  await tx.appUser.update({
    where: { id: row.userId },
    data: { name: input.name, passwordHash: await hashPassword(input.password), status: "active", passwordChangedAt: new Date() },
  });
  await tx.authToken.update({ where: { id: row.id }, data: { usedAt: new Date() } });
  if (row.forTenantId) await activateMembership(tx, row.forTenantId, row.userId);
  return { userId: row.userId, email: row.user.email, tenantId: row.forTenantId, app: row.user.kind === "clinic" ? ("portal" as const) : ("workspace" as const) };
}

/** The person's own acceptance turns a pending membership active (the only way it becomes active). */
export async function activateMembership(tx: ScopedTx, tenantId: string, userId: string) {
  const now = new Date();
  const updated = await tx.membership.updateMany({
    where: { tenantId, userId, status: "pending" },
    data: { status: "active", acceptedAt: now, updatedAt: now },
  });
  return updated.count === 1;
}

/** Reset requests that send mail, per account (e-mail) and per client address, per window. */
export const RESET_REQUESTS_PER_ACCOUNT = 3;
export const RESET_REQUESTS_PER_IP = 10;
const RESET_REQUEST_WINDOW_MS = 60 * 60_000;

/**
 * Always answers the same way, whether or not the address has an account and whether or not a
 * limit was hit (the caller audits `isRateLimited`). Every request is recorded, for unknown
 * addresses too, so the limits reveal nothing. A new link revokes the account's older ones.
 */
export async function requestPasswordReset(
  tx: ScopedTx,
  config: ApiConfig,
  input: { email: string; ip: string },
  now = new Date(),
): Promise<{ userId: string | null; isRateLimited: boolean }> {
  const since = new Date(now.getTime() - RESET_REQUEST_WINDOW_MS);
  // One statement at a time on the unit of work's connection (decision 0013's serial client).
  const fromIp = await tx.passwordResetRequest.count({ where: { ip: input.ip, at: { gt: since } } });
  const forAccount = await tx.passwordResetRequest.count({ where: { email: input.email, at: { gt: since } } });
  await tx.passwordResetRequest.create({ data: { email: input.email, ip: input.ip, at: now } });
  const user = await tx.appUser.findUnique({ where: { email: input.email } });
  const userId = user?.status === "active" ? user.id : null;
  const isRateLimited = fromIp >= RESET_REQUESTS_PER_IP || forAccount >= RESET_REQUESTS_PER_ACCOUNT;
  if (!user || user.status !== "active" || isRateLimited) return { userId, isRateLimited };
  await tx.authToken.updateMany({ where: { userId: user.id, kind: "password_reset", usedAt: null }, data: { usedAt: now } });
  const token = randomToken();
  await tx.authToken.create({
    data: { tokenHash: sha256Hex(token), kind: "password_reset", userId: user.id, createdAt: now, expiresAt: new Date(now.getTime() + RESET_MINUTES * 60_000) },
  });
  const url = user.kind === "clinic" ? config.publicUrls.portal : config.publicUrls.workspace;
  await queueMail(tx, {
    to: user.email,
    kind: "password_reset",
    subject: "Reset your Carefold password",
    bodyText: `Hello ${user.name},\n\nReset your password within ${RESET_MINUTES} minutes: ${url}/reset-password/${token}\nIf you did not ask for this, ignore this e-mail.\n`,
  });
  return { userId: user.id, isRateLimited: false };
}

/** Sets a new password from a reset link; every session of the account is signed out. */
export async function resetPassword(tx: ScopedTx, input: { token: string; password: string }) {
  const row = await findUsableToken(tx, input.token, "password_reset");
  assertPasswordAcceptable(input.password, row.user.email);
  await tx.appUser.update({
    where: { id: row.userId },
    data: { passwordHash: await hashPassword(input.password), passwordChangedAt: new Date(), failedSignInCount: 0, mfaFailedCount: 0, lockedUntil: null },
  });
  // This link and every other outstanding one of the account: an older link dies with the newer.
  await tx.authToken.updateMany({ where: { userId: row.userId, kind: "password_reset", usedAt: null }, data: { usedAt: new Date() } });
  await tx.userSession.updateMany({ where: { userId: row.userId, revokedAt: null }, data: { revokedAt: new Date(), revokedReason: "password_reset" } });
  return { userId: row.userId, email: row.user.email };
}
