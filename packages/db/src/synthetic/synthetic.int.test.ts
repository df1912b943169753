import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dropDatabase } from "../bootstrap.js";
import { withTenantScope } from "../scope.js";
import { createDatabaseFromTemplate, getTestDatabase } from "../testing/index.js";
import { checkRollupConsistency, listSyntheticCoordinators, readSyntheticSeed, seedSyntheticData, SYNTHETIC_SCALES, type SyntheticSummary } from "./index.js";

const NOW = new Date("2026-11-20T18:00:00Z");
const scale = SYNTHETIC_SCALES.tiny; // 3 clinics × 20 patients × 3 entries, coordinators in groups of 2 clinics

/** The same database as a superuser (what the generator needs). */
const superuserUrl = (adminUrl: string, database: string) => Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

const ROLLUPS = "SELECT tenant_id, patient_id, service_month, staff_minutes, practitioner_minutes, non_clinical_minutes, entry_count, last_contact_on FROM patient_month ORDER BY 1, 2, 3";

let url: string;
let summary: SyntheticSummary;
let viaTriggers: { name: string; url: string };

beforeAll(async () => {
  const { adminUrl, name } = getTestDatabase();
  url = superuserUrl(adminUrl, name);
  summary = await seedSyntheticData(url, { ...scale, now: NOW });
  const other = await createDatabaseFromTemplate(adminUrl, inject("carefoldTemplate"));
  viaTriggers = { name: other.name, url: superuserUrl(adminUrl, other.name) };
  await seedSyntheticData(viaTriggers.url, { ...scale, now: NOW, rollups: "triggers" });
});

afterAll(async () => {
  if (viaTriggers) await dropDatabase(getTestDatabase().adminUrl, viaTriggers.name);
});

describe("synthetic data generator", () => {
  it("creates exactly the requested clinics, coordinators, patients and entries", async () => {
    expect(summary.counts).toMatchObject({ tenants: 3, coordinators: 4, patients: 60, enrollments: 60, timeEntries: 180 });
    const [row] = await query<{ problems: string; consents: string; panel: string; assignments: string; months: string[] }>(
      url,
      `SELECT (SELECT count(*) FROM problem) AS problems, (SELECT count(*) FROM consent) AS consents,
              (SELECT count(*) FROM panel_assignment) AS panel, (SELECT count(*) FROM coordinator_assignment) AS assignments,
              (SELECT array_agg(DISTINCT service_month ORDER BY service_month) FROM time_entry) AS months`,
    );
    expect(Number(row!.problems)).toBe(120);
    expect(Number(row!.consents)).toBeGreaterThan(50); // enrolled or consented patients only
    expect(Number(row!.panel)).toBe(54); // every 10th patient is unassigned
    expect(Number(row!.assignments)).toBe(6); // 2 coordinators per clinic
    expect(row!.months.map((m) => m.trim())).toEqual(["2026-10", "2026-11"]);
  });

  it("keeps every rollup equal to the sum of its entries", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect(await checkRollupConsistency(client)).toMatchObject({ mismatches: 0, patientMonths: summary.counts.patientMonths });
      // The check can fail: change one rollup and it is found.
      await client.query("BEGIN");
      await client.query("UPDATE patient_month SET staff_minutes = staff_minutes + 1 WHERE ctid = (SELECT ctid FROM patient_month LIMIT 1)");
      expect((await checkRollupConsistency(client)).mismatches).toBe(1);
      await client.query("ROLLBACK");
    } finally {
      await client.end();
    }
  });

  it("builds the same rollups set-based as the product's trigger does entry by entry, from the same seed", async () => {
    const setBased = await query(url, ROLLUPS);
    const triggered = await query(viaTriggers.url, ROLLUPS);
    expect(setBased.length).toBe(summary.counts.patientMonths);
    expect(setBased).toEqual(triggered);
    // The worklist rows too: the bulk builder and the triggers agree row for row.
    const worklist = "SELECT * FROM worklist_patient ORDER BY tenant_id, patient_id";
    const [bulk, live] = [await query(url, worklist), await query(viaTriggers.url, worklist)];
    expect(bulk).toHaveLength(60);
    expect(bulk).toEqual(live);
    // And the worklist totals: rebuilt after the bulk load, kept by statement triggers on the live path.
    const counts = "SELECT tenant_id, service_month, coordinator_user_id, time_zone, patients FROM worklist_count WHERE patients > 0 ORDER BY 1, 2, 3, 4";
    const [bulkCounts, liveCounts] = [await query(url, counts), await query(viaTriggers.url, counts)];
    expect(bulkCounts.length).toBeGreaterThan(0);
    expect(bulkCounts).toEqual(liveCounts);
  });

  it("is deterministic and records what it generated", async () => {
    const ids = "SELECT id::text FROM time_entry ORDER BY id";
    expect(await query(url, ids)).toEqual(await query(viaTriggers.url, ids));
    expect(await readSyntheticSeed(url)).toEqual(summary);
    await expect(seedSyntheticData(url, { ...scale, now: NOW })).rejects.toThrow(/already holds synthetic data/);
  });

  it("gives coordinators their clinics, visible through row-level security as the app role", async () => {
    const coordinators = await listSyntheticCoordinators(url);
    expect(coordinators.map((c) => c.tenantIds.length)).toEqual([2, 2, 1, 1]);
    const { db } = getTestDatabase();
    const visible = await withTenantScope(db, { tenantIds: coordinators[0]!.tenantIds }, (tx) => tx.patient.count());
    expect(visible).toBe(40);
    // No entry lies in the future of its clinic, and every month is one of the two.
    const [future] = await query<{ n: string }>(url, "SELECT count(*) AS n FROM time_entry e JOIN tenant t ON t.id = e.tenant_id WHERE e.performed_on > ($1::timestamptz AT TIME ZONE t.time_zone)::date", [NOW]);
    expect(Number(future!.n)).toBe(0);
  });

  it("puts every entry in the previous month on request (the month a close closes), with mostly complete care plans", async () => {
    const { adminUrl } = getTestDatabase();
    const other = await createDatabaseFromTemplate(adminUrl, inject("carefoldTemplate"));
    try {
      const otherUrl = superuserUrl(adminUrl, other.name);
      const closeScale = await seedSyntheticData(otherUrl, { ...scale, patientsPerClinic: 100, now: NOW, entryMonths: "previous" });
      expect(closeScale).toMatchObject({ entryMonths: "previous", counts: { timeEntries: 900 } });
      const months = await query<{ service_month: string; n: string }>(otherUrl, "SELECT service_month, count(*) AS n FROM time_entry GROUP BY 1");
      expect(months.map((m) => [m.service_month.trim(), Number(m.n)])).toEqual([["2026-10", 900]]);
      const [plans] = await query<{ complete: string; empty: string }>(
        otherUrl,
        "SELECT count(*) FILTER (WHERE jsonb_array_length(body->'goals') > 0) AS complete, count(*) FILTER (WHERE jsonb_array_length(body->'goals') = 0) AS empty FROM care_plan_version",
      );
      expect(Number(plans!.complete)).toBeGreaterThan(Number(plans!.empty) * 5);
      expect(Number(plans!.empty)).toBeGreaterThan(0);
      expect(summary.entryMonths).toBe("previous-and-current");
    } finally {
      await dropDatabase(adminUrl, other.name);
    }
  });
});
