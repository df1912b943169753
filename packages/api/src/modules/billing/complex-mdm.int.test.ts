import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, testConfig, useTestObjectStorage } from "../../testing/api-test-kit.js";
import { seedBillingClinic, type BillingClinic } from "../../testing/billing-fixtures.js";
import type { ObjectStorage } from "@carefold/integrations";
import { getMonthToDate } from "../time/month-to-date.service.js";
import { attestComplexMdm, listComplexMdm, withdrawComplexMdm } from "./complex-mdm.service.js";
import { reopenClose } from "./close-admin.service.js";
import { createClaimExport } from "./exports.service.js";
import { runMonthClose } from "./month-close.service.js";
import { approveMonth } from "./worksheet.service.js";

/**
 * Issue 15 item 2: complex MDM documented by the billing practitioner reaches the close. A fixed
 * past month (October 2026) and a fixed "now" for the attestation keep it off the calendar.
 */
const db = () => getTestDatabase().db;
const config = testConfig();
const MONTH = "2026-10";
const NOW = new Date("2026-11-02T15:00:00Z");
let storage: ObjectStorage;
let stop: () => Promise<void>;
let performerId: string;

const ENTRIES_150: [string, number][] = [["2026-10-03", 50], ["2026-10-10", 50], ["2026-10-20", 50]];

beforeAll(async () => {
  ({ storage, stop } = await useTestObjectStorage());
  performerId = (await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"] })).id;
});
afterAll(async () => stop());

const inScope = <T>(tenantId: string, fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds: [tenantId] }, fn);

/** A clinic whose billing practitioner has a portal account; returns the clinic and that user's id. */
async function newClinic(labels: { label: string; entries: [string, number][] }[]): Promise<{ clinic: BillingClinic; practitionerUserId: string }> {
  const tenant = await createTestTenant(db(), { timeZone: "America/Chicago" });
  const clinic = await seedBillingClinic(db(), tenant.id, performerId, labels);
  const user = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "practitioner" }] });
  await inScope(tenant.id, (tx) => tx.practitioner.update({ where: { tenantId_id: { tenantId: tenant.id, id: clinic.practitionerId } }, data: { userId: user.id } }));
  return { clinic, practitionerUserId: user.id };
}

const attest = (clinic: BillingClinic, userId: string, label: string, decidedOn = "2026-10-28") =>
  inScope(clinic.tenantId, (tx) => attestComplexMdm(tx, clinic.tenantId, userId, { patientId: clinic.patients.get(label)!, serviceMonth: MONTH, mdmLevel: "high", decidedOn }, NOW));

async function rowOf(clinic: BillingClinic, label: string) {
  return inScope(clinic.tenantId, (tx) => tx.worksheetRow.findFirstOrThrow({ where: { serviceMonth: MONTH, patientId: clinic.patients.get(label)! } }));
}

const lineSummary = (lines: unknown) => (lines as { code: string; units: number; amountCents: number }[]).map((l) => [l.code, l.units, l.amountCents]);

