import { createHash, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dropDatabase, ensureDatabase } from "../bootstrap.js";
import { MIGRATIONS_DIR } from "./index.js";
import { runMigrations } from "./run-migrations.js";

/**
 * Decision 0057 (migrations 20261209500000 and 20261209500100): the time-entry write does less
 * work per row. The worklist row is rewritten only when what it shows changes, and the audit
 * chain's digest is inlined into its trigger instead of being re-planned in every transaction —
 * with the same digest as before.
 */
const adminUrl = () => inject("carefoldAdminUrl");
let database: string;
let client: pg.Client;
const tenantId = randomUUID();
const ZONE = "America/Chicago";
let userId: string;

beforeAll(async () => {
  database = `carefold_migtest_writepath_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const { ownerUrl } = await ensureDatabase(adminUrl(), { database, ownerPassword: "carefold_owner_test", appPassword: "carefold_app_test" });
  await runMigrations(ownerUrl, MIGRATIONS_DIR);
  client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  await client.query("SELECT set_config('carefold.tenant_ids', $1, false)", [tenantId]);
  await client.query("INSERT INTO tenant (id, name, slug, time_zone, status) VALUES ($1, 'Write Path Clinic', 'write-path-clinic', $2, 'active')", [tenantId, ZONE]);
  userId = (await client.query("INSERT INTO app_user (email, name, kind) VALUES ('write-path@carefold.test', 'Write Path Coordinator', 'vendor') RETURNING id")).rows[0].id;
}, 120_000);

afterAll(async () => {
  await client?.end();
  await dropDatabase(adminUrl(), database);
});

describe("the worklist row on a time-entry write (migration 20261209500000)", () => {
  it("is rewritten only when its month, minutes or last contact change, and then shows the new values", async () => {
    const q = (text: string, values: unknown[] = []) => client.query(text, values);
    const patientId = (await q("INSERT INTO patient (tenant_id, first_name, last_name, date_of_birth, time_zone) VALUES ($1, 'Ada', 'Worklist', '1950-01-01', $2) RETURNING id", [tenantId, ZONE])).rows[0].id;
    // The clinic's current month (the worklist row starts there); the entries fall on its first day.
    const month: string = (await q("SELECT to_char(now() AT TIME ZONE $1, 'YYYY-MM') AS m", [ZONE])).rows[0].m;
    const row = async () =>
      (await q("SELECT xmin::text AS version, service_month, minutes, last_contact_on::text AS last_contact_on FROM worklist_patient WHERE tenant_id = $1 AND patient_id = $2", [tenantId, patientId])).rows[0];
    const log = (seconds: number, activity = "documentation") =>
      q(
        `INSERT INTO time_entry (tenant_id, patient_id, service_month, performed_on, minutes, duration_seconds, claimed_minutes, activity, performer_user_id,
                                 performer_role, performer_in_us, source, client_request_id)
         VALUES ($1, $2, $3::text, ($3::text || '-01')::date, $4::int / 60, $4::int, $4::int / 60, $5, $6, 'clinical_staff', true, 'manual', $7)`,
        [tenantId, patientId, month, seconds, activity, userId, `write-path-${randomUUID()}`],
      );

    const start = await row();
    expect(start).toMatchObject({ service_month: month, minutes: 0, last_contact_on: null });

    await log(30); // 0:30 — still 0 minutes, no contact: nothing the worklist shows changed
    expect(await row()).toEqual(start);

    await log(40); // 1:10 — one minute
    const afterMinute = await row();
    expect(afterMinute).toMatchObject({ service_month: month, minutes: 1, last_contact_on: null });
    expect(afterMinute.version).not.toBe(start.version);

    await log(20); // 1:30 — still one minute
    expect(await row()).toEqual(afterMinute);

    await log(5, "patient_call"); // a call: the last contact moves, the minutes do not
    const afterCall = await row();
    expect(afterCall).toMatchObject({ minutes: 1, last_contact_on: `${month}-01` });
    expect(afterCall.version).not.toBe(afterMinute.version);

    // The kept row still equals its entries (the patient-month rollup itself is unchanged).
    const pm = (await q("SELECT staff_seconds, staff_minutes FROM patient_month WHERE tenant_id = $1 AND patient_id = $2 AND service_month = $3", [tenantId, patientId, month])).rows[0];
    expect(pm).toEqual({ staff_seconds: 95, staff_minutes: 1 });
  });
});

describe("the audit chain's digest (migration 20261209500100)", () => {
  it("is inlined where it is called, not run as a separate SQL function", async () => {
    const { rows } = await client.query(
      `EXPLAIN (VERBOSE, COSTS OFF)
       SELECT audit_event_digest(tenant_id::text, seq, at, actor_user_id, actor_label, patient_id, action, object_type, object_id, outcome, request_id, ip, user_agent, details, prev_hash)
         FROM audit_event`,
    );
    const plan = rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n");
    expect(plan).toContain("sha256");
    expect(plan).not.toContain("audit_event_digest(");
  });

  it("still hashes the canonical string of an event, so stored chains verify as before", async () => {
    await client.query(
      `INSERT INTO audit_event (actor_user_id, actor_label, action, object_type, object_id, outcome, request_id, ip, user_agent, details, tenant_id, patient_id, seq, prev_hash, hash)
       VALUES ($1, 'write-path@carefold.test', 'time.create', 'time_entry', NULL, 'success', 'req-1', '198.51.100.7', 'vitest', '{"seconds": 95}', $2, NULL, 0, '', '')`,
      [userId, tenantId],
    );
    const event = (
      await client.query(
        `SELECT seq::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, details::text AS details, prev_hash, hash
           FROM audit_event WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1`,
        [tenantId],
      )
    ).rows[0];
    // The canonical string of decision 0006's chain, spelled out here: NULLs as ∅, fields joined by |.
    const canonical = [tenantId, event.seq, event.at, userId, "write-path@carefold.test", "∅", "time.create", "time_entry", "∅", "success", "req-1", "198.51.100.7", "vitest", event.details, event.prev_hash].join("|");
    expect(event.hash).toBe(createHash("sha256").update(canonical, "utf8").digest("hex"));
    expect((await client.query("SELECT audit_verify_tenant_chain($1) AS broken", [tenantId])).rows[0].broken).toBeNull();
  });
});
