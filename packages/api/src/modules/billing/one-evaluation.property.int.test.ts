import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { withTenantScope, type ScopedTx } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, testConfig } from "../../testing/api-test-kit.js";
import { COMPLETE_CARE_PLAN, seedBillingClinic, type BillingPatientSpec } from "../../testing/billing-fixtures.js";
import { addCoverage, addPayer, addPayerRate } from "../../testing/coverage-fixtures.js";
import { getMonthToDate } from "../time/month-to-date.service.js";
import { runMonthClose } from "./month-close.service.js";

/**
 * Issue 15 ("one loader, one evaluation"): for any facts of a few patients — entries in seconds by
 * several roles, in and outside the US, pending or rejected, two staff on one contact; consent
 * before, during or revoked before the month; an initiating visit or not; a care plan with or
 * without a copy given; complex MDM attested or not; PCM billed the same month — the chart's
 * month-to-date says exactly what the month close then writes: status, codes, minutes, amount and
 * findings, patient by patient. Coverage varies too (issue 24): traditional Medicare, a Medicare
 * Advantage plan with a contract for 99490 only, one without any, a Medigap secondary, or none —
 * the payer reaches the chart and the row through the one evaluation, so their amounts and
 * findings (payer_rate_assumed, no_coverage_in_force…) agree. The close runs in batches of 2, so
 * batch edges are crossed.
 */
const db = () => getTestDatabase().db;
const MONTH = "2026-10";
const NOW = new Date("2026-10-21T15:00:00Z");
let performers: string[];

beforeAll(async () => {
  performers = [];
  for (let i = 0; i < 2; i++) performers.push((await createUser(db(), testConfig(), { kind: "vendor", vendorRoles: ["coordinator"] })).id);
});

const entry = fc.record({
  day: fc.integer({ min: 1, max: 31 }),
  seconds: fc.integer({ min: 1, max: 2_700 }),
  role: fc.constantFrom("clinical_staff", "clinical_staff", "billing_practitioner", "non_clinical"),
  inUs: fc.constantFrom(true, true, true, false),
  status: fc.constantFrom("approved", "approved", "approved", "pending", "rejected"),
  /** Entries with the same contact are one call worked by two people. */
  contact: fc.option(fc.integer({ min: 0, max: 1 }), { nil: null }),
  performer: fc.integer({ min: 0, max: 1 }),
  call: fc.boolean(),
});

const patientFacts = fc.record({
  enrolled: fc.constantFrom(true, true, true, true, false),
  consent: fc.constantFrom("2026-01-05", "2026-10-12", null),
  revokedBeforeMonth: fc.constantFrom(false, false, false, true),
  visit: fc.constantFrom("2026-01-05", "2025-06-01", null),
  carePlan: fc.constantFrom("shared", "shared", "not_shared", "none"),
  complexMdm: fc.boolean(),
  pcmSamePractitioner: fc.constantFrom(false, false, false, true),
  entries: fc.array(entry, { maxLength: 7 }),
  coverage: fc.constantFrom("medicare", "medicare", "ma_contracted", "ma_assumed", "medigap", "none"),
});

type Value<A> = A extends fc.Arbitrary<infer T> ? T : never;

