import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, testConfig } from "../../testing/api-test-kit.js";
import { insertEntry, seedBillingClinic, type BillingClinic, type BillingPatientSpec } from "../../testing/billing-fixtures.js";
import { getMonthToDate } from "../time/month-to-date.service.js";
import { createTimeEntry, type Performer } from "../time/time-entries.service.js";
import { processPendingCloses, requestClose } from "./close-admin.service.js";
import { CloseTakenOver, runMonthClose, SimulatedCrash } from "./month-close.service.js";

const db = () => getTestDatabase().db;
const MONTH = "2026-10";
let performerId: string;

/** The clinic's patients and, row by row, the worksheet the close must produce for October 2026. */
const PATIENTS: BillingPatientSpec[] = [
  { label: "Staff25", entries: [["2026-10-05", 25]] },
  { label: "Staff45", entries: [["2026-10-05", 20], ["2026-10-12", 25, "clinical_staff", "care_plan_review"]] },
  { label: "Complex70", entries: [["2026-10-03", 70]] },
  { label: "NoConsent", consentOn: null, entries: [["2026-10-05", 30]] },
  { label: "Below", entries: [["2026-10-05", 12]] },
  { label: "NoPlan", carePlan: false, entries: [["2026-10-05", 25]] },
  { label: "NoVisit", visitOn: null, entries: [["2026-10-05", 25]] },
  { label: "PcmSame", entries: [["2026-10-05", 25]], otherServices: [{ code: "99424", samePractitioner: true, serviceMonth: MONTH }] },
  { label: "NonClinical", entries: [["2026-10-05", 30, "non_clinical"]] },
  { label: "NoTime" },
  { label: "Declined", enrolled: false, entries: [["2026-10-05", 25]] },
  { label: "OtherMonth", entries: [["2026-09-20", 40]] },
];

const EXPECTED: Record<string, { status: string; codes: string[]; amountCents: number; coinsuranceCents: number; staffMinutes: number; findings: string[] }> = {
  Staff25: { status: "billable", codes: ["99490"], amountCents: 6613, coinsuranceCents: 1323, staffMinutes: 25, findings: [] },
  Staff45: { status: "billable", codes: ["99490", "99439"], amountCents: 11657, coinsuranceCents: 2331, staffMinutes: 45, findings: [] },
  Complex70: { status: "billable", codes: ["99490", "99439"], amountCents: 16701, coinsuranceCents: 3340, staffMinutes: 70, findings: [] },
  NoConsent: { status: "blocked", codes: [], amountCents: 0, coinsuranceCents: 0, staffMinutes: 30, findings: ["consent_missing"] },
  Below: { status: "below_threshold", codes: [], amountCents: 0, coinsuranceCents: 0, staffMinutes: 12, findings: ["below_threshold"] },
  NoPlan: { status: "blocked", codes: [], amountCents: 0, coinsuranceCents: 0, staffMinutes: 25, findings: ["care_plan_missing"] },
  NoVisit: { status: "blocked", codes: [], amountCents: 0, coinsuranceCents: 0, staffMinutes: 25, findings: ["initiating_visit_missing"] },
  PcmSame: { status: "blocked", codes: [], amountCents: 0, coinsuranceCents: 0, staffMinutes: 25, findings: ["pcm_same_practitioner"] },
  NonClinical: { status: "below_threshold", codes: [], amountCents: 0, coinsuranceCents: 0, staffMinutes: 0, findings: ["non_clinical_minutes", "below_threshold"] },
  NoTime: { status: "below_threshold", codes: [], amountCents: 0, coinsuranceCents: 0, staffMinutes: 0, findings: ["below_threshold"] },
  OtherMonth: { status: "below_threshold", codes: [], amountCents: 0, coinsuranceCents: 0, staffMinutes: 0, findings: ["below_threshold"] },
};

beforeAll(async () => {
  performerId = (await createUser(db(), testConfig(), { kind: "vendor", vendorRoles: ["coordinator"] })).id;
});

async function newClinic(specs = PATIENTS): Promise<BillingClinic> {
  const tenant = await createTestTenant(db(), { timeZone: "America/Chicago" });
  return seedBillingClinic(db(), tenant.id, performerId, specs);
}

