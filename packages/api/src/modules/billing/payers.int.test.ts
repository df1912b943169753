import { withTenantScope, type ScopedTx } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import type { ObjectStorage } from "@carefold/integrations";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, testConfig, useTestObjectStorage } from "../../testing/api-test-kit.js";
import { seedBillingClinic, type BillingClinic } from "../../testing/billing-fixtures.js";
import { addCoverage, addPayer, addPayerRate } from "../../testing/coverage-fixtures.js";
import { reopenClose } from "./close-admin.service.js";
import { createClaimExport } from "./exports.service.js";
import { listMonthEndFixes } from "./month-end-fixes.service.js";
import { runMonthClose } from "./month-close.service.js";
import { resolveLineRate } from "./payer-rates.js";
import { approveMonth, getWorksheet } from "./worksheet.service.js";
import { validate837 } from "./x12-validator.js";

/**
 * Issue 24 "Done means": a panel with traditional Medicare, two Medicare Advantage plans (one with
 * its own fee schedule), a Medigap secondary and a QMB closes into the amounts and patient shares
 * of the hand-checked table, exports one valid 837P per payer with that payer's ids, and a patient
 * whose coverage lapsed before the date of service is blocked.
 */
const MONTH = "2026-10";
const DOS = "2026-10-31";
const db = () => getTestDatabase().db;
const config = testConfig();
let storage: ObjectStorage;
let stop: () => Promise<void>;
let clinic: BillingClinic;
let userId: string;
const payers: Record<string, string> = {};
let fixesBeforeClose: Awaited<ReturnType<typeof listMonthEndFixes>>;
/** Submitter ids unique to this test file: control numbers are per submitter across clinics. */
const SUBMITTER = `PAYT${String(Date.now()).slice(-8)}`;
const MA1_SUBMITTER = `MA1S${String(Date.now()).slice(-8)}`;

const inScope = <T>(fn: (tx: ScopedTx) => Promise<T>) => withTenantScope(db(), { tenantIds: [clinic.tenantId] }, fn);

/**
 * Hand-checked (2026 national non-facility amounts, non-QP: 99490 $66.13, 99439 $50.44; Maple MA's
 * contract: 99490 $70.00, 99439 $55.00; coinsurance 20 % rounded half up, 42 CFR 410.152):
 */
const EXPECTED = {
  // Traditional Medicare, no secondary: Medicare's amount, the patient owes the 20 %.
  Trad: { status: "billable", amount: 6613, coinsurance: 1323, patient: 1323, secondary: 0, basis: "medicare", payer: "Medicare" },
  // Maple MA (contracted 99490 = $70.00): the contract prices it; the 20 % is assumed.
  MapleOne: { status: "billable", amount: 7000, coinsurance: 1400, patient: 1400, secondary: 0, basis: "contracted", payer: "Maple Medicare Advantage" },
  // Maple MA, 45 minutes: 99490 $70.00 + 99439 $55.00 = $125.00; 20 % = $25.00.
  MapleTwo: { status: "billable", amount: 12500, coinsurance: 2500, patient: 2500, secondary: 0, basis: "contracted", payer: "Maple Medicare Advantage" },
  // Sunrise MA (no fee schedule): Medicare's $66.13, marked assumed.
  Sunrise: { status: "billable", amount: 6613, coinsurance: 1323, patient: 1323, secondary: 0, basis: "assumed_medicare", payer: "Sunrise Health MA" },
  // Traditional Medicare + Medigap plan G: Medigap pays the $13.23, the patient nothing.
  Gap: { status: "billable", amount: 6613, coinsurance: 1323, patient: 0, secondary: 1323, basis: "medicare", payer: "Medicare" },
  // Traditional Medicare + QMB (state Medicaid): never billed to the patient (SSA §1902(n)(3)(B)).
  Qmb: { status: "billable", amount: 6613, coinsurance: 1323, patient: 0, secondary: 1323, basis: "medicare", payer: "Medicare" },
  // Medicare coverage ended 2026-09-30: nothing in force on 2026-10-31.
  Lapsed: { status: "blocked", amount: 0, coinsurance: 0, patient: 0, secondary: 0, basis: null, payer: null },
  // Medigap recorded as primary: never billed first.
  GapFirst: { status: "blocked", amount: 0, coinsurance: 0, patient: 0, secondary: 0, basis: null, payer: "Blue Medigap" },
} as const;

