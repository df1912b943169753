import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { TestBrowser, createUser, signIn, testConfig } from "./api-test-kit.js";
import { seedBillingClinic, type BillingClinic, type BillingPatientSpec } from "./billing-fixtures.js";

/**
 * What a test needs to close, approve and invoice a month through the routers: a billing clinic
 * (seedBillingClinic, in America/Chicago) with the given patients, a signed-in vendor admin
 * (workspace) and clinic admin (portal), and a 15 %-of-reimbursement contract from January 2026.
 */
export async function seedInvoicedClinic(specs: BillingPatientSpec[]): Promise<{ clinic: BillingClinic; vendor: TestBrowser; admin: TestBrowser }> {
  const db = getTestDatabase().db;
  const config = testConfig();
  const tenant = await createTestTenant(db, { timeZone: "America/Chicago" });
  const coordinator = await createUser(db, config, { kind: "vendor", vendorRoles: ["coordinator"] });
  const clinic = await seedBillingClinic(db, tenant.id, coordinator.id, specs);
  const vendor = new TestBrowser(db, config, "workspace");
  await signIn(vendor, await createUser(db, config, { kind: "vendor", vendorRoles: ["vendor_admin"], withTotp: true }));
  const admin = new TestBrowser(db, config, "portal");
  await signIn(admin, await createUser(db, config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_admin" }] }));
  await vendor.call((c) => c.invoicing.createContract({ tenantId: tenant.id, effectiveFromMonth: "2026-01", pricing: { model: "percent_of_reimbursement", percentBasisPoints: 1500 }, monthlyMinimumCents: 0, paymentTermsDays: 30, billingContactName: "AP", billingContactEmail: "ap@clinic.example" }));
  return { clinic, vendor, admin };
}