const inScope = <T>(tenantId: string, fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds: [tenantId] }, fn);

async function worksheet(clinic: BillingClinic) {
  const rows = await inScope(clinic.tenantId, (tx) => tx.worksheetRow.findMany({ where: { serviceMonth: MONTH } }));
  const labelOf = new Map([...clinic.patients].map(([label, id]) => [id, label]));
  return new Map(rows.map((r) => [labelOf.get(r.patientId)!, r]));
}

const closeOf = (clinic: BillingClinic) => inScope(clinic.tenantId, (tx) => tx.monthClose.findUniqueOrThrow({ where: { tenantId_serviceMonth: { tenantId: clinic.tenantId, serviceMonth: MONTH } } }));

describe("month close", () => {
  it("writes the expected worksheet row by row, with plain-language findings", async () => {
    const clinic = await newClinic();
    const outcome = await runMonthClose(db(), { tenantId: clinic.tenantId, serviceMonth: MONTH }, null, { batchSize: 4 });
    const rows = await worksheet(clinic);
    expect([...rows.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [label, want] of Object.entries(EXPECTED)) {
      const row = rows.get(label)!;
      const findings = row.findings as { code: string; message: string }[];
      expect({ label, status: row.status, codes: row.codes, amountCents: row.amountCents, coinsuranceCents: row.coinsuranceCents, staffMinutes: row.staffMinutes }).toEqual({
        label, status: want.status, codes: want.codes, amountCents: want.amountCents, coinsuranceCents: want.coinsuranceCents, staffMinutes: want.staffMinutes,
      });
      expect({ label, findings: findings.map((f) => f.code).sort() }).toEqual({ label, findings: [...want.findings].sort() });
      for (const f of findings) expect(f.message.length).toBeGreaterThan(20);
      expect(row.dateOfService.toISOString().slice(0, 10)).toBe("2026-10-31");
      expect(row.runId).toBe(outcome.runId);
    }
    expect(rows.get("Staff25")!.diagnosisCodes).toEqual(["E11.9", "I10"]);
    const close = await closeOf(clinic);
    expect(close).toMatchObject({ status: "closed", billableCount: 3, blockedCount: 4, belowCount: 4, excludedCount: 0, amountCents: 6613n + 11657n + 16701n, patientsTotal: 11, patientsDone: 11 });
    expect(close.inputChecksum).toMatch(/^[0-9a-f]{64}$/);
    expect(outcome).toMatchObject({ rowsWritten: 11, rowsUnchanged: 0, resumed: false });
  });

  it("counts a corrected entry at its corrected minutes and ignores rejected entries", async () => {
    const clinic = await newClinic([{ label: "Corrected" }]);
    const patientId = clinic.patients.get("Corrected")!;
    await inScope(clinic.tenantId, async (tx) => {
      const original = await insertEntry(tx, clinic.tenantId, patientId, performerId, "2026-10-04", 30);
      await insertEntry(tx, clinic.tenantId, patientId, performerId, "2026-10-04", 10, "clinical_staff", "patient_call", original);
      const rejected = await insertEntry(tx, clinic.tenantId, patientId, performerId, "2026-10-06", 40);
      await tx.$executeRaw`UPDATE time_entry SET review_status = 'rejected' WHERE tenant_id = ${clinic.tenantId}::uuid AND id = ${rejected}::uuid`;
    });
    await runMonthClose(db(), { tenantId: clinic.tenantId, serviceMonth: MONTH });
    expect((await worksheet(clinic)).get("Corrected")).toMatchObject({ status: "below_threshold", staffMinutes: 10, loggedMinutes: 10, entryCount: 1 });
  });

  it("counts measured seconds summed over the month and a shared contact once, as the chart's month-to-date does", async () => {
    const clinic = await newClinic([{ label: "Seconds" }, { label: "Shared" }]);
    const second = (await createUser(db(), testConfig(), { kind: "vendor", vendorRoles: ["coordinator"] })).id;
    const staff = (userId: string): Performer => ({ userId, role: "clinical_staff", isInUs: true, accountCreatedAt: new Date("2025-01-01") });
    const log = (label: string, userId: string, performedOn: string, durationSeconds: number, contactId?: string) =>
      inScope(clinic.tenantId, (tx) =>
        createTimeEntry(tx, { patientId: clinic.patients.get(label)!, clientRequestId: crypto.randomUUID(), durationSeconds, activity: "patient_call", source: "manual", performedOn, ...(contactId ? { contactId } : {}) },
          staff(userId), new Date(`${performedOn}T22:00:00Z`)),
      );
    // 3 × 19 min 50 s = 3,570 s = 59.5 min: the month floors once to 59 (per entry it would be 3 × 19 = 57).
    for (const day of ["2026-10-05", "2026-10-12", "2026-10-19"]) await log("Seconds", performerId, day, 1190);
    // Two staff on one call of 25 min: one contact, counted once (25 min, 99490 only — not 50 min with 99439).
    const contactId = crypto.randomUUID();
    await log("Shared", performerId, "2026-10-07", 1500, contactId);
    await log("Shared", second, "2026-10-07", 1500, contactId);
    await runMonthClose(db(), { tenantId: clinic.tenantId, serviceMonth: MONTH });
    const rows = await worksheet(clinic);
    expect({ staffMinutes: rows.get("Seconds")!.staffMinutes, codes: rows.get("Seconds")!.codes, amountCents: rows.get("Seconds")!.amountCents }).toEqual({ staffMinutes: 59, codes: ["99490", "99439"], amountCents: 6613 + 5044 });
    expect({ staffMinutes: rows.get("Shared")!.staffMinutes, codes: rows.get("Shared")!.codes, amountCents: rows.get("Shared")!.amountCents }).toEqual({ staffMinutes: 25, codes: ["99490"], amountCents: 6613 });
    expect((rows.get("Shared")!.findings as { code: string }[]).map((f) => f.code)).toContain("concurrent_minutes");
    // The chart evaluates the same facts the same way.
    for (const label of ["Seconds", "Shared"]) {
      const chart = await inScope(clinic.tenantId, (tx) => getMonthToDate(tx, clinic.patients.get(label)!, new Date("2026-11-02T15:00:00Z"), MONTH));
      expect({ label, minutes: chart.result.countedMinutes.staff, codes: chart.result.lines.map((l) => l.code) }).toEqual({ label, minutes: rows.get(label)!.staffMinutes, codes: rows.get(label)!.codes });
    }
  });

  it("a re-run changes nothing: same checksum, no row rewritten, run ids and timestamps untouched", async () => {
    const clinic = await newClinic();
    const key = { tenantId: clinic.tenantId, serviceMonth: MONTH };
    const first = await runMonthClose(db(), key);
    const before = await worksheet(clinic);
    const second = await runMonthClose(db(), key);
    const after = await worksheet(clinic);
    expect(second.runId).not.toBe(first.runId);
    expect(second).toMatchObject({ inputChecksum: first.inputChecksum, rowsWritten: 0, rowsUnchanged: 11, rowsRemoved: 0 });
    for (const [label, row] of before) {
      expect({ label, runId: after.get(label)!.runId, updatedAt: after.get(label)!.updatedAt }).toEqual({ label, runId: row.runId, updatedAt: row.updatedAt });
    }
    const runs = await inScope(clinic.tenantId, (tx) => tx.monthCloseRun.findMany({ where: { serviceMonth: MONTH }, orderBy: { startedAt: "asc" } }));
    expect(runs.map((r) => [r.status, r.inputChecksum])).toEqual([["succeeded", first.inputChecksum], ["succeeded", first.inputChecksum]]);
  });

  it("a re-run after an input changed rewrites only that row and changes the checksum", async () => {
    const clinic = await newClinic();
    const key = { tenantId: clinic.tenantId, serviceMonth: MONTH };
    const first = await runMonthClose(db(), key);
    // A reopened month takes a late entry; the next close picks it up.
    await inScope(clinic.tenantId, (tx) => tx.$executeRaw`DELETE FROM service_month_lock WHERE tenant_id = ${clinic.tenantId}::uuid`);
    await inScope(clinic.tenantId, (tx) => insertEntry(tx, clinic.tenantId, clinic.patients.get("Below")!, performerId, "2026-10-20", 10));
    const second = await runMonthClose(db(), key);
    expect(second.inputChecksum).not.toBe(first.inputChecksum);
    expect(second).toMatchObject({ rowsWritten: 1, rowsUnchanged: 10 });
    expect((await worksheet(clinic)).get("Below")).toMatchObject({ status: "billable", codes: ["99490"], staffMinutes: 22 });
  });

  it("a re-run rewrites a row whose stored result differs from what the rules now say (e.g. after a rules fix), and only that row", async () => {
    const clinic = await newClinic();
    const key = { tenantId: clinic.tenantId, serviceMonth: MONTH };
    await runMonthClose(db(), key);
    const staff25 = clinic.patients.get("Staff25")!;
    const before = (await worksheet(clinic)).get("Staff25")!;
    // Inputs unchanged, stored result no longer what the rules give: as if the rules had changed.
    await inScope(clinic.tenantId, (tx) => tx.$executeRaw`UPDATE worksheet_row SET result_hash = ${"0".repeat(64)}, amount_cents = 1 WHERE tenant_id = ${clinic.tenantId}::uuid AND patient_id = ${staff25}::uuid`);
    const again = await runMonthClose(db(), key);
    expect(again).toMatchObject({ rowsWritten: 1, rowsUnchanged: 10 });
    expect((await worksheet(clinic)).get("Staff25")).toMatchObject({ resultHash: before.resultHash, amountCents: 6613, runId: again.runId });
  });

  it("a crash mid-close resumes under the same run to the same rows and totals as an uninterrupted close", async () => {
    const clean = await newClinic();
    await runMonthClose(db(), { tenantId: clean.tenantId, serviceMonth: MONTH }, null, { batchSize: 3 });
    const crashed = await newClinic();
    const key = { tenantId: crashed.tenantId, serviceMonth: MONTH };
    await expect(runMonthClose(db(), key, null, { batchSize: 3, crashAfterBatches: 2 })).rejects.toBeInstanceOf(SimulatedCrash);
    const midway = await closeOf(crashed);
    expect(midway).toMatchObject({ status: "running", patientsDone: 6 });
    expect(midway.cursorPatientId).not.toBeNull();
    const resumed = await runMonthClose(db(), key, null, { batchSize: 3 });
    expect(resumed).toMatchObject({ runId: midway.runId, resumed: true, rowsWritten: 11 });
    const [a, b] = [await closeOf(clean), await closeOf(crashed)];
    const totals = (c: typeof a) => [c.status, c.billableCount, c.blockedCount, c.belowCount, c.amountCents, c.patientsDone];
    expect(totals(b)).toEqual(totals(a));
    const strip = (rows: Awaited<ReturnType<typeof worksheet>>) =>
      [...rows].map(([label, r]) => [label, r.status, r.codes, r.amountCents, r.coinsuranceCents, r.staffMinutes, r.findings]).sort();
    expect(strip(await worksheet(crashed))).toEqual(strip(await worksheet(clean)));
  });

  it("the worker sweep takes over a close whose worker stopped sending heartbeats, and leaves a live one alone", async () => {
    const clinic = await newClinic();
    const key = { tenantId: clinic.tenantId, serviceMonth: MONTH };
    await expect(runMonthClose(db(), key, null, { batchSize: 3, crashAfterBatches: 1 })).rejects.toBeInstanceOf(SimulatedCrash);
    // Heartbeat is fresh: another worker may still be on it.
    await processPendingCloses(db());
    expect(await closeOf(clinic)).toMatchObject({ status: "running", patientsDone: 3 });
    await inScope(clinic.tenantId, (tx) => tx.$executeRaw`UPDATE month_close SET heartbeat_at = now() - interval '10 minutes' WHERE tenant_id = ${clinic.tenantId}::uuid`);
    await processPendingCloses(db());
    expect(await closeOf(clinic)).toMatchObject({ status: "closed", billableCount: 3, blockedCount: 4, belowCount: 4, patientsDone: 11 });
    const runs = await inScope(clinic.tenantId, (tx) => tx.monthCloseRun.findMany({ where: { serviceMonth: MONTH } }));
    expect(runs).toEqual([expect.objectContaining({ status: "succeeded", resumedCount: 1 })]);
  });

  it("two closes of the same clinic-month at once give one result: the loser stops, nothing is doubled or left running", async () => {
    const clean = await newClinic();
    await runMonthClose(db(), { tenantId: clean.tenantId, serviceMonth: MONTH });
    const clinic = await newClinic();
    const key = { tenantId: clinic.tenantId, serviceMonth: MONTH };
    const outcomes = await Promise.allSettled([runMonthClose(db(), key, null, { batchSize: 2 }), runMonthClose(db(), key, null, { batchSize: 2 })]);
    const finished = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    const stopped = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
    expect(finished.length).toBeGreaterThanOrEqual(1);
    for (const reason of stopped) expect(reason).toBeInstanceOf(CloseTakenOver);
    const close = await closeOf(clinic);
    const totals = (c: typeof close) => [c.status, c.billableCount, c.blockedCount, c.belowCount, c.amountCents, c.patientsTotal, c.patientsDone];
    expect(totals(close)).toEqual(totals(await closeOf(clean)));
    const runs = await inScope(clinic.tenantId, (tx) => tx.monthCloseRun.findMany({ where: { serviceMonth: MONTH } }));
    expect(runs.map((r) => r.status)).toEqual(runs.map(() => "succeeded"));
    expect(runs.map((r) => r.id)).toContain(close.runId);
    const rows = await worksheet(clinic);
    expect([...rows.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [label, row] of rows) expect({ label, status: row.status, runId: runs.some((r) => r.id === row.runId) }).toEqual({ label, status: EXPECTED[label]!.status, runId: true });
  });

  it("the worker sweep closes several clinics at once, each exactly once", async () => {
    const clinics = await Promise.all([newClinic(), newClinic(), newClinic()]);
    for (const c of clinics) await inScope(c.tenantId, (tx) => requestClose(tx, { tenantId: c.tenantId, serviceMonth: MONTH }, performerId, new Date("2026-11-15T12:00:00Z")));
    const lines: string[] = [];
    const result = await processPendingCloses(db(), (line) => lines.push(line), { concurrency: 2 });
    expect(result.processed).toBeGreaterThanOrEqual(3);
    for (const c of clinics) {
      expect(await closeOf(c)).toMatchObject({ status: "closed", billableCount: 3, blockedCount: 4, belowCount: 4, patientsDone: 11 });
      const runs = await inScope(c.tenantId, (tx) => tx.monthCloseRun.findMany({ where: { serviceMonth: MONTH } }));
      expect(runs).toEqual([expect.objectContaining({ status: "succeeded", rowsWritten: 11 })]);
    }
    expect(lines.filter((l) => l.includes("failed"))).toEqual([]);
  });

  it("locks the month: a late entry is refused with a clear message, and so is a review decision", async () => {
    const clinic = await newClinic([{ label: "Late", entries: [["2026-10-05", 25]] }]);
    await runMonthClose(db(), { tenantId: clinic.tenantId, serviceMonth: MONTH });
    const patientId = clinic.patients.get("Late")!;
    const late = inScope(clinic.tenantId, (tx) =>
      createTimeEntry(tx, { patientId, clientRequestId: crypto.randomUUID(), minutes: 15, activity: "patient_call", source: "manual", performedOn: "2026-10-30" },
        { userId: performerId, role: "clinical_staff", isInUs: true, accountCreatedAt: new Date("2025-01-01") }, new Date("2026-11-03T15:00:00Z")),
    );
    await expect(late).rejects.toMatchObject({ code: "invalid_state", userMessage: expect.stringMatching(/October 2026 is closed for this clinic/) });
    const review = inScope(clinic.tenantId, (tx) => tx.$executeRaw`UPDATE time_entry SET review_status = 'rejected' WHERE tenant_id = ${clinic.tenantId}::uuid AND patient_id = ${patientId}::uuid`);
    await expect(review).rejects.toThrow(/service month 2026-10 is closed/);
    const other = inScope(clinic.tenantId, (tx) => tx.otherService.create({ data: { tenantId: clinic.tenantId, patientId, serviceMonth: MONTH, code: "99495", samePractitioner: false, source: "form" } }));
    await expect(other).rejects.toThrow(/closed/);
  });
});
