import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig } from "../../testing/api-test-kit.js";
import { recordCoverage, type CoverageRecord } from "./coverage.service.js";

const config = testConfig();
const db = () => getTestDatabase().db;

let tenantId: string;
let otherTenantId: string;
let admin: TestBrowser;
let staff: TestBrowser;
let adminId: string;
let medicare: string;
let advantage: string;
let medigap: string;
let medicaid: string;
let otherPayer: string;
let otherPatient: string;

const MBI = "1EG4TE5MK73";
let n = 0;
const newPatient = async (mbi?: string) =>
  (await admin.call((c) => c.patients.create({ firstName: "Cora", lastName: `Vance-${++n}`, dateOfBirth: "1944-03-03", ...(mbi ? { mbi } : {}), problems: [{ icd10Code: "E11.9", description: "Diabetes" }] }))).patientId;

const inClinic = <T>(fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds: [tenantId] }, fn);
const base = (patientId: string, extra: Partial<CoverageRecord> = {}): CoverageRecord => ({
  tenantId, patientId, payerId: advantage, rank: "primary", planType: "medicare_advantage", memberId: "HUM123456", effectiveFrom: "2026-01-01", source: "csv_import", sourceRef: "panel.csv row 2", ...extra,
});

beforeAll(async () => {
  const tenant = await createTestTenant(db(), { name: "Coverage Clinic" });
  tenantId = tenant.id;
  const adminUser = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId, role: "clinic_admin" }] });
  adminId = adminUser.id;
  admin = new TestBrowser(db(), config, "portal");
  await signIn(admin, adminUser);
  const staffUser = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId, role: "clinic_staff" }] });
  staff = new TestBrowser(db(), config, "portal");
  await signIn(staff, staffUser);
  medicare = (await admin.call((c) => c.payers.add({ name: "Medicare Part B (Noridian JF)", planType: "medicare", ediPayerId: "03102" }))).payerId;
  advantage = (await admin.call((c) => c.payers.add({ name: "Humana Gold Plus", planType: "medicare_advantage", ediPayerId: "61101", claimType: "837p", receiverId: "AVAILITY" }))).payerId;
  medigap = (await admin.call((c) => c.payers.add({ name: "AARP Medigap Plan G", planType: "medigap", ediPayerId: "36273" }))).payerId;
  medicaid = (await admin.call((c) => c.payers.add({ name: "AHCCCS", planType: "medicaid", ediPayerId: "AZMCD" }))).payerId;

  const other = await createTestTenant(db(), { name: "Other Clinic" });
  otherTenantId = other.id;
  ({ otherPayer, otherPatient } = await withTenantScope(db(), { tenantIds: [otherTenantId] }, async (tx) => {
    const payer = await tx.payer.create({ data: { tenantId: otherTenantId, name: "Other Plan", planType: "medicare_advantage", ediPayerId: "OTHER01" } });
    const patient = await tx.patient.create({ data: { tenantId: otherTenantId, firstName: "Oz", lastName: "Other", dateOfBirth: new Date("1940-01-01T00:00:00Z"), timeZone: "America/Chicago" } });
    return { otherPayer: payer.id, otherPatient: patient.id };
  }));
});

