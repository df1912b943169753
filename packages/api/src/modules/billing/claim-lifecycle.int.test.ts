import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import type { ObjectStorage } from "@carefold/integrations";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, testConfig, useTestObjectStorage } from "../../testing/api-test-kit.js";
import { insertEntry, seedBillingClinic, type BillingClinic, type BillingPatientSpec } from "../../testing/billing-fixtures.js";
import { recordPayerClaimNumber } from "./claim-lifecycle.js";
import { setClaimDiagnosisOrder } from "./diagnosis-order.service.js";
import { reopenClose } from "./close-admin.service.js";
import { createClaimExport } from "./exports.service.js";
import { runMonthClose } from "./month-close.service.js";
import { approveMonth, setRowExclusion } from "./worksheet.service.js";
import { validate837 } from "./x12-validator.js";

const MONTH = "2026-10";
const db = () => getTestDatabase().db;
const config = testConfig();
let storage: ObjectStorage;
let stop: () => Promise<void>;
let userId: string;
let coordinatorId: string;

const PATIENTS: BillingPatientSpec[] = [
  { label: "Ada", lastName: "Alvarez", entries: [["2026-10-05", 25]] },
  { label: "Ben", lastName: "Brown", entries: [["2026-10-05", 30]] },
];

const inScope = <T>(tenantId: string, fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds: [tenantId] }, fn);

async function closedAndApproved(specs: BillingPatientSpec[], setting: "office" | "fqhc" = "office") {
  const tenant = await createTestTenant(db(), { setting });
  const clinic = await seedBillingClinic(db(), tenant.id, coordinatorId, specs);
  await runMonthClose(db(), { tenantId: tenant.id, serviceMonth: MONTH });
  await inScope(tenant.id, (tx) => approveMonth(tx, tenant.id, MONTH, userId));
  return clinic;
}

const exportX12 = (clinic: BillingClinic, format: "x12_837p" | "x12_837i" = "x12_837p", options = {}) =>
  inScope(clinic.tenantId, (tx) => createClaimExport(tx, storage, clinic.tenantId, MONTH, format, userId, new Date("2026-11-03T14:05:00Z"), options));

async function fileOf(clinic: BillingClinic, documentId: string) {
  const document = await inScope(clinic.tenantId, (tx) => tx.document.findFirstOrThrow({ where: { id: documentId } }));
  return (await storage.getObject(document.storageKey, { expectedSha256: document.sha256 })).body.toString("utf8");
}

const submissions = (clinic: BillingClinic) =>
  inScope(clinic.tenantId, (tx) =>
    tx.$queryRaw<{ pcn: string; patient_id: string; version: number; frequency_code: string }[]>`
      SELECT c.patient_control_number AS pcn, c.patient_id::text, s.version, s.frequency_code
        FROM claim c JOIN claim_submission s ON s.tenant_id = c.tenant_id AND s.claim_id = c.id
       ORDER BY c.patient_control_number, s.version`,
  );

beforeAll(async () => {
  ({ storage, stop } = await useTestObjectStorage());
  const anchor = await createTestTenant(db());
  userId = (await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: anchor.id, role: "clinic_admin" }] })).id;
  coordinatorId = (await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"] })).id;
});
afterAll(async () => stop());

