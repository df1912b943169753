import { DEMO_CLINICS, withSystemScope, type Db } from "@carefold/db";
import { encryptSecret } from "../modules/auth/crypto.js";
import { hashPassword } from "../modules/auth/password.js";
import type { TenantRole, VendorRole } from "../modules/auth/session.service.js";

/** Demo only: printed by `npm start`; never used outside the seeded demo database. */
export const DEMO_PASSWORD = "carefold-demo-2026";

/** Fixed TOTP seeds for demo accounts that need a second factor (`npm run demo:codes` prints codes). */
export const DEMO_TOTP_SECRET = "CAREFOLDDEMOTOTPSEED2345";

const [MAPLE, DESERT] = DEMO_CLINICS;

interface DemoUser {
  email: string;
  name: string;
  kind: "vendor" | "clinic";
  vendorRoles?: VendorRole[];
  memberships?: { tenantId: string; role: TenantRole }[];
  assignedTenantIds?: string[];
  hasTotp: boolean;
}

export const DEMO_USERS: DemoUser[] = [
  { email: "admin@carefold.demo", name: "Avery Admin", kind: "vendor", vendorRoles: ["vendor_admin"], hasTotp: true },
  { email: "supervisor@carefold.demo", name: "Sam Supervisor", kind: "vendor", vendorRoles: ["supervisor"], hasTotp: true },
  { email: "coordinator@carefold.demo", name: "Casey Coordinator, RN", kind: "vendor", vendorRoles: ["coordinator"], assignedTenantIds: [MAPLE!.id, DESERT!.id], hasTotp: true },
  // A second coordinator (Maple Grove only) so supervisors can balance caseloads in the demo.
  { email: "jordan@carefold.demo", name: "Jordan Reyes, LPN", kind: "vendor", vendorRoles: ["coordinator"], assignedTenantIds: [MAPLE!.id], hasTotp: true },
  { email: "admin@maplegrove.demo", name: "Morgan Lee", kind: "clinic", memberships: [{ tenantId: MAPLE!.id, role: "clinic_admin" }], hasTotp: false },
  { email: "dr.patel@maplegrove.demo", name: "Dr. Priya Patel", kind: "clinic", memberships: [{ tenantId: MAPLE!.id, role: "practitioner" }], hasTotp: false },
  { email: "admin@desertsky.demo", name: "Diego Alvarez", kind: "clinic", memberships: [{ tenantId: DESERT!.id, role: "clinic_admin" }], hasTotp: true },
];

/**
 * Seeds the demo accounts (idempotent: existing e-mails are left alone). Desert Sky enforces two-step
 * sign-in for its users, to show the per-clinic setting.
 */
export async function seedDemoUsers(db: Db, encryptionKey: Buffer): Promise<{ usersCreated: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return withSystemScope(db, "seed demo users", async (tx) => {
    await tx.tenantSetting.update({ where: { tenantId: DESERT!.id }, data: { mfaRequired: true } });
    let usersCreated = 0;
    for (const demo of DEMO_USERS) {
      if (await tx.appUser.findUnique({ where: { email: demo.email } })) continue;
      usersCreated++;
      const user = await tx.appUser.create({
        data: {
          email: demo.email,
          name: demo.name,
          kind: demo.kind,
          status: "active",
          passwordHash,
          totpSecretEnc: demo.hasTotp ? encryptSecret(DEMO_TOTP_SECRET, encryptionKey) : null,
          totpEnabledAt: demo.hasTotp ? new Date() : null,
          // Established staff: the "new staff" review rule applies to accounts under 30 days old.
          createdAt: new Date(Date.now() - 400 * 86_400_000),
        },
      });
      for (const role of demo.vendorRoles ?? []) await tx.vendorRoleGrant.create({ data: { userId: user.id, role } });
      for (const m of demo.memberships ?? []) await tx.membership.create({ data: { ...m, userId: user.id } });
      for (const tenantId of demo.assignedTenantIds ?? []) await tx.coordinatorAssignment.create({ data: { tenantId, userId: user.id } });
    }
    return { usersCreated };
  });
}