beforeAll(async () => {
  ({ storage, stop } = await useTestObjectStorage());
  const tenant = await createTestTenant(db(), { timeZone: "America/Chicago" });
  const admin = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "clinic_admin" }] });
  userId = admin.id;
  const coordinator = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"] });
  const noMedicare = { coverage: false as const };
  clinic = await seedBillingClinic(db(), tenant.id, coordinator.id, [
    { label: "Trad", entries: [["2026-10-05", 25]] },
    { label: "MapleOne", entries: [["2026-10-05", 25]], ...noMedicare },
    { label: "MapleTwo", entries: [["2026-10-05", 45]], ...noMedicare },
    { label: "Sunrise", entries: [["2026-10-05", 25]], ...noMedicare },
    { label: "Gap", entries: [["2026-10-05", 25]] },
    { label: "Qmb", entries: [["2026-10-05", 25]] },
    { label: "Lapsed", entries: [["2026-10-05", 25]], ...noMedicare },
    { label: "GapFirst", entries: [["2026-10-05", 25]], ...noMedicare },
  ]);
  const id = (label: string) => clinic.patients.get(label)!;
  await inScope(async (tx) => {
    await tx.billingSetting.update({ where: { tenantId: clinic.tenantId }, data: { submitterId: SUBMITTER } });
    payers.medicare = clinic.medicarePayerId;
    payers.maple = await addPayer(tx, clinic.tenantId, { name: "Maple Medicare Advantage", planType: "medicare_advantage", ediPayerId: "MAPLE01", receiverId: "MAPLERCV", submitterId: MA1_SUBMITTER });
    payers.sunrise = await addPayer(tx, clinic.tenantId, { name: "Sunrise Health MA", planType: "medicare_advantage", ediPayerId: "SUN22" });
    payers.gap = await addPayer(tx, clinic.tenantId, { name: "Blue Medigap", planType: "medigap", ediPayerId: "BLUEGAP" });
    payers.medicaid = await addPayer(tx, clinic.tenantId, { name: "State Medicaid", planType: "medicaid", ediPayerId: "SKIL0" });
    await addPayerRate(tx, clinic.tenantId, payers.maple, "99490", 2026, 7000, userId);
    await addPayerRate(tx, clinic.tenantId, payers.maple, "99439", 2026, 5500, userId);
    await addCoverage(tx, clinic.tenantId, id("MapleOne"), { payerId: payers.maple, planType: "medicare_advantage", memberId: "MPL-000101" });
    await addCoverage(tx, clinic.tenantId, id("MapleTwo"), { payerId: payers.maple, planType: "medicare_advantage", memberId: "MPL-000102" });
    await addCoverage(tx, clinic.tenantId, id("Sunrise"), { payerId: payers.sunrise, planType: "medicare_advantage", memberId: "SUN900" });
    await addCoverage(tx, clinic.tenantId, id("Gap"), { payerId: payers.gap, rank: "secondary", planType: "medigap", memberId: "GAP77", effectiveFrom: "2026-01-01" });
    await addCoverage(tx, clinic.tenantId, id("Qmb"), { payerId: payers.medicaid, rank: "secondary", planType: "qmb", memberId: "QMB5150" });
    const lapsed = await tx.patient.findUniqueOrThrow({ where: { tenantId_id: { tenantId: clinic.tenantId, id: id("Lapsed") } }, select: { mbi: true } });
    await addCoverage(tx, clinic.tenantId, id("Lapsed"), { payerId: payers.medicare, planType: "medicare", memberId: lapsed.mbi!, effectiveTo: "2026-09-30" });
    await addCoverage(tx, clinic.tenantId, id("GapFirst"), { payerId: payers.gap, planType: "medigap", memberId: "GAP78" });
  });
  fixesBeforeClose = await inScope((tx) => listMonthEndFixes(tx, clinic.tenantId, MONTH));
  await runMonthClose(db(), { tenantId: clinic.tenantId, serviceMonth: MONTH });
});
afterAll(async () => stop());