describe("complex MDM reaches the close", () => {
  it("a 150-minute month with an attestation bills 99487 + 99489×3 ($378.77) in the worksheet and the claims CSV; without it 99490 + 99439×2", async () => {
    const { clinic, practitionerUserId } = await newClinic([{ label: "Attested", entries: ENTRIES_150 }, { label: "Plain", entries: ENTRIES_150 }]);
    await attest(clinic, practitionerUserId, "Attested");
    await runMonthClose(db(), { tenantId: clinic.tenantId, serviceMonth: MONTH });

    const attested = await rowOf(clinic, "Attested");
    expect({ status: attested.status, codes: attested.codes, amountCents: attested.amountCents, staffMinutes: attested.staffMinutes }).toEqual({
      status: "billable", codes: ["99487", "99489"], amountCents: 37877, staffMinutes: 150,
    });
    expect(lineSummary(attested.lines)).toEqual([["99487", 1, 14429], ["99489", 3, 23448]]);
    const plain = await rowOf(clinic, "Plain");
    expect({ status: plain.status, codes: plain.codes, amountCents: plain.amountCents }).toEqual({ status: "billable", codes: ["99490", "99439"], amountCents: 16701 });
    expect(lineSummary(plain.lines)).toEqual([["99490", 1, 6613], ["99439", 2, 10088]]);

    // The claims CSV the clinic sends: one line per code, amounts in dollars from the same cents.
    const csv = await inScope(clinic.tenantId, async (tx) => {
      await approveMonth(tx, clinic.tenantId, MONTH, practitionerUserId);
      const created = await createClaimExport(tx, storage, clinic.tenantId, MONTH, "csv", practitionerUserId, NOW);
      const document = await tx.document.findFirstOrThrow({ where: { id: created.documentId } });
      return (await storage.getObject(document.storageKey, { expectedSha256: document.sha256 })).body.toString("utf8");
    });
    const billed = csv.trimEnd().split("\r\n").slice(1).map((line) => line.split(",")).map((f) => [f[1], f[5], f[6], f[15]]);
    expect(billed.sort()).toEqual([
      ["Attested", "99487", "1", "144.29"],
      ["Attested", "99489", "3", "234.48"],
      ["Plain", "99439", "2", "100.88"],
      ["Plain", "99490", "1", "66.13"],
    ]);
  });

  it("a 70-minute month bills 99487 with an attestation and 99490 + 99439×2 without it (the 60–89-minute rule)", async () => {
    const { clinic, practitionerUserId } = await newClinic([{ label: "Attested", entries: [["2026-10-03", 70]] }, { label: "Plain", entries: [["2026-10-03", 70]] }]);
    await attest(clinic, practitionerUserId, "Attested");
    await runMonthClose(db(), { tenantId: clinic.tenantId, serviceMonth: MONTH });
    expect(lineSummary((await rowOf(clinic, "Attested")).lines)).toEqual([["99487", 1, 14429]]);
    expect(lineSummary((await rowOf(clinic, "Plain")).lines)).toEqual([["99490", 1, 6613], ["99439", 2, 10088]]);
  });

  it("a withdrawal is a new fact: the attestation stays on record, the re-run close falls back to non-complex coding", async () => {
    const { clinic, practitionerUserId } = await newClinic([{ label: "Attested", entries: ENTRIES_150 }]);
    const created = await attest(clinic, practitionerUserId, "Attested");
    const key = { tenantId: clinic.tenantId, serviceMonth: MONTH };
    await runMonthClose(db(), key);
    expect((await rowOf(clinic, "Attested")).codes).toEqual(["99487", "99489"]);
    // The close locked the month: its documentation is frozen until a vendor admin reopens it.
    const withdraw = () => inScope(clinic.tenantId, (tx) => withdrawComplexMdm(tx, clinic.tenantId, practitionerUserId, { attestationId: created.id, reason: "Decision belonged to November" }));
    await expect(withdraw()).rejects.toMatchObject({ code: "invalid_state", userMessage: expect.stringMatching(/October 2026 is closed/) });
    await inScope(clinic.tenantId, (tx) => reopenClose(tx, key, "Practitioner corrects the MDM documentation", performerId));
    await inScope(clinic.tenantId, (tx) => withdrawComplexMdm(tx, clinic.tenantId, practitionerUserId, { attestationId: created.id, reason: "Decision belonged to November" }));
    await expect(inScope(clinic.tenantId, (tx) => withdrawComplexMdm(tx, clinic.tenantId, practitionerUserId, { attestationId: created.id, reason: "again" }))).rejects.toMatchObject({ code: "invalid_state" });
    const rerun = await runMonthClose(db(), key);
    expect(rerun.rowsWritten).toBe(1);
    expect((await rowOf(clinic, "Attested")).codes).toEqual(["99490", "99439"]);
    const listed = await inScope(clinic.tenantId, (tx) => listComplexMdm(tx, clinic.patients.get("Attested")!, MONTH));
    expect(listed).toMatchObject([{ id: created.id, mdmLevel: "high", decidedOn: "2026-10-28", inForce: false, withdrawn: { reason: "Decision belonged to November" } }]);
    // The app can never edit or delete an attestation (grants: SELECT, INSERT only).
    await expect(inScope(clinic.tenantId, (tx) => tx.complexMdmAttestation.update({ where: { tenantId_id: { tenantId: clinic.tenantId, id: created.id } }, data: { mdmLevel: "moderate" } }))).rejects.toThrow(/permission denied/);
  });

  it("the chart's month-to-date evaluates the same attestation as the close", async () => {
    const { clinic, practitionerUserId } = await newClinic([{ label: "Attested", entries: ENTRIES_150 }]);
    const patientId = clinic.patients.get("Attested")!;
    const before = await inScope(clinic.tenantId, (tx) => getMonthToDate(tx, patientId, NOW, MONTH));
    expect(before.result.lane).toBe("staff");
    await attest(clinic, practitionerUserId, "Attested");
    const after = await inScope(clinic.tenantId, (tx) => getMonthToDate(tx, patientId, NOW, MONTH));
    expect({ lane: after.result.lane, codes: after.result.lines.map((l) => l.code) }).toEqual({ lane: "complex", codes: ["99487", "99489"] });
    expect(after.complexMdm).toMatchObject([{ mdmLevel: "high", inForce: true, practitioner: "Dr. Ada Lovelace" }]);
  });

  it("only the patient's billing practitioner attests, once, with a decision inside the month and not in the future", async () => {
    const { clinic, practitionerUserId } = await newClinic([{ label: "Attested", entries: ENTRIES_150 }]);
    // Another practitioner of the clinic (linked to a user) is not this patient's billing practitioner.
    const other = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: clinic.tenantId, role: "practitioner" }] });
    await inScope(clinic.tenantId, (tx) => tx.practitioner.create({ data: { tenantId: clinic.tenantId, name: "Dr. Other", npi: "1003000126", userId: other.id } }));
    await expect(attest(clinic, other.id, "Attested")).rejects.toMatchObject({ code: "forbidden", userMessage: expect.stringMatching(/billing practitioner/) });
    // A user without a practitioner record (e.g. a coordinator) cannot attest.
    await expect(attest(clinic, performerId, "Attested")).rejects.toMatchObject({ code: "forbidden" });
    await expect(attest(clinic, practitionerUserId, "Attested", "2026-11-05")).rejects.toMatchObject({ code: "invalid_input" });
    await attest(clinic, practitionerUserId, "Attested");
    await expect(attest(clinic, practitionerUserId, "Attested")).rejects.toMatchObject({ code: "conflict" });
    const count = await inScope(clinic.tenantId, (tx) => tx.complexMdmAttestation.count());
    expect(count).toBe(1);
  });
});
