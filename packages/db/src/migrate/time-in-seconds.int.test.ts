import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useDatabaseMigratedUpTo } from "../testing/migrated-up-to.js";

/**
 * Migration 20261207130000 (issue 14) on a database that already holds minutes-only entries:
 * every entry becomes minutes × 60 measured seconds, corrections mark what they replaced, and no
 * patient-month's counted minutes change.
 */
const TARGET = "20261207130000_time_in_seconds";
const db = useDatabaseMigratedUpTo(TARGET, "seconds");

describe(`migration ${TARGET}`, () => {
  it("keeps every month's counted minutes and records minutes × 60 seconds", async () => {
    const q = db.query;
    const tenant = { id: randomUUID() };
    await q("SELECT set_config('carefold.tenant_ids', $1, false)", [tenant.id]);
    await q("INSERT INTO tenant (id, name, slug, time_zone, status) VALUES ($1, 'Old Clinic', 'old-clinic', 'America/Chicago', 'active')", [tenant.id]);
    const { rows: [user] } = await q("INSERT INTO app_user (email, name, kind) VALUES ('old@carefold.test', 'Old Coordinator', 'vendor') RETURNING id");
    const { rows: [patient] } = await q("INSERT INTO patient (tenant_id, first_name, last_name, date_of_birth, time_zone) VALUES ($1, 'Ada', 'Before', '1950-01-01', 'America/Chicago') RETURNING id", [tenant.id]);
    const entry = async (minutes: number, extra: { role?: string; inUs?: boolean; corrects?: string; status?: string; startedAt?: string } = {}) =>
      (await q(
        `INSERT INTO time_entry (tenant_id, patient_id, service_month, performed_on, started_at, minutes, activity, performer_user_id, performer_role, performer_in_us, source, client_request_id, corrects_entry_id, review_status)
         VALUES ($1, $2, '2026-11', '2026-11-10', $3, $4, 'patient_call', $5, $6, $7, 'timer', $8, $9, $10) RETURNING id`,
        [tenant.id, patient.id, extra.startedAt ?? null, minutes, user.id, extra.role ?? "clinical_staff", extra.inUs ?? true, `old-${Math.random()}`, extra.corrects ?? null, extra.status ?? "approved"],
      )).rows[0].id as string;
    // Rounded-up minutes that overlap in time (the old timer allowed it): they must not block the migration.
    await entry(1, { startedAt: "2026-11-10T15:00:00Z" });
    await entry(20, { startedAt: "2026-11-10T15:00:00Z" });
    const corrected = await entry(15);
    await entry(9, { corrects: corrected });
    await entry(30, { role: "billing_practitioner" });
    await entry(12, { inUs: false });
    await entry(7, { status: "rejected" });
    const monthBefore = (await q("SELECT staff_minutes, practitioner_minutes, non_clinical_minutes, entry_count FROM patient_month")).rows;
    expect(monthBefore).toEqual([{ staff_minutes: 30, practitioner_minutes: 30, non_clinical_minutes: 0, entry_count: 6 }]);

    await db.migrateToLatest();
    await q("SELECT set_config('carefold.tenant_ids', $1, false)", [tenant.id]);

    const entries = (await q("SELECT id, minutes, duration_seconds, claimed_minutes, is_superseded, spans FROM time_entry ORDER BY created_at")).rows;
    for (const e of entries) {
      expect(e.duration_seconds).toBe(e.minutes * 60);
      expect(e.claimed_minutes).toBe(e.minutes);
      expect(e.spans).toBeNull();
    }
    expect(entries.filter((e) => e.is_superseded).map((e) => e.id)).toEqual([corrected]);
    const month = (await q("SELECT staff_minutes, practitioner_minutes, non_clinical_minutes, staff_seconds, practitioner_seconds, entry_count FROM patient_month")).rows;
    expect(month).toEqual([{ staff_minutes: 30, practitioner_minutes: 30, non_clinical_minutes: 0, staff_seconds: 1800, practitioner_seconds: 1800, entry_count: 6 }]);

    // The recomputing rollup agrees with the migrated numbers: a new 30-second entry adds 30 s.
    await q(
      `INSERT INTO time_entry (tenant_id, patient_id, service_month, performed_on, minutes, duration_seconds, activity, performer_user_id, performer_role, performer_in_us, source, client_request_id)
       VALUES ($1, $2, '2026-11', '2026-11-11', 0, 30, 'patient_call', $3, 'clinical_staff', true, 'call', 'new-30-seconds')`,
      [tenant.id, patient.id, user.id],
    );
    const after = (await q("SELECT staff_minutes, staff_seconds, entry_count FROM patient_month")).rows;
    expect(after).toEqual([{ staff_minutes: 30, staff_seconds: 1830, entry_count: 7 }]);
  });
});
