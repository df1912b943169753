import type { Db } from "../client.js";
import { withTenantScope } from "../scope.js";
import { DEMO_CLINICS } from "./demo-clinics.js";

/**
 * Seeds the demo data. Idempotent: every row has a fixed key and is upserted, so a second
 * `npm start` changes nothing. Returns how many clinics were created this time.
 */
export async function seedDemoData(db: Db): Promise<{ clinicsCreated: number }> {
  let clinicsCreated = 0;
  for (const clinic of DEMO_CLINICS) {
    await withTenantScope(db, { tenantIds: [clinic.id] }, async (tx) => {
      const existing = await tx.tenant.findUnique({ where: { id: clinic.id } });
      // Caller-ID numbers (issue 7) are also added to clinics seeded before they existed.
      if (existing) {
        if (!(await tx.clinicPhoneNumber.findFirst({ where: { tenantId: clinic.id } }))) {
          await tx.clinicPhoneNumber.create({ data: { tenantId: clinic.id, numberE164: clinic.phoneNumber, isDefault: true } });
        }
        return;
      }
      clinicsCreated++;
      await tx.tenant.create({
        data: {
          id: clinic.id,
          name: clinic.name,
          slug: clinic.slug,
          timeZone: clinic.timeZone,
          setting: clinic.setting,
          status: "active",
        },
      });
      await tx.tenantSetting.create({ data: { tenantId: clinic.id } });
      await tx.tenantLocation.create({ data: { tenantId: clinic.id, ...clinic.location } });
      await tx.clinicPhoneNumber.create({ data: { tenantId: clinic.id, numberE164: clinic.phoneNumber, isDefault: true } });
    });
  }
  return { clinicsCreated };
}