async function seed(facts: Value<typeof patientFacts>[]) {
  const tenantId = (await createTestTenant(db(), { timeZone: "America/Chicago" })).id;
  const specs: BillingPatientSpec[] = facts.map((f, i) => ({
    label: `P${i}`,
    enrolled: f.enrolled,
    consentOn: f.consent,
    visitOn: f.visit,
    carePlan: f.carePlan !== "none",
    otherServices: f.pcmSamePractitioner ? [{ code: "99424", samePractitioner: true, serviceMonth: MONTH }] : [],
    ...(f.coverage === "medicare" || f.coverage === "medigap" ? {} : { coverage: false as const }),
  }));
  const clinic = await seedBillingClinic(db(), tenantId, performers[0]!, specs);
  await withTenantScope(db(), { tenantIds: [tenantId] }, async (tx) => {
    const contracted = await addPayer(tx, tenantId, { name: "Maple MA", planType: "medicare_advantage", ediPayerId: "MAPLE01" });
    await addPayerRate(tx, tenantId, contracted, "99490", 2026, 7_000, performers[0]!);
    const assumed = await addPayer(tx, tenantId, { name: "Sunrise MA", planType: "medicare_advantage", ediPayerId: "SUN22" });
    const medigap = await addPayer(tx, tenantId, { name: "Blue Medigap", planType: "medigap", ediPayerId: "BLUEGAP" });
    for (const [i, f] of facts.entries()) {
      const patientId = clinic.patients.get(`P${i}`)!;
      if (f.coverage === "ma_contracted") await addCoverage(tx, tenantId, patientId, { payerId: contracted, planType: "medicare_advantage", memberId: `M${i}` });
      if (f.coverage === "ma_assumed") await addCoverage(tx, tenantId, patientId, { payerId: assumed, planType: "medicare_advantage", memberId: `S${i}` });
      if (f.coverage === "medigap") await addCoverage(tx, tenantId, patientId, { payerId: medigap, rank: "secondary", planType: "medigap", memberId: `G${i}` });
    }
  });
  await withTenantScope(db(), { tenantIds: [tenantId] }, async (tx) => {
    for (const [i, f] of facts.entries()) {
      const patientId = clinic.patients.get(`P${i}`)!;
      if (f.revokedBeforeMonth) await tx.$executeRaw`UPDATE consent SET revoked_on = '2026-08-15' WHERE tenant_id = ${tenantId}::uuid AND patient_id = ${patientId}::uuid AND obtained_on < '2026-08-15'`;
      if (f.carePlan === "not_shared") {
        const plan = await tx.carePlan.findFirstOrThrow({ where: { patientId } });
        await tx.carePlanVersion.create({ data: { tenantId, carePlanId: plan.id, version: 2, body: COMPLETE_CARE_PLAN as object, createdAt: new Date("2026-09-01T12:00:00Z") } });
      }
      if (f.complexMdm) {
        await tx.$executeRaw`INSERT INTO complex_mdm_attestation (tenant_id, patient_id, service_month, mdm_level, decided_on, practitioner_id, attested_by)
                             VALUES (${tenantId}::uuid, ${patientId}::uuid, ${MONTH}, 'high', '2026-10-02', ${clinic.practitionerId}::uuid, ${performers[0]}::uuid)`;
      }
      const contacts = [randomUUID(), randomUUID()];
      for (const e of f.entries) await insertSecondsEntry(tx, tenantId, patientId, performers[e.performer]!, e, e.contact === null ? null : contacts[e.contact]!);
    }
  });
  return clinic;
}

async function insertSecondsEntry(tx: ScopedTx, tenantId: string, patientId: string, performerId: string, e: Value<typeof entry>, contactId: string | null) {
  await tx.$executeRaw`
    INSERT INTO time_entry (tenant_id, patient_id, service_month, performed_on, minutes, duration_seconds, claimed_minutes, activity, performer_user_id,
                            performer_role, performer_in_us, source, client_request_id, review_status, contact_id)
    VALUES (${tenantId}::uuid, ${patientId}::uuid, ${MONTH}, ${`${MONTH}-${String(e.day).padStart(2, "0")}`}::date, ${Math.floor(e.seconds / 60)}, ${e.seconds},
            ${Math.floor(e.seconds / 60)}, ${e.call ? "patient_call" : "documentation"}, ${performerId}::uuid, ${e.role}, ${e.inUs}, 'manual',
            ${`property-${randomUUID()}`}, ${e.status}, ${contactId}::uuid)`;
}

describe("one evaluation", () => {
  it("the chart's month-to-date equals the close's worksheet row for random facts", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(patientFacts, { minLength: 1, maxLength: 4 }), async (facts) => {
        const clinic = await seed(facts);
        const inScope = <T>(fn: (tx: ScopedTx) => Promise<T>) => withTenantScope(db(), { tenantIds: [clinic.tenantId] }, fn);
        const chart = new Map<string, Awaited<ReturnType<typeof getMonthToDate>>>();
        for (const [, id] of clinic.patients) chart.set(id, await inScope((tx) => getMonthToDate(tx, id, NOW, MONTH)));
        await runMonthClose(db(), { tenantId: clinic.tenantId, serviceMonth: MONTH }, null, { batchSize: 2 });
        const rows = new Map((await inScope((tx) => tx.worksheetRow.findMany({ where: { serviceMonth: MONTH } }))).map((r) => [r.patientId, r]));
        for (const [id, mtd] of chart) {
          const row = rows.get(id);
          if (!row) {
            // The close skips a patient not enrolled in the month; the chart says so and counts nothing.
            expect({ status: mtd.status, minutes: mtd.countedMinutes, lines: mtd.result.lines }).toEqual({ status: "not_enrolled", minutes: 0, lines: [] });
            continue;
          }
          const lane = row.lane === "practitioner" ? row.practitionerMinutes : row.staffMinutes;
          expect({ status: mtd.status, lane: mtd.result.lane, codes: mtd.result.lines.map((l) => l.code), lines: mtd.result.lines, minutes: mtd.countedMinutes, amountCents: mtd.amountCents, findings: mtd.result.findings }).toEqual({
            status: row.status,
            lane: row.lane,
            codes: row.codes,
            lines: row.lines,
            minutes: lane,
            amountCents: row.amountCents,
            findings: row.findings,
          });
          expect(mtd.result.countedMinutes).toEqual({ staff: row.staffMinutes, practitioner: row.practitionerMinutes });
        }
      }),
      { numRuns: 25 },
    );
  }, 300_000);
});
