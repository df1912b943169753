// The fast worklist (per-clinic walks of worklist_patient, merged) must return exactly what the
// straightforward query over the facts returns: same rows, same order, same total, for every
// page, filter and month — also after the facts change (the triggers keep worklist_patient).
import { randomUUID } from "node:crypto";
import pg from "pg";
import { Prisma, withTenantScope } from "@carefold/db";
import { listSyntheticCoordinators, seedSyntheticData } from "@carefold/db/synthetic";
import { getTestDatabase } from "@carefold/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { createTimeEntry } from "./time-entries.service.js";
import { clinicCalendars, type WorklistFilter } from "./worklist-query.js";
import { assignPanel, getWorklist } from "./worklist.service.js";

const SEEDED_AT = new Date("2026-11-28T00:00:00Z");
/** New York 00:00 on Nov 29 (2 days left), Honolulu 19:00 on Nov 28 (3 days left), Tokyo 14:00 on Nov 29. */
const NOW = new Date("2026-11-29T05:00:00Z");
const ZONES = ["America/New_York", "Pacific/Honolulu", "Asia/Tokyo"];

let coordinator: { userId: string; tenantIds: string[] };
let other: { userId: string };
const db = () => getTestDatabase().db;

/** The worklist as the plain join over patients, enrolments, panels and rollups (the definition). */
type Paged = WorklistFilter & { page: number };

function referenceSql(tenants: { id: string; timeZone: string }[], coordinatorId: string, filter: Paged, now: Date) {
  const clinics = clinicCalendars(tenants, now);
  return Prisma.sql`
    WITH clinic AS (
      SELECT * FROM unnest(${clinics.map((c) => c.tenantId)}::uuid[], ${clinics.map((c) => c.serviceMonth)}::text[], ${clinics.map((c) => c.daysLeft)}::int[]) AS c(tenant_id, service_month, days_left)
    ), queue AS (
      SELECT p.id AS patient_id, coalesce(pm.staff_minutes, 0) + coalesce(pm.practitioner_minutes, 0) AS minutes, pm.last_contact_on, p.last_name, p.first_name, c.days_left
        FROM clinic c
        JOIN patient p ON p.tenant_id = c.tenant_id
        JOIN program_enrollment pe ON pe.tenant_id = p.tenant_id AND pe.patient_id = p.id AND pe.program = 'ccm' AND pe.status IN ('enrolled', 'consented')
        LEFT JOIN panel_assignment pa ON pa.tenant_id = p.tenant_id AND pa.patient_id = p.id
        LEFT JOIN patient_month pm ON pm.tenant_id = p.tenant_id AND pm.patient_id = p.id AND pm.service_month = c.service_month::bpchar
       WHERE (${filter.tenantId ?? null}::uuid IS NULL OR p.tenant_id = ${filter.tenantId ?? null}::uuid)
         AND (${filter.scope} = 'all' OR pa.coordinator_user_id = ${coordinatorId}::uuid OR pa.coordinator_user_id IS NULL)
         AND (NOT ${filter.callableNow ?? false} OR extract(hour FROM (${now}::timestamptz AT TIME ZONE p.time_zone)) BETWEEN 8 AND 20)
    ), risk AS (
      SELECT *, CASE WHEN minutes < 20 THEN 20 - minutes WHEN minutes < 40 THEN 40 - minutes WHEN minutes < 60 THEN 60 - minutes ELSE 0 END AS needed FROM queue
    )
    SELECT patient_id, minutes, count(*) OVER () AS total FROM risk
     ORDER BY needed = 0, minutes < 20 DESC, needed::numeric / greatest(days_left, 1) DESC, last_contact_on ASC NULLS FIRST, last_name, first_name, patient_id
     LIMIT ${filter.pageSize} OFFSET ${(filter.page - 1) * filter.pageSize}`;
}

/** Walks to `filter.page` through the "after" cursors and compares that page with the plain query's OFFSET page. */
async function compare(filter: Paged, now: Date) {
  return withTenantScope(db(), { tenantIds: coordinator.tenantIds }, async (tx) => {
    const tenants = await tx.tenant.findMany({ where: { id: { in: coordinator.tenantIds } }, select: { id: true, timeZone: true } });
    const expected = await tx.$queryRaw<{ patient_id: string; minutes: number; total: bigint }[]>(referenceSql(tenants, coordinator.userId, filter, now));
    const { page, ...query } = filter;
    let actual = await getWorklist(tx, coordinator.userId, coordinator.tenantIds, query, now);
    for (let p = 2; p <= page && actual.nextAfter; p++) actual = await getWorklist(tx, coordinator.userId, coordinator.tenantIds, { ...query, after: actual.nextAfter }, now);
    const [total] = await tx.$queryRaw<{ total: bigint }[]>(referenceSql(tenants, coordinator.userId, { ...filter, page: 1, pageSize: 1 }, now));
    if (expected.length) expect(actual.rows.map((r) => [r.patientId, r.minutes])).toEqual(expected.map((r) => [r.patient_id, Number(r.minutes)]));
    expect(actual.total).toBe(Number(total?.total ?? 0));
    return actual;
  });
}

const FILTERS: Paged[] = [
  { scope: "mine", page: 1, pageSize: 5 },
  { scope: "mine", page: 3, pageSize: 5 },
  { scope: "mine", page: 9, pageSize: 7 },
  { scope: "all", page: 2, pageSize: 10 },
  { scope: "all", page: 1, pageSize: 200 },
  { scope: "mine", page: 1, pageSize: 6, callableNow: true },
  { scope: "all", page: 2, pageSize: 6, callableNow: true },
];

