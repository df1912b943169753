import fc from "fast-check";
import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig, useTestObjectStorage } from "../../testing/api-test-kit.js";
import { seedBillingClinic } from "../../testing/billing-fixtures.js";
import { NpiSchema, type BillingProfileInput } from "./billing-profile.schemas.js";
import { loadBillingProvider } from "./claims.js";
import { reopenClose } from "./close-admin.service.js";
import { runMonthClose } from "./month-close.service.js";
import { approveMonth } from "./worksheet.service.js";
import { validate837p } from "./x12-validator.js";

const db = () => getTestDatabase().db;
const config = testConfig();
let tenantId: string;
let admin: TestBrowser;
let stopStorage: () => Promise<void>;

/** A profile as a vendor admin might type it: punctuation, lower case, spaces. */
const TYPED: BillingProfileInput = {
  billingName: "  Maple Grove   Family Medicine ",
  billingNpi: "124-531-9599",
  taxId: "41-1234567",
  addressLine1: "100 Main St",
  city: "Maple Grove",
  state: " mn ",
  postalCode: "55369-0001",
  placeOfService: "11",
  dateOfService: "last_day_of_month",
  contactPhone: "+1 (763) 555-0100",
  submitterId: "maplegrove01",
  receiverId: "MedicareJ6",
  payerName: "",
  payerId: "06102",
};
const NORMALISED = {
  billingName: "Maple Grove Family Medicine",
  billingNpi: "1245319599",
  taxId: "411234567",
  addressLine1: "100 Main St",
  city: "Maple Grove",
  state: "MN",
  postalCode: "553690001",
  placeOfService: "11",
  dateOfService: "last_day_of_month",
  contactPhone: "7635550100",
  submitterId: "MAPLEGROVE01",
  receiverId: "MEDICAREJ6",
  payerName: "MEDICARE",
  payerId: "06102",
  usageIndicator: "P",
};

beforeAll(async () => {
  ({ stop: stopStorage } = await useTestObjectStorage());
  tenantId = (await createTestTenant(db(), { name: "Profile Clinic" })).id;
  const vendorAdmin = await createUser(db(), config, { kind: "vendor", vendorRoles: ["vendor_admin"], withTotp: true });
  admin = new TestBrowser(db(), config, "workspace");
  await signIn(admin, vendorAdmin);
});
afterAll(async () => stopStorage());

const save = (input: Partial<BillingProfileInput>, tenant = tenantId) =>
  admin.call((c) => c.admin.billingProfile.save({ ...TYPED, ...input, tenantId: tenant } as BillingProfileInput & { tenantId: string }));

/** The field messages of a refused save, as the form shows them (first message per field). */
async function fieldErrors(input: Partial<BillingProfileInput>): Promise<Record<string, string>> {
  try {
    await save(input);
  } catch (error) {
    const issues = (error as { cause?: { issues?: { path: string[]; message: string }[] } }).cause?.issues ?? [];
    const errors: Record<string, string> = {};
    for (const issue of issues) errors[issue.path.join(".")] ??= issue.message;
    if (issues.length) return errors;
    throw error;
  }
  throw new Error("the save was accepted");
}

const auditCounts = async () => ({
  tenant: await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.auditEvent.count()),
  platform: await db().platformAuditEvent.count(),
});