describe("claim lifecycle", () => {
  it("exporting the same approved month twice returns the same file: one original per patient-month", async () => {
    const clinic = await closedAndApproved(PATIENTS);
    const first = await exportX12(clinic);
    const second = await exportX12(clinic);
    expect(first).toMatchObject({ reused: false, claimCount: 2, frequencies: { original: 2, replacement: 0, void: 0 } });
    expect(second).toMatchObject({ reused: true, exportId: first.exportId, documentId: first.documentId, controlNumber: first.controlNumber });
    const sent = await submissions(clinic);
    expect(sent.map((s) => [s.version, s.frequency_code])).toEqual([[1, "1"], [1, "1"]]);
    expect(await inScope(clinic.tenantId, (tx) => tx.claimExport.count({ where: { tenantId: clinic.tenantId, format: "x12_837p" } }))).toBe(1);
    // The database itself refuses a second original of a claim.
    const [claim] = sent;
    await expect(
      inScope(clinic.tenantId, (tx) => tx.$executeRaw`
        INSERT INTO claim_submission (tenant_id, claim_id, version, frequency_code, export_id, amount_cents, content_hash, snapshot)
        SELECT c.tenant_id, c.id, 2, '1', ${first.exportId}::uuid, 0, repeat('0', 64), '{}'::jsonb FROM claim c WHERE c.patient_control_number = ${claim!.pcn}`),
    ).rejects.toThrow(/claim_submission_original_first/);
  });

  it("after reopen and re-close, a changed claim goes as a replacement and a no-longer-billed one as a void, each quoting the original", async () => {
    const clinic = await closedAndApproved(PATIENTS);
    const first = await exportX12(clinic);
    const originals = await submissions(clinic);
    const ada = originals.find((s) => s.patient_id === clinic.patients.get("Ada"))!;
    const ben = originals.find((s) => s.patient_id === clinic.patients.get("Ben"))!;

    await inScope(clinic.tenantId, (tx) => reopenClose(tx, { tenantId: clinic.tenantId, serviceMonth: MONTH }, "Late call note for Ada", userId));
    await inScope(clinic.tenantId, (tx) => insertEntry(tx, clinic.tenantId, ada.patient_id, coordinatorId, "2026-10-20", 20));
    await runMonthClose(db(), { tenantId: clinic.tenantId, serviceMonth: MONTH });
    await inScope(clinic.tenantId, async (tx) => {
      await setRowExclusion(tx, clinic.tenantId, { serviceMonth: MONTH, patientId: ben.patient_id, reason: "Billed by the hospital clinic this month" }, userId);
      await approveMonth(tx, clinic.tenantId, MONTH, userId);
    });

    // Medicare's claim numbers are not known yet: nothing can quote them, so nothing is sent.
    await expect(exportX12(clinic)).rejects.toMatchObject({ code: "invalid_state", message: expect.stringMatching(/Medicare's claim number for it is not known yet/) });
    await inScope(clinic.tenantId, async (tx) => {
      await recordPayerClaimNumber(tx, clinic.tenantId, ada.pcn, "22126300000101");
      await recordPayerClaimNumber(tx, clinic.tenantId, ben.pcn, "22126300000102");
    });

    const corrected = await exportX12(clinic);
    expect(corrected).toMatchObject({ reused: false, claimCount: 2, frequencies: { original: 0, replacement: 1, void: 1 } });
    expect(corrected.controlNumber).toBeGreaterThan(first.controlNumber);
    const text = await fileOf(clinic, corrected.documentId);
    expect(validate837(text)).toEqual([]);
    // The same patient control numbers, now as replacement (7) and void (8) with the payer's numbers.
    expect(text).toMatch(new RegExp(`CLM\\*${ada.pcn}\\*116\\.57\\*\\*\\*11:B:7\\*Y\\*A\\*Y\\*Y~\\nREF\\*F8\\*22126300000101~`));
    expect(text).toMatch(new RegExp(`CLM\\*${ben.pcn}\\*66\\.13\\*\\*\\*11:B:8\\*Y\\*A\\*Y\\*Y~\\nREF\\*F8\\*22126300000102~`));
    expect(text).not.toMatch(/:B:1\*/);
    const after = await submissions(clinic);
    expect(after.map((s) => [s.pcn === ada.pcn ? "Ada" : "Ben", s.version, s.frequency_code]).sort()).toEqual([["Ada", 1, "1"], ["Ada", 2, "7"], ["Ben", 1, "1"], ["Ben", 2, "8"]]);
    // Nothing changed since: the corrections file again, not another one.
    expect(await exportX12(clinic)).toMatchObject({ reused: true, exportId: corrected.exportId });
    // Asked for: every billed claim again as a replacement.
    const replaced = await exportX12(clinic, "x12_837p", { replace: true });
    expect(replaced).toMatchObject({ reused: false, frequencies: { original: 0, replacement: 1, void: 0 } });
  });

  it("a reopen whose re-close changes nothing on the claim (minutes only) sends nothing", async () => {
    const clinic = await closedAndApproved(PATIENTS);
    const first = await exportX12(clinic);
    await inScope(clinic.tenantId, (tx) => reopenClose(tx, { tenantId: clinic.tenantId, serviceMonth: MONTH }, "Two more minutes for Ada", userId));
    await inScope(clinic.tenantId, (tx) => insertEntry(tx, clinic.tenantId, clinic.patients.get("Ada")!, coordinatorId, "2026-10-21", 2));
    await runMonthClose(db(), { tenantId: clinic.tenantId, serviceMonth: MONTH });
    await inScope(clinic.tenantId, (tx) => approveMonth(tx, clinic.tenantId, MONTH, userId));
    const minutes = await inScope(clinic.tenantId, (tx) => tx.worksheetRow.findFirstOrThrow({ where: { tenantId: clinic.tenantId, patientId: clinic.patients.get("Ada")! } }));
    expect(minutes.staffMinutes).toBe(27);
    expect(await exportX12(clinic)).toMatchObject({ reused: true, exportId: first.exportId });
  });

  it("two clinics with one submitter id never repeat an interchange control number, and the database refuses a repeat", async () => {
    const one = await closedAndApproved(PATIENTS);
    const two = await closedAndApproved(PATIENTS);
    const a = await exportX12(one);
    const b = await exportX12(two);
    expect(a.controlNumber).not.toBe(b.controlNumber);
    const isa13 = async (clinic: BillingClinic, documentId: string) => (await fileOf(clinic, documentId)).split("*")[13];
    expect(await isa13(one, a.documentId)).not.toBe(await isa13(two, b.documentId));
    // A row claiming clinic one's number for clinic two is refused whatever the tenant scope.
    await expect(
      inScope(two.tenantId, (tx) => tx.$executeRaw`
        INSERT INTO claim_export (tenant_id, service_month, format, control_number, document_id, claim_count, amount_cents, submitter_id, usage_indicator)
        SELECT tenant_id, service_month, format, ${a.controlNumber}, document_id, claim_count, amount_cents, submitter_id, usage_indicator
          FROM claim_export WHERE id = ${b.exportId}::uuid`),
    ).rejects.toThrow(/claim_export_submitter_control_key/);
    await expect(inScope(two.tenantId, (tx) => tx.$executeRaw`INSERT INTO x12_control_number (submitter_id, control_number) VALUES ('CAREFOLD01', ${a.controlNumber})`)).rejects.toThrow(
      /x12_control_number_pkey/,
    );
  });

  it("an FQHC exports an 837I, validated, and is refused an 837P", async () => {
    const clinic = await closedAndApproved(PATIENTS, "fqhc");
    await expect(exportX12(clinic, "x12_837p")).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/institutional 837I/) });
    const created = await exportX12(clinic, "x12_837i");
    const text = await fileOf(clinic, created.documentId);
    expect(validate837(text)).toEqual([]);
    expect(text).toContain("*005010X223A2~");
    expect(text.match(/\*77:A:1\*\*A\*Y\*Y~/g)).toHaveLength(2);
  });

  it("a file that fails validation is refused with the findings and nothing is stored", async () => {
    const clinic = await closedAndApproved(PATIENTS);
    await inScope(clinic.tenantId, (tx) => tx.billingSetting.update({ where: { tenantId: clinic.tenantId }, data: { placeOfService: "22" } }));
    await expect(exportX12(clinic)).rejects.toMatchObject({ code: "invalid_state", message: expect.stringMatching(/failed validation and was not stored: .*place of service 22/) });
    const left = await inScope(clinic.tenantId, async (tx) => ({
      exports: await tx.claimExport.count({ where: { tenantId: clinic.tenantId } }),
      documents: await tx.document.count({ where: { tenantId: clinic.tenantId, kind: "export" } }),
      claims: await tx.claim.count({ where: { tenantId: clinic.tenantId } }),
    }));
    expect(left).toEqual({ exports: 0, documents: 0, claims: 0 });
  });

  it("a month with no billable patient-month makes no file", async () => {
    const clinic = await closedAndApproved([{ label: "Few", entries: [["2026-10-05", 10]] }]);
    await expect(exportX12(clinic)).rejects.toMatchObject({ code: "invalid_state", message: expect.stringMatching(/no claims to send/) });
  });

  it("the close blocks a month whose claim could not be built, saying what to fix", async () => {
    const tenant = await createTestTenant(db());
    const clinic = await seedBillingClinic(db(), tenant.id, coordinatorId, [
      { label: "NoMbi", mbi: null, entries: [["2026-10-05", 25]] },
      { label: "NoAddress", address: false, entries: [["2026-10-05", 25]] },
      { label: "NoDx", dx: [], entries: [["2026-10-05", 25]] },
      { label: "Fine", entries: [["2026-10-05", 25]] },
      { label: "Below", mbi: null, entries: [["2026-10-05", 5]] },
    ]);
    await runMonthClose(db(), { tenantId: tenant.id, serviceMonth: MONTH });
    const rows = await inScope(tenant.id, (tx) => tx.worksheetRow.findMany({ where: { tenantId: tenant.id, serviceMonth: MONTH } }));
    const byLabel = new Map([...clinic.patients].map(([label, id]) => [label, rows.find((r) => r.patientId === id)!]));
    const codes = (label: string) => (byLabel.get(label)!.findings as { code: string }[]).map((f) => f.code).filter((c) => c.startsWith("claim_"));
    // Issue 24: the member id comes from the coverage in force (the MBI for traditional Medicare),
    // so a patient without an MBI has no coverage and is blocked for that, with its fix.
    expect(byLabel.get("NoMbi")!.status).toBe("blocked");
    expect(codes("NoMbi")).toEqual([]);
    expect((byLabel.get("NoMbi")!.findings as { code: string; message: string }[]).find((f) => f.code === "no_coverage_in_force")?.message).toMatch(/Add the patient's coverage for 2026-10-31/);
    expect(byLabel.get("NoAddress")!.status).toBe("blocked");
    expect(codes("NoAddress")).toEqual(["claim_address_missing"]);
    expect(codes("NoDx")).toContain("claim_diagnosis_missing");
    expect(byLabel.get("NoDx")!.status).toBe("blocked");
    expect(byLabel.get("Fine")!.status).toBe("billable");
    // A month the rules would not bill anyway is not blocked for its claim data.
    expect(byLabel.get("Below")!.status).toBe("below_threshold");
    expect(codes("Below")).toEqual([]);
  });

  it("orders the claim's diagnoses by the billing practitioner's rank, principal first", async () => {
    const tenant = await createTestTenant(db());
    const clinic = await seedBillingClinic(db(), tenant.id, coordinatorId, [{ label: "Dementia", dx: ["F02.80", "G30.9", "I10"], entries: [["2026-10-05", 25]] }]);
    const patientId = clinic.patients.get("Dementia")!;
    const doctor = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "practitioner" }] });
    const other = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "practitioner" }] });
    await inScope(tenant.id, async (tx) => {
      await tx.practitioner.update({ where: { tenantId_id: { tenantId: tenant.id, id: clinic.practitionerId } }, data: { userId: doctor.id } });
      await tx.practitioner.create({ data: { tenantId: tenant.id, name: "Dr. Other", npi: "1245319599", userId: other.id } });
    });
    // Only the patient's billing practitioner orders the diagnoses, and only codes on the problem list.
    await expect(inScope(tenant.id, (tx) => setClaimDiagnosisOrder(tx, tenant.id, other.id, { patientId, codes: ["G30.9"] }))).rejects.toMatchObject({ code: "forbidden" });
    await expect(inScope(tenant.id, (tx) => setClaimDiagnosisOrder(tx, tenant.id, doctor.id, { patientId, codes: ["G30.9", "E11.9"] }))).rejects.toMatchObject({
      code: "invalid_input",
      message: "E11.9 is not on the patient's active chronic problem list.",
    });
    await inScope(tenant.id, (tx) => setClaimDiagnosisOrder(tx, tenant.id, doctor.id, { patientId, codes: ["G30.9", "F02.80"] }));
    await runMonthClose(db(), { tenantId: tenant.id, serviceMonth: MONTH });
    await inScope(tenant.id, (tx) => approveMonth(tx, tenant.id, MONTH, userId));
    const row = await inScope(tenant.id, (tx) => tx.worksheetRow.findFirstOrThrow({ where: { tenantId: tenant.id, patientId } }));
    expect(row.diagnosisCodes).toEqual(["G30.9", "F02.80", "I10"]);
    const created = await exportX12(clinic);
    expect(await fileOf(clinic, created.documentId)).toContain("HI*ABK:G309*ABF:F0280*ABF:I10~");
  });
});