describe("payer directory", () => {
  it("lists the clinic's payers with their ids and how many patients each covers today; clinic staff may not edit it", async () => {
    const patientId = await newPatient(MBI);
    await admin.call((c) => c.coverage.add({ patientId, payerId: medicare, rank: "primary", planType: "medicare", memberId: MBI, effectiveFrom: "2025-01-01" }));
    const list = await admin.call((c) => c.payers.list());
    expect(list.map((p) => [p.name, p.planType, p.ediPayerId, p.active])).toEqual([
      ["AARP Medigap Plan G", "medigap", "36273", true],
      ["AHCCCS", "medicaid", "AZMCD", true],
      ["Humana Gold Plus", "medicare_advantage", "61101", true],
      ["Medicare Part B (Noridian JF)", "medicare", "03102", true],
    ]);
    expect(list.find((p) => p.id === medicare)!.coveredPatients).toBeGreaterThanOrEqual(1);
    expect(list.find((p) => p.id === advantage)).toMatchObject({ claimType: "837p", receiverId: "AVAILITY", submitterId: null });
    await expect(staff.call((c) => c.payers.add({ name: "Sneaky", planType: "commercial", ediPayerId: "SNEAK1" }))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(staff.call((c) => c.payers.list())).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses a second payer of the same name, a bad payer id, and a kind change its coverages would not fit", async () => {
    await expect(admin.call((c) => c.payers.add({ name: " humana gold plus ", planType: "medicare_advantage", ediPayerId: "99999" }))).rejects.toMatchObject({ message: expect.stringContaining("already has a payer named") });
    await expect(admin.call((c) => c.payers.add({ name: "Bad Id", planType: "commercial", ediPayerId: "has space" }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const patientId = await newPatient();
    await admin.call((c) => c.coverage.add({ patientId, payerId: medigap, rank: "secondary", planType: "medigap", memberId: "G-777", effectiveFrom: "2026-01-01" }));
    await expect(admin.call((c) => c.payers.edit({ payerId: medigap, name: "AARP Medigap Plan G", planType: "commercial", ediPayerId: "36273" }))).rejects.toMatchObject({ code: "CONFLICT" });
    const edited = await admin.call((c) => c.payers.edit({ payerId: medigap, name: "AARP Medigap Plan G", planType: "medigap", ediPayerId: "36273", submitterId: "sub01" }));
    expect(edited.changed).toEqual(["submitterId"]);
  });

  it("keeps a contracted fee schedule per payer: codes the rules know, amounts in cents, replace and remove", async () => {
    await expect(admin.call((c) => c.payers.saveRate({ payerId: advantage, code: "99213", year: 2026, amount: "80", source: "contract" }))).rejects.toMatchObject({ message: expect.stringContaining("not a code Carefold bills") });
    await admin.call((c) => c.payers.saveRate({ payerId: advantage, code: "99490", year: 2026, amount: "58.20", source: "Humana 2026 provider contract" }));
    const replaced = await admin.call((c) => c.payers.saveRate({ payerId: advantage, code: "99490", year: 2026, amount: "$59.05", source: "Humana 2026 amendment 1" }));
    expect(replaced).toEqual({ code: "99490", year: 2026, cents: 5905, previousCents: 5820 });
    await admin.call((c) => c.payers.saveRate({ payerId: advantage, code: "g0556", year: 2026, amount: "14", source: "contract" }));
    expect((await admin.call((c) => c.payers.rates({ payerId: advantage }))).rates.map((r) => [r.code, r.year, r.cents, r.source])).toEqual([
      ["99490", 2026, 5905, "Humana 2026 amendment 1"],
      ["G0556", 2026, 1400, "contract"],
    ]);
    await admin.call((c) => c.payers.removeRate({ payerId: advantage, code: "G0556", year: 2026 }));
    await expect(admin.call((c) => c.payers.removeRate({ payerId: advantage, code: "G0556", year: 2026 }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await admin.call((c) => c.payers.list())).find((p) => p.id === advantage)!.rateCount).toBe(1);
  });
});

describe("patient coverage", () => {
  it("shows primary and secondary in force with masked member ids, and keeps every change in the history", async () => {
    const patientId = await newPatient("1EG4TE5MK74");
    const added = await admin.call((c) => c.coverage.add({ patientId, payerId: medicare, rank: "primary", planType: "medicare", memberId: "1eg4-te5-mk74", effectiveFrom: "2025-01-01" }));
    await admin.call((c) => c.coverage.add({ patientId, payerId: medigap, rank: "secondary", planType: "medigap", memberId: "AARP0001234", groupNumber: "G 12", effectiveFrom: "2025-01-01" }));
    let view = await admin.call((c) => c.coverage.get({ patientId }));
    expect(view.primary).toMatchObject({ payer: { name: "Medicare Part B (Noridian JF)" }, planType: "medicare", memberIdMasked: "•••MK74", source: "manual", isAssumed: false });
    expect(view.secondary).toMatchObject({ payer: { name: "AARP Medigap Plan G" }, memberIdMasked: "•••1234", groupNumber: "G 12" });
    expect(JSON.stringify(view)).not.toContain("1EG4TE5MK74");

    // The patient moves to Medicare Advantage: end traditional Medicare, add the plan.
    const ended = await admin.call((c) => c.coverage.end({ patientId, coverageId: added.coverageId, effectiveTo: "2025-12-31" }));
    await admin.call((c) => c.coverage.add({ patientId, payerId: advantage, rank: "primary", planType: "medicare_advantage", memberId: "H12345678", effectiveFrom: "2026-01-01" }));
    // A typo in the Medigap member id is corrected, with the reason.
    const secondary = view.secondary!;
    const corrected = await admin.call((c) => c.coverage.correct({ patientId, coverageId: secondary.id, payerId: medigap, rank: "secondary", planType: "medigap", memberId: "AARP0001235", effectiveFrom: "2025-01-01", reason: "member id mistyped" }));

    view = await admin.call((c) => c.coverage.get({ patientId }));
    expect(view.primary).toMatchObject({ payer: { name: "Humana Gold Plus" }, planType: "medicare_advantage", effectiveFrom: "2026-01-01", effectiveTo: null });
    expect(view.secondary).toMatchObject({ id: corrected.coverageId, memberIdMasked: "•••1235" });
    const byId = new Map(view.history.map((h) => [h.id, h]));
    expect(view.history).toHaveLength(5);
    expect(byId.get(added.coverageId)).toMatchObject({ supersedeReason: "ended on 2025-12-31", isInForce: false });
    expect(byId.get(ended.coverageId)).toMatchObject({ effectiveFrom: "2025-01-01", effectiveTo: "2025-12-31", supersededAt: null, isInForce: false });
    expect(byId.get(secondary.id)).toMatchObject({ supersedeReason: "member id mistyped" });
    const links = await inClinic((tx) => tx.patientCoverage.findMany({ where: { patientId, supersededAt: { not: null } }, select: { id: true, supersededById: true, supersededBy: true } }));
    expect(new Map(links.map((l) => [l.id, l.supersededById]))).toEqual(new Map([[added.coverageId, ended.coverageId], [secondary.id, corrected.coverageId]]));
    expect(links.every((l) => l.supersededBy !== null)).toBe(true);
  });

  it("refuses an overlapping coverage of the same rank, naming the other coverage's payer and dates", async () => {
    const patientId = await newPatient();
    await admin.call((c) => c.coverage.add({ patientId, payerId: advantage, rank: "primary", planType: "medicare_advantage", memberId: "H1", effectiveFrom: "2026-01-01", effectiveTo: "2026-06-30" }));
    await expect(admin.call((c) => c.coverage.add({ patientId, payerId: medigap, rank: "primary", planType: "medigap", memberId: "G1", effectiveFrom: "2026-06-01" }))).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This patient already has primary coverage with Humana Gold Plus (2026-01-01 to 2026-06-30) on some of those dates. End or correct that coverage first, or change the dates.",
    });
    // The day after it ends is free; a secondary on the same dates is fine.
    await admin.call((c) => c.coverage.add({ patientId, payerId: medigap, rank: "primary", planType: "medigap", memberId: "G1", effectiveFrom: "2026-07-01" }));
    await admin.call((c) => c.coverage.add({ patientId, payerId: medicaid, rank: "secondary", planType: "qmb", memberId: "AZ-QMB-1", effectiveFrom: "2026-01-01" }));
    expect(await inClinic((tx) => tx.patientCoverage.count({ where: { patientId } }))).toBe(3);
  });

  it("refuses an overlap written concurrently on two connections: one commits, the other gets the named conflict", async () => {
    const patientId = await newPatient();
    let firstWrote!: () => void;
    const wrote = new Promise<void>((resolve) => (firstWrote = resolve));
    const first = inClinic(async (tx) => {
      await recordCoverage(tx, base(patientId, { source: "manual" }), { onOverlap: "refuse" });
      firstWrote();
      await new Promise((r) => setTimeout(r, 400));
    });
    const second = wrote.then(() => inClinic((tx) => recordCoverage(tx, base(patientId, { payerId: medigap, planType: "medigap", memberId: "G2", effectiveFrom: "2026-03-01", source: "manual" }), { onOverlap: "refuse" })));
    const [a, b] = await Promise.allSettled([first, second]);
    expect(a.status).toBe("fulfilled");
    expect(b).toMatchObject({ status: "rejected", reason: { code: "conflict", userMessage: expect.stringContaining("with Humana Gold Plus (2026-01-01, open-ended)") } });
    expect(await inClinic((tx) => tx.patientCoverage.count({ where: { patientId } }))).toBe(1);
  });

  it("checks the member id is an MBI for traditional Medicare and the plan type fits the payer", async () => {
    const patientId = await newPatient();
    await expect(admin.call((c) => c.coverage.add({ patientId, payerId: medicare, rank: "primary", planType: "medicare", memberId: "H12345678", effectiveFrom: "2026-01-01" }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Traditional Medicare's member id is the patient's MBI"),
    });
    await expect(admin.call((c) => c.coverage.add({ patientId, payerId: advantage, rank: "primary", planType: "medigap", memberId: "X1", effectiveFrom: "2026-01-01" }))).rejects.toMatchObject({
      message: "Humana Gold Plus is a Medicare Advantage payer: a Medigap coverage cannot be under it.",
    });
    await expect(admin.call((c) => c.coverage.add({ patientId, payerId: medicare, rank: "primary", planType: "medicare", memberId: MBI, effectiveFrom: "2026-02-01", effectiveTo: "2026-01-31" }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await admin.call((c) => c.payers.setActive({ payerId: medigap, active: false }));
    try {
      await expect(admin.call((c) => c.coverage.add({ patientId, payerId: medigap, rank: "secondary", planType: "medigap", memberId: "X1", effectiveFrom: "2026-01-01" }))).rejects.toMatchObject({ message: expect.stringContaining("inactive") });
    } finally {
      await admin.call((c) => c.payers.setActive({ payerId: medigap, active: true }));
    }
  });

  it("refuses another clinic's payer or patient as not found", async () => {
    const patientId = await newPatient();
    await expect(admin.call((c) => c.coverage.add({ patientId, payerId: otherPayer, rank: "primary", planType: "medicare_advantage", memberId: "X1", effectiveFrom: "2026-01-01" }))).rejects.toMatchObject({ code: "NOT_FOUND", message: "That payer was not found." });
    await expect(admin.call((c) => c.coverage.add({ patientId: otherPatient, payerId: advantage, rank: "primary", planType: "medicare_advantage", memberId: "X1", effectiveFrom: "2026-01-01" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(inClinic((tx) => recordCoverage(tx, base(patientId, { payerId: otherPayer }), { onOverlap: "refuse" }))).rejects.toMatchObject({ code: "not_found" });
    await expect(admin.call((c) => c.payers.rates({ payerId: otherPayer }))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("an import's restatement changes nothing; a changed coverage ends the earlier one or supersedes it", async () => {
    const patientId = await newPatient();
    const first = await inClinic((tx) => recordCoverage(tx, base(patientId), { onOverlap: "replace" }));
    const again = await inClinic((tx) => recordCoverage(tx, base(patientId), { onOverlap: "replace" }));
    expect(again).toEqual({ coverageId: first.coverageId, outcome: "unchanged", superseded: [] });
    // The same plan from a later date with a new member id: the old row is ended the day before.
    const moved = await inClinic((tx) => recordCoverage(tx, base(patientId, { memberId: "HUM999", effectiveFrom: "2026-05-01", recordedBy: adminId }), { onOverlap: "replace", replaceReason: "changed by import of panel.csv" }));
    expect(moved.superseded).toEqual([first.coverageId]);
    let rows = await inClinic((tx) => tx.patientCoverage.findMany({ where: { patientId, supersededAt: null }, orderBy: { effectiveFrom: "asc" } }));
    expect(rows.map((r) => [r.memberId, r.effectiveFrom.toISOString().slice(0, 10), r.effectiveTo?.toISOString().slice(0, 10) ?? null])).toEqual([
      ["HUM123456", "2026-01-01", "2026-04-30"],
      ["HUM999", "2026-05-01", null],
    ]);
    // A restatement from an earlier start supersedes the later-starting row outright.
    await inClinic((tx) => recordCoverage(tx, base(patientId, { memberId: "HUM999", effectiveFrom: "2026-04-01" }), { onOverlap: "replace" }));
    rows = await inClinic((tx) => tx.patientCoverage.findMany({ where: { patientId, supersededAt: null }, orderBy: { effectiveFrom: "asc" } }));
    expect(rows.map((r) => [r.memberId, r.effectiveFrom.toISOString().slice(0, 10), r.effectiveTo?.toISOString().slice(0, 10) ?? null])).toEqual([
      ["HUM123456", "2026-01-01", "2026-03-31"],
      ["HUM999", "2026-04-01", null],
    ]);
    const reasons = await inClinic((tx) => tx.patientCoverage.findMany({ where: { patientId, supersededAt: { not: null } }, select: { supersedeReason: true } }));
    expect(reasons.map((r) => r.supersedeReason).sort()).toEqual(["changed by import of panel.csv", "replaced by csv import", "replaced by csv import"]);
  });

  it("audits the chart's read of coverage and each write with the patient", async () => {
    const patientId = await newPatient();
    await admin.call((c) => c.coverage.add({ patientId, payerId: advantage, rank: "primary", planType: "medicare_advantage", memberId: "H5", effectiveFrom: "2026-01-01" }));
    await admin.call((c) => c.coverage.get({ patientId }));
    const events = await inClinic((tx) => tx.auditEvent.findMany({ where: { patientId }, orderBy: { seq: "asc" }, select: { action: true, objectType: true } }));
    expect(events.filter((e) => e.objectType === "patient_coverage").map((e) => e.action)).toEqual(["coverage.add", "coverage.get"]);
  });
});
