import { randomUUID } from "node:crypto";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dropDatabase, ensureDatabase } from "../bootstrap.js";
import { MIGRATIONS_DIR } from "./index.js";
import { runMigrations } from "./run-migrations.js";

/**
 * Migration 20261207160000: the rollup adds a plain entry's seconds instead of recomputing the
 * patient-month. For any mix of plain entries, shared contacts, corrections, offshore, rejected
 * and non-clinical entries, the kept row equals a full recompute (patient_month_refresh).
 */
const adminUrl = () => inject("carefoldAdminUrl");
let database: string;
let client: pg.Client;
const tenantId = randomUUID();
let userId: string;

beforeAll(async () => {
  database = `carefold_migtest_rollup_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const { ownerUrl } = await ensureDatabase(adminUrl(), { database, ownerPassword: "carefold_owner_test", appPassword: "carefold_app_test" });
  await runMigrations(ownerUrl, MIGRATIONS_DIR);
  client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  await client.query("SELECT set_config('carefold.tenant_ids', $1, false)", [tenantId]);
  await client.query("INSERT INTO tenant (id, name, slug, time_zone, status) VALUES ($1, 'Rollup Clinic', 'rollup-clinic', 'America/Chicago', 'active')", [tenantId]);
  userId = (await client.query("INSERT INTO app_user (email, name, kind) VALUES ('rollup@carefold.test', 'Rollup Coordinator', 'vendor') RETURNING id")).rows[0].id;
}, 120_000);

afterAll(async () => {
  await client?.end();
  await dropDatabase(adminUrl(), database);
});

const entry = fc.record({
  seconds: fc.integer({ min: 0, max: 2_400 }),
  role: fc.constantFrom("clinical_staff", "clinical_staff", "billing_practitioner", "non_clinical"),
  inUs: fc.constantFrom(true, true, true, false),
  status: fc.constantFrom("approved", "approved", "pending", "rejected"),
  contact: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
  call: fc.boolean(),
  correctsPrevious: fc.boolean(),
});

const ROLLUP = "SELECT staff_seconds, practitioner_seconds, non_clinical_seconds, staff_minutes, practitioner_minutes, non_clinical_minutes, entry_count, last_contact_on FROM patient_month WHERE tenant_id = $1 AND patient_id = $2";

describe("migration 20261207160000_rollup_adds_plain_entries", () => {
  it("keeps the same patient-month row as a full recompute, for any mix of entries", async () => {
    const q = (text: string, values: unknown[] = []) => client.query(text, values);
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 12 }), async (entries) => {
        const patientId = (await q("INSERT INTO patient (tenant_id, first_name, last_name, date_of_birth, time_zone) VALUES ($1, 'Ada', 'Rollup', '1950-01-01', 'America/Chicago') RETURNING id", [tenantId])).rows[0].id;
        const contacts = [randomUUID(), randomUUID(), randomUUID()];
        let previous: string | null = null;
        for (const [i, e] of entries.entries()) {
          const corrects: string | null = e.correctsPrevious && previous ? previous : null;
          if (corrects) await q("UPDATE time_entry SET is_superseded = true WHERE tenant_id = $1 AND id = $2", [tenantId, corrects]);
          previous = (await q(
            `INSERT INTO time_entry (tenant_id, patient_id, service_month, performed_on, minutes, duration_seconds, claimed_minutes, activity, performer_user_id,
                                     performer_role, performer_in_us, source, client_request_id, corrects_entry_id, review_status, contact_id)
             VALUES ($1, $2, '2026-11', $3, $4, $5, $4, $6, $7, $8, $9, 'manual', $10, $11, $12, $13) RETURNING id`,
            [tenantId, patientId, `2026-11-${String(1 + i).padStart(2, "0")}`, Math.floor(e.seconds / 60), e.seconds, e.call ? "patient_call" : "documentation", userId,
             e.role, e.inUs, `rollup-${randomUUID()}`, corrects, e.status, e.contact === null ? null : contacts[e.contact]],
          )).rows[0].id;
        }
        const kept = (await q(ROLLUP, [tenantId, patientId])).rows[0];
        await q("SELECT patient_month_refresh($1, $2, '2026-11')", [tenantId, patientId]);
        const recomputed = (await q(ROLLUP, [tenantId, patientId])).rows[0];
        expect(kept).toEqual(recomputed);
        expect(kept.staff_minutes).toBe(Math.floor(kept.staff_seconds / 60));
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
