import { claimTypeOf } from "./claims.js";
import type { ScopedTx } from "@carefold/db";
import { notFound } from "../../errors.js";
import { placeOfServiceName, type BillingProfile } from "./billing-profile.schemas.js";

const FIELDS = [
  "billingName", "billingNpi", "taxId", "addressLine1", "city", "state", "postalCode", "placeOfService",
  "dateOfService", "contactPhone", "submitterId", "receiverId", "payerName", "payerId", "usageIndicator",
] as const satisfies readonly (keyof BillingProfile)[];
type Field = (typeof FIELDS)[number];

/** As stored: the same fields as strings (a row written before this editor may hold other codes). */
export type StoredBillingProfile = Record<Field, string> & { updatedAt: string };

/** char(n) columns come back space-padded; the profile is returned as it was saved. */
function toProfile(row: Record<Field, string> & { updatedAt: Date }): StoredBillingProfile {
  const profile = Object.fromEntries(FIELDS.map((f) => [f, row[f].trim()])) as Record<Field, string>;
  return { ...profile, updatedAt: row.updatedAt.toISOString() };
}

async function clinicName(tx: ScopedTx, tenantId: string): Promise<string> {
  const tenant = await tx.tenant.findUnique({ where: { id: tenantId }, select: { name: true } });
  if (!tenant) throw notFound("That clinic");
  return tenant.name;
}

/** A clinic's billing profile for the vendor admin's editor (null until it is first saved). */
export async function getBillingProfile(tx: ScopedTx, tenantId: string) {
  const name = await clinicName(tx, tenantId);
  const row = await tx.billingSetting.findUnique({ where: { tenantId } });
  return { clinic: { id: tenantId, name }, profile: row ? toProfile(row) : null };
}

/**
 * Creates or replaces the clinic's billing profile (one upsert). Returns which fields changed, by
 * name only: the values (tax id, phone) stay out of the audit row.
 */
export async function saveBillingProfile(tx: ScopedTx, tenantId: string, profile: BillingProfile) {
  await clinicName(tx, tenantId);
  const before = await tx.billingSetting.findUnique({ where: { tenantId } });
  const previous = before ? toProfile(before) : null;
  const changed = FIELDS.filter((f) => previous?.[f] !== profile[f]);
  const data = { ...profile, updatedAt: new Date() };
  const saved = await tx.billingSetting.upsert({ where: { tenantId }, create: { tenantId, ...data }, update: data });
  return { created: previous === null, changed, profile: toProfile(saved) };
}

/** What the clinic's own billing page shows: who claims go out as, tax id masked to its last 4. */
export async function billingIdentity(tx: ScopedTx, tenantId: string) {
  const row = await tx.billingSetting.findUnique({ where: { tenantId } });
  if (!row) return null;
  const p = toProfile(row);
  const { setting } = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { setting: true } });
  return {
    /** The X12 claim this clinic exports: 837I for an RHC or FQHC, else 837P. */
    claimFormat: `x12_${claimTypeOf(setting)}` as "x12_837p" | "x12_837i",
    billingName: p.billingName,
    billingNpi: p.billingNpi,
    taxIdLast4: p.taxId.slice(-4),
    placeOfService: { code: p.placeOfService, name: placeOfServiceName(p.placeOfService) },
  };
}