describe("billing profile validation", () => {
  const REFUSED: [string, Partial<BillingProfileInput>, string, string][] = [
    ["an empty billing name", { billingName: "   " }, "billingName", "Enter the billing name, as the clinic is enrolled with Medicare."],
    ["a billing name over 60 characters", { billingName: "A".repeat(61) }, "billingName", "Keep the billing name to 60 characters (the 837P limit)."],
    ["an empty NPI", { billingNpi: "" }, "billingNpi", "Enter the clinic's billing NPI (10 digits)."],
    ["an NPI with a letter", { billingNpi: "124531959X" }, "billingNpi", "An NPI has digits only, like 1245319599."],
    ["an NPI of 9 digits", { billingNpi: "124 531 959" }, "billingNpi", "An NPI has 10 digits; this one has 9."],
    ["an NPI with a wrong check digit", { billingNpi: "1245319598" }, "billingNpi", "1245319598 is not a valid NPI: its check digit does not match. Look for a mistyped digit."],
    ["a tax id of 8 digits", { taxId: "41-123456" }, "taxId", "A tax id (EIN) has 9 digits, like 12-3456789."],
    ["a tax id of all zeros", { taxId: "00-0000000" }, "taxId", "00-0000000 is not a tax id. Enter the clinic's EIN."],
    ["an empty tax id", { taxId: "" }, "taxId", "Enter the clinic's tax id (EIN), like 12-3456789."],
    ["a PO box as the street address", { addressLine1: "P.O. Box 12" }, "addressLine1", "Enter the street address where the clinic is: an 837P does not accept a PO box for the billing provider."],
    ["an empty city", { city: "" }, "city", "Enter the city."],
    ["an unknown state", { state: "XX" }, "state", "XX is not a US state or territory code (like MN or AZ)."],
    ["an empty state", { state: "" }, "state", "Enter the state, like MN."],
    ["a 5-digit ZIP code", { postalCode: "55369" }, "postalCode", "Add the 4-digit extension (ZIP+4, like 55369-0001): an 837P needs the billing provider's full ZIP code."],
    ["a ZIP code of 4 digits", { postalCode: "5536" }, "postalCode", "Enter the ZIP+4 as 9 digits, like 55369-0001."],
    ["a place of service not in the list", { placeOfService: "99" as "11" }, "placeOfService", "Choose a place of service from the list."],
    // CCM amounts are non-facility and CCM is not a telehealth-list service (decision 0045).
    ["telehealth in the patient's home", { placeOfService: "10" as "11" }, "placeOfService", "Choose a place of service from the list."],
    ["an outpatient hospital", { placeOfService: "22" as "11" }, "placeOfService", "Choose a place of service from the list."],
    ["an unknown date-of-service rule", { dateOfService: "mid_month" as "last_day_of_month" }, "dateOfService", "Choose which day of the month claims carry."],
    ["a 7-digit phone number", { contactPhone: "555-0100" }, "contactPhone", "Enter a 10-digit phone number with its area code, like (763) 555-0100."],
    ["an area code starting with 0", { contactPhone: "(063) 555-0100" }, "contactPhone", "That is not a North American number: the area code and the next three digits cannot start with 0 or 1."],
    ["an empty phone number", { contactPhone: "" }, "contactPhone", "Enter the contact phone number, like (763) 555-0100."],
    ["a submitter id with a space", { submitterId: "MAPLE GROVE" }, "submitterId", "Use letters and digits only for the submitter id, exactly as your clearinghouse gave it (no spaces or dashes)."],
    ["a submitter id with an X12 separator", { submitterId: "MAPLE*01" }, "submitterId", "The submitter id cannot contain ~ * : or ^ (they separate the parts of an 837P)."],
    ["a one-character receiver id", { receiverId: "J" }, "receiverId", "The receiver id has 2 to 15 letters and digits; this one has 1."],
    ["a payer id of 16 characters", { payerId: "A".repeat(16) }, "payerId", "The payer id has 2 to 15 letters and digits; this one has 16."],
    ["an empty payer id", { payerId: " " }, "payerId", "Enter the payer id, like 06102."],
    ["a payer name over 60 characters", { payerName: "M".repeat(61) }, "payerName", "Keep the payer name to 60 characters (the 837P limit)."],
  ];

  it.each(REFUSED)("refuses %s with its own message on that field", async (_name, input, field, message) => {
    expect(await fieldErrors(input)).toEqual({ [field]: message });
  });

  it("reports every wrong field at once", async () => {
    expect(Object.keys(await fieldErrors({ billingNpi: "1", taxId: "2", state: "ZZ", postalCode: "3" })).sort()).toEqual(["billingNpi", "postalCode", "state", "taxId"]);
  });

  const ACCEPTED: [string, Partial<BillingProfileInput>, Partial<typeof NORMALISED>][] = [
    ["an NPI with spaces", { billingNpi: " 1245 3195 99 " }, { billingNpi: "1245319599" }],
    ["a tax id without its dash", { taxId: "411234567" }, { taxId: "411234567" }],
    ["a territory", { state: "pr" }, { state: "PR" }],
    ["a ZIP+4 without its dash", { postalCode: "553690001" }, { postalCode: "553690001" }],
    ["a phone number with dots", { contactPhone: "763.555.0100" }, { contactPhone: "7635550100" }],
    ["a phone number with a leading 1", { contactPhone: "1-763-555-0100" }, { contactPhone: "7635550100" }],
    ["an independent clinic", { placeOfService: "49" }, { placeOfService: "49" }],
    ["test claim files (ISA15 T)", { usageIndicator: "T" }, { usageIndicator: "T" }],
    ["the first day of the month", { dateOfService: "first_day_of_month" }, { dateOfService: "first_day_of_month" }],
    ["a payer name in lower case", { payerName: "  medicare   part b " }, { payerName: "MEDICARE PART B" }],
    ["no payer name (MEDICARE)", { payerName: undefined }, { payerName: "MEDICARE" }],
  ];

  it.each(ACCEPTED)("accepts %s, normalised", async (_name, input, expected) => {
    const saved = await save(input);
    expect(saved.profile).toMatchObject({ ...NORMALISED, ...expected });
  });

  /** The NPI check digit as CMS defines it: Luhn over "80840" followed by the first nine digits. */
  const npiCheckDigit = (nine: string) => {
    const digits = `80840${nine}`.split("").map(Number).reverse();
    const sum = digits.reduce((s, d, i) => s + (i % 2 === 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0);
    return String((10 - (sum % 10)) % 10);
  };
  const validNpi = fc.stringMatching(/^[0-9]{9}$/).map((nine) => nine + npiCheckDigit(nine));

  it("accepts every valid NPI and refuses every change of one of its digits", () => {
    expect(npiCheckDigit("124531959")).toBe("9"); // 1245319599, a known valid NPI
    fc.assert(
      fc.property(validNpi, fc.nat(9), fc.integer({ min: 1, max: 9 }), (npi, position, shift) => {
        expect(NpiSchema.safeParse(npi)).toEqual({ success: true, data: npi });
        const changed = String((Number(npi[position]) + shift) % 10);
        const typo = npi.slice(0, position) + changed + npi.slice(position + 1);
        const result = NpiSchema.safeParse(typo);
        expect(result.success, `${typo} (from ${npi})`).toBe(false);
        expect(result.error?.issues[0]?.message).toBe(`${typo} is not a valid NPI: its check digit does not match. Look for a mistyped digit.`);
      }),
      { numRuns: 500 },
    );
  });
});

describe("billing profile save and get", () => {
  it("returns what was typed, normalised, after a save", async () => {
    await save({});
    const got = await admin.call((c) => c.admin.billingProfile.get({ tenantId }));
    expect(got.clinic).toEqual({ id: tenantId, name: "Profile Clinic" });
    expect(got.profile).toEqual({ ...NORMALISED, updatedAt: expect.any(String) });
  });

  it("answers null for a clinic without a profile, and not found for an unknown clinic", async () => {
    const fresh = await createTestTenant(db(), { name: "Fresh Clinic" });
    expect(await admin.call((c) => c.admin.billingProfile.get({ tenantId: fresh.id }))).toEqual({ clinic: { id: fresh.id, name: "Fresh Clinic" }, profile: null });
    const unknown = "00000000-0000-4000-8000-000000000000";
    await expect(admin.call((c) => c.admin.billingProfile.get({ tenantId: unknown }))).rejects.toMatchObject({ code: "NOT_FOUND", message: "That clinic was not found." });
    await expect(save({}, unknown)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("writes exactly one audit row per save, naming the changed fields but not their values", async () => {
    await save({});
    const before = await auditCounts();
    await save({ contactPhone: "(763) 555-0199" });
    expect(await auditCounts()).toEqual({ ...before, tenant: before.tenant + 1 });
    const row = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) =>
      tx.auditEvent.findFirstOrThrow({ where: { action: "admin.billingProfile.save" }, orderBy: { seq: "desc" } }),
    );
    expect(row).toMatchObject({ objectType: "billing_setting", objectId: tenantId, outcome: "success", details: { created: false, changed: ["contactPhone"] } });
    expect(JSON.stringify(row, (_key, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toMatch(/7635550199|411234567/);

    // A refused save changes nothing and leaves one failure row.
    const beforeFailure = await auditCounts();
    await expect(save({ billingNpi: "1245319598" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const after = await auditCounts();
    expect(after.tenant + after.platform).toBe(beforeFailure.tenant + beforeFailure.platform + 1);
    expect((await admin.call((c) => c.admin.billingProfile.get({ tenantId }))).profile).toMatchObject({ billingNpi: "1245319599", contactPhone: "7635550199" });
  });

  it("refuses clinic users and vendor staff who are not vendor admins", async () => {
    const clinicAdmin = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId, role: "clinic_admin" }] });
    const portal = new TestBrowser(db(), config, "portal");
    await signIn(portal, clinicAdmin);
    await expect(portal.call((c) => c.admin.billingProfile.get({ tenantId }))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(portal.call((c) => c.admin.billingProfile.save({ ...TYPED, tenantId }))).rejects.toMatchObject({ code: "FORBIDDEN" });
    for (const role of ["coordinator", "supervisor", "billing"] as const) {
      const staff = await createUser(db(), config, { kind: "vendor", vendorRoles: [role], withTotp: true });
      const workspace = new TestBrowser(db(), config, "workspace");
      await signIn(workspace, staff);
      await expect(workspace.call((c) => c.admin.billingProfile.get({ tenantId })), role).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(workspace.call((c) => c.admin.billingProfile.save({ ...TYPED, tenantId, city: "Elsewhere" })), role).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect((await admin.call((c) => c.admin.billingProfile.get({ tenantId }))).profile?.city).toBe("Maple Grove");
  });
});

describe("claims after the profile is set", () => {
  it("a clinic without a profile cannot export; once a vendor admin saves one, the 837P exports and validates", async () => {
    const tenant = await createTestTenant(db(), { name: "Newly Onboarded Clinic", timeZone: "America/Chicago" });
    const clinicAdmin = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_admin" }] });
    const coordinator = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"] });
    await seedBillingClinic(db(), tenant.id, coordinator.id, [{ label: "Ada", mbi: "1EG4TE5MK73", entries: [["2026-10-05", 25]] }], { billingProfile: false });
    await runMonthClose(db(), { tenantId: tenant.id, serviceMonth: "2026-10" });
    await withTenantScope(db(), { tenantIds: [tenant.id] }, (tx) => approveMonth(tx, tenant.id, "2026-10", clinicAdmin.id));
    const portal = new TestBrowser(db(), config, "portal");
    await signIn(portal, clinicAdmin);

    expect(await portal.call((c) => c.worksheet.billingIdentity())).toBeNull();
    await expect(portal.call((c) => c.worksheet.export({ serviceMonth: "2026-10", format: "x12_837p" }))).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("A vendor admin sets it under Admin → Clinics → Billing profile."),
    });

    // The close ran without a profile, so it blocked the month (no claim could be built); with the profile saved, the month is closed again.
    const inTenant = <T>(fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds: [tenant.id] }, fn);
    const blocked = await inTenant((tx) => tx.worksheetRow.findFirstOrThrow({ where: { tenantId: tenant.id } }));
    expect(blocked.status).toBe("blocked");
    expect(blocked.findings).toEqual(expect.arrayContaining([expect.objectContaining({ code: "claim_billing_profile_missing" })]));
    await save({}, tenant.id);
    await inTenant((tx) => reopenClose(tx, { tenantId: tenant.id, serviceMonth: "2026-10" }, "Billing profile set", clinicAdmin.id));
    await runMonthClose(db(), { tenantId: tenant.id, serviceMonth: "2026-10" });
    await inTenant((tx) => approveMonth(tx, tenant.id, "2026-10", clinicAdmin.id));
    const provider = await withTenantScope(db(), { tenantIds: [tenant.id] }, (tx) => loadBillingProvider(tx, tenant.id));
    expect(provider).toMatchObject({ billingNpi: "1245319599", taxId: "411234567", postalCode: "553690001", submitterId: "MAPLEGROVE01" });
    expect(await portal.call((c) => c.worksheet.billingIdentity())).toEqual({
      claimFormat: "x12_837p", billingName: "Maple Grove Family Medicine", billingNpi: "1245319599", taxIdLast4: "4567", placeOfService: { code: "11", name: "Office" },
    });

    const exported = await portal.call((c) => c.worksheet.export({ serviceMonth: "2026-10", format: "x12_837p" }));
    expect(exported.claimCount).toBe(1);
    const link = await portal.call((c) => c.worksheet.download({ exportId: exported.exportId }));
    const text = await (await fetch(link.url)).text();
    expect(validate837p(text)).toEqual([]);
    expect(text).toContain("NM1*85*2*MAPLE GROVE FAMILY MEDICINE*****XX*1245319599~");
    expect(text).toContain("N4*MAPLE GROVE*MN*553690001~");
    expect(text).toContain("REF*EI*411234567~");
  });
});