beforeAll(async () => {
  const { adminUrl, name } = getTestDatabase();
  const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  await seedSyntheticData(url, { clinics: 3, patientsPerClinic: 60, entriesPerPatient: 2, clinicsPerCoordinator: 3, coordinatorsPerGroup: 2, seed: 7, now: SEEDED_AT });
  const [first, second] = await listSyntheticCoordinators(url, 7);
  coordinator = first!;
  other = second!;
  // Clinics in three zones, so days left differ between clinics and the merge is really tested.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const [i, id] of coordinator.tenantIds.entries()) await client.query("UPDATE tenant SET time_zone = $2 WHERE id = $1", [id, ZONES[i]]);
  await client.end();
}, 120_000);

describe("worklist from the rank index", () => {
  it("returns the same pages and totals as the plain query, clinic by clinic and merged", async () => {
    const days = new Set(clinicCalendars(ZONES.map((z, i) => ({ id: `${i}`, timeZone: z })), NOW).map((c) => c.daysLeft));
    expect(days.size).toBeGreaterThan(1);
    for (const filter of [...FILTERS, { scope: "mine" as const, page: 2, pageSize: 5, tenantId: coordinator.tenantIds[1] }]) await compare(filter, NOW);
  });

  it("pages forward to the end and back to the top through patient cursors, each page equal to the plain query's", async () => {
    for (const filter of [{ scope: "all" as const, pageSize: 7 }, { scope: "mine" as const, pageSize: 5 }, { scope: "all" as const, pageSize: 1, callableNow: true }]) {
      await withTenantScope(db(), { tenantIds: coordinator.tenantIds }, async (tx) => {
        const tenants = await tx.tenant.findMany({ where: { id: { in: coordinator.tenantIds } }, select: { id: true, timeZone: true } });
        const everything = await tx.$queryRaw<{ patient_id: string }[]>(referenceSql(tenants, coordinator.userId, { ...filter, page: 1, pageSize: 10_000 }, NOW));
        expect(everything.length).toBeGreaterThanOrEqual(filter.pageSize * 3);
        const pages: string[][] = [];
        let page = await getWorklist(tx, coordinator.userId, coordinator.tenantIds, filter, NOW);
        expect(page.isTop).toBe(true);
        expect(page.previousBefore).toBeNull();
        pages.push(page.rows.map((r) => r.patientId));
        while (page.nextAfter) {
          page = await getWorklist(tx, coordinator.userId, coordinator.tenantIds, { ...filter, after: page.nextAfter }, NOW);
          pages.push(page.rows.map((r) => r.patientId));
        }
        expect(pages.flat()).toEqual(everything.map((r) => r.patient_id));
        // And back: each "before" page is the page that came before it on the way forward.
        for (let i = pages.length - 2; i >= 0; i--) {
          page = await getWorklist(tx, coordinator.userId, coordinator.tenantIds, { ...filter, before: page.previousBefore! }, NOW);
          expect(page.rows.map((r) => r.patientId)).toEqual(pages[i]);
        }
        expect(page.isTop).toBe(true);
        expect(page.previousBefore).toBeNull();
      });
    }
  });

  it("moves rows to a new month (no minutes yet) and back when a later request is for the earlier month", async () => {
    const december = await compare({ scope: "mine", page: 1, pageSize: 200 }, new Date("2026-12-02T18:00:00Z"));
    expect(december.rows.every((r) => r.minutes === 0)).toBe(true);
    const november = await compare({ scope: "mine", page: 1, pageSize: 200 }, NOW);
    expect(november.rows.some((r) => r.minutes > 0)).toBe(true);
  });

  it("follows the facts: new minutes, renamed patients, enrolment changes and panel reassignment", async () => {
    const [top, second, third, fourth] = (await compare({ scope: "mine", page: 1, pageSize: 10 }, NOW)).rows;
    await withTenantScope(db(), { tenantIds: coordinator.tenantIds }, async (tx) => {
      const performer = { userId: coordinator.userId, role: "clinical_staff" as const, isInUs: true, accountCreatedAt: new Date("2025-01-01") };
      await createTimeEntry(tx, { patientId: top!.patientId, clientRequestId: randomUUID(), minutes: 25, activity: "patient_call", source: "manual", performedOn: "2026-11-28" }, performer, NOW);
      await tx.patient.update({ where: { tenantId_id: { tenantId: second!.tenantId, id: second!.patientId } }, data: { lastName: "Aaronson" } });
      await tx.programEnrollment.updateMany({ where: { patientId: third!.patientId, program: "ccm" }, data: { status: "disenrolled" } });
      await assignPanel(tx, { patientIds: [fourth!.patientId], coordinatorUserId: other.userId }, coordinator.userId);
    });
    const after = await compare({ scope: "mine", page: 1, pageSize: 200 }, NOW);
    expect(after.rows.find((r) => r.patientId === top!.patientId)?.minutes).toBe(top!.minutes + 25);
    expect(after.rows.find((r) => r.patientId === second!.patientId)?.name).toMatch(/^Aaronson, /);
    expect(after.rows.map((r) => r.patientId)).not.toContain(third!.patientId);
    expect(after.rows.map((r) => r.patientId)).not.toContain(fourth!.patientId);
    const all = await compare({ scope: "all", page: 1, pageSize: 200 }, NOW);
    expect(all.rows.find((r) => r.patientId === fourth!.patientId)?.isMine).toBe(false);
    expect(all.rows.find((r) => r.patientId === fourth!.patientId)?.panel).toBe("other");
    // "Mine" lists the coordinator's panel and unassigned patients, never another coordinator's.
    expect(new Set(after.rows.map((r) => r.panel))).not.toContain("other");
    expect(after.rows.some((r) => r.panel === "mine")).toBe(true);
    for (const filter of FILTERS) await compare(filter, NOW);
  });
});