async function rowsByLabel() {
  const rows = await inScope((tx) => tx.worksheetRow.findMany({ where: { tenantId: clinic.tenantId, serviceMonth: MONTH } }));
  return new Map([...clinic.patients].map(([label, patientId]) => [label, rows.find((r) => r.patientId === patientId)!]));
}

describe("a panel of payers (issue 24)", () => {
  it("closes into the hand-checked amounts, rate bases and patient shares, each row naming its payer", async () => {
    const rows = await rowsByLabel();
    const payerNames = new Map<string, string>();
    const names = await inScope((tx) => tx.payer.findMany({ where: { tenantId: clinic.tenantId }, select: { id: true, name: true } }));
    for (const n of names) payerNames.set(n.id, n.name);
    const actual = Object.fromEntries(
      Object.keys(EXPECTED).map((label) => {
        const r = rows.get(label)!;
        return [label, { status: r.status, amount: r.amountCents, coinsurance: r.coinsuranceCents, patient: r.patientShareCents, secondary: r.secondaryShareCents, basis: r.rateBasis, payer: r.payerId ? payerNames.get(r.payerId)! : null }];
      }),
    );
    expect(actual).toEqual(EXPECTED);
    const codes = (label: string) => (rows.get(label)!.findings as { code: string; severity: string; message: string }[]);
    expect(codes("Lapsed").find((f) => f.code === "no_coverage_in_force")).toMatchObject({ severity: "block", message: expect.stringContaining("Add the patient's coverage for 2026-10-31") });
    expect(codes("GapFirst").map((f) => f.code)).toContain("coverage_primary_not_billable");
    expect(codes("Sunrise").find((f) => f.code === "payer_rate_assumed")?.message).toMatch(/^Sunrise Health MA has no contracted rate for 99490 in 2026/);
    expect(codes("MapleOne").map((f) => f.code)).not.toContain("payer_rate_assumed");
    expect(codes("MapleOne").map((f) => f.code)).toContain("patient_share_assumed");
    expect(codes("Trad").map((f) => f.code)).not.toContain("patient_share_assumed");
    // The secondary coverage is recorded on the row it paid for.
    expect(rows.get("Gap")!.secondaryCoverageId).not.toBeNull();
  });

  it("prices with the one exported rate function the rows agree with", () => {
    const maple = { planType: "medicare_advantage" as const, contracted: { "99490": { 2026: 7000 } } };
    expect(resolveLineRate(maple, "99490", 1, DOS)).toEqual({ unitCents: 7000, amountCents: 7000, basis: "contracted" });
    expect(resolveLineRate(maple, "99439", 2, DOS)).toEqual({ unitCents: 5044, amountCents: 10088, basis: "assumed_medicare" });
    expect(resolveLineRate({ planType: "medicare", contracted: { "99490": { 2026: 7000 } } }, "99490", 1, DOS)).toEqual({ unitCents: 6613, amountCents: 6613, basis: "medicare" });
    expect(resolveLineRate({ planType: "medicare", contracted: {} }, "99490", 1, DOS, { feeSchedule: { "99490": { 2026: 6800 } } }).amountCents).toBe(6800);
  });

  it("the fix-before-month-end list named the lapsed coverage and the Medigap primary before the close", () => {
    const actions = (label: string) => fixesBeforeClose.patients.find((p) => p.patientId === clinic.patients.get(label))?.fixes.map((f) => [f.code, f.action]);
    expect(actions("Lapsed")).toEqual([["no_coverage_in_force", "add_coverage"]]);
    expect(actions("GapFirst")).toEqual([["coverage_primary_not_billable", "add_coverage"]]);
    expect(actions("Trad")).toBeUndefined();
  });

  it("the worksheet totals each payer: claims, amount, coinsurance, patient share and expected from the payer", async () => {
    const sheet = await inScope((tx) => getWorksheet(tx, clinic.tenantId, MONTH, "all"));
    expect(sheet!.totalsByPayer.map((t) => [t.payerName, t.claims, t.amountCents, t.coinsuranceCents, t.patientShareCents, t.secondaryShareCents, t.expectedFromPayerCents])).toEqual([
      ["Maple Medicare Advantage", 2, 19500, 3900, 3900, 0, 15600],
      ["Medicare", 3, 19839, 3969, 1323, 2646, 15870],
      ["Sunrise Health MA", 1, 6613, 1323, 1323, 0, 5290],
    ]);
    expect(sheet!.rows.find((r) => r.patientId === clinic.patients.get("Gap"))).toMatchObject({ payerName: "Medicare", secondaryPayerName: "Blue Medigap", patientShareCents: 0, secondaryShareCents: 1323 });
  });

  it("exports one valid 837P per payer, each with its payer's ids, member ids, filing indicator and the secondary payer loops", async () => {
    await inScope((tx) => approveMonth(tx, clinic.tenantId, MONTH, userId));
    const result = await inScope((tx) => createClaimExport(tx, storage, clinic.tenantId, MONTH, "x12_837p", userId, new Date("2026-11-03T14:05:00Z")));
    expect(result.files.map((f) => [f.payerName, f.payerEdiId, f.claimCount, f.amountCents])).toEqual([
      ["Maple Medicare Advantage", "MAPLE01", 2, 19500],
      ["Medicare", "06102", 3, 19839],
      ["Sunrise Health MA", "SUN22", 1, 6613],
    ]);
    expect(result.claimCount).toBe(6);
    const texts = new Map<string, string>();
    for (const file of result.files) {
      const document = await inScope((tx) => tx.document.findFirstOrThrow({ where: { id: file.documentId } }));
      const text = (await storage.getObject(document.storageKey, { expectedSha256: document.sha256 })).body.toString("utf8");
      expect(validate837(text)).toEqual([]);
      texts.set(file.payerEdiId!, text);
    }
    const segments = (edi: string) => texts.get(edi)!.split("~\n").filter(Boolean).map((s) => s.split("*"));
    const isa = (edi: string) => segments(edi)[0]!;
    // Envelope: Maple's own receiver and submitter; the others the billing setting's.
    expect([isa("MAPLE01")[6]!.trim(), isa("MAPLE01")[8]!.trim()]).toEqual([MA1_SUBMITTER, "MAPLERCV"]);
    expect([isa("06102")[6]!.trim(), isa("06102")[8]!.trim()]).toEqual([SUBMITTER, "MEDICAREJ6"]);
    expect([isa("SUN22")[6]!.trim(), isa("SUN22")[8]!.trim()]).toEqual([SUBMITTER, "MEDICAREJ6"]);
    // Control numbers per submitter: the two files under one submitter id never share one.
    expect(isa("06102")[13]).not.toBe(isa("SUN22")[13]);
    // 2010BB: each file names only its payer; SBR09 by plan type; 2010BA the member id (MBI only for Medicare).
    const payerOf = (edi: string) => segments(edi).filter((s) => s[0] === "NM1" && s[1] === "PR").map((s) => `${s[3]}/${s[9]}`);
    expect(new Set(payerOf("MAPLE01"))).toEqual(new Set(["MAPLE MEDICARE ADVANTAGE/MAPLE01"]));
    expect(new Set(payerOf("SUN22"))).toEqual(new Set(["SUNRISE HEALTH MA/SUN22"]));
    const primarySbr = (edi: string) => segments(edi).filter((s) => s[0] === "SBR" && s[1] === "P").map((s) => s[9]);
    expect(primarySbr("MAPLE01")).toEqual(["16", "16"]);
    expect(primarySbr("06102")).toEqual(["MB", "MB", "MB"]);
    const subscribers = (edi: string) => segments(edi).filter((s, k, all) => s[0] === "NM1" && s[1] === "IL" && all[k - 1]?.[0] === "SBR" && all[k - 1]?.[1] === "P").map((s) => s[9]);
    expect(subscribers("MAPLE01").sort()).toEqual(["MPL-000101", "MPL-000102"]);
    expect(subscribers("SUN22")).toEqual(["SUN900"]);
    for (const id of subscribers("06102")) expect(id).toMatch(/^[1-9][A-Z0-9]{10}$/);
    // Coordination of benefits: the Medigap and QMB claims carry 2320/2330A/2330B, the others none.
    const medicare = texts.get("06102")!;
    expect(medicare).toContain("SBR*S*18*******CI~\nOI***Y*P**Y~\nNM1*IL*1*TESTPATIENT*GAP****MI*GAP77~\nNM1*PR*2*BLUE MEDIGAP*****PI*BLUEGAP~");
    expect(medicare).toContain("SBR*S*18*******MC~\nOI***Y*P**Y~\nNM1*IL*1*TESTPATIENT*QMB****MI*QMB5150~\nNM1*PR*2*STATE MEDICAID*****PI*SKIL0~");
    expect(texts.get("MAPLE01")).not.toContain("SBR*S");
    // The export records which payer each file went to.
    const exports = await inScope((tx) => tx.claimExport.findMany({ where: { tenantId: clinic.tenantId, serviceMonth: MONTH }, orderBy: { payerName: "asc" } }));
    expect(exports.map((e) => [e.payerName, e.payerEdiId])).toEqual([["Maple Medicare Advantage", "MAPLE01"], ["Medicare", "06102"], ["Sunrise Health MA", "SUN22"]]);
  });

  it("a re-close that moves a patient-month to another payer sends no replacement to the new payer: the export is refused, saying what to do", async () => {
    const patientId = clinic.patients.get("Trad")!;
    await inScope((tx) => reopenClose(tx, { tenantId: clinic.tenantId, serviceMonth: MONTH }, "Trad moved to Sunrise MA", userId));
    // The correction (history kept): the open Medicare row is superseded by one ending 2026-09-30, and Sunrise starts 2026-10-01.
    await inScope(async (tx) => {
      const old = await tx.patientCoverage.findFirstOrThrow({ where: { tenantId: clinic.tenantId, patientId, rank: "primary", supersededAt: null } });
      await tx.patientCoverage.update({ where: { tenantId_id: { tenantId: clinic.tenantId, id: old.id } }, data: { supersededAt: new Date(), supersedeReason: "Moved to Sunrise Health MA" } });
      await addCoverage(tx, clinic.tenantId, patientId, { payerId: payers.medicare!, planType: "medicare", memberId: old.memberId, effectiveFrom: "2020-01-01", effectiveTo: "2026-09-30" });
      await addCoverage(tx, clinic.tenantId, patientId, { payerId: payers.sunrise!, planType: "medicare_advantage", memberId: "SUN901", effectiveFrom: "2026-10-01" });
    });
    await runMonthClose(db(), { tenantId: clinic.tenantId, serviceMonth: MONTH });
    const row = (await rowsByLabel()).get("Trad")!;
    expect([row.payerId, row.rateBasis, row.amountCents]).toEqual([payers.sunrise, "assumed_medicare", 6613]);
    await inScope((tx) => approveMonth(tx, clinic.tenantId, MONTH, userId));
    await expect(inScope((tx) => createClaimExport(tx, storage, clinic.tenantId, MONTH, "x12_837p", userId))).rejects.toMatchObject({
      code: "invalid_state",
      message: expect.stringMatching(/was sent to Medicare \(payer id 06102\), but the coverage in force on 2026-10-31 is now Sunrise Health MA \(payer id SUN22\)\. A replacement cannot move a claim to another payer/),
    });
  });
});
