import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useDatabaseMigratedUpTo } from "../testing/migrated-up-to.js";

/**
 * Migration 20261207110100 (issue 17, item 2) on a database that already has clinics and their
 * members: every existing membership counts as accepted when it was made, so the new
 * "an active membership is accepted" check holds. Forced RLS applies to the migrating owner too;
 * a backfill that forgets the scope updates nothing and the migration fails.
 */
const TARGET = "20261207110100_membership_acceptance";
const db = useDatabaseMigratedUpTo(TARGET, "members");

describe(`migration ${TARGET}`, () => {
  it("marks every existing membership of every clinic accepted when it was made", async () => {
    const q = db.query;
    const tenants = [randomUUID(), randomUUID()];
    await q("SELECT set_config('carefold.tenant_ids', $1, false)", [tenants.join(",")]);
    const { rows: [user] } = await q("INSERT INTO app_user (email, name, kind) VALUES ('member@carefold.test', 'Old Member', 'clinic') RETURNING id");
    for (const [i, id] of tenants.entries()) {
      await q("INSERT INTO tenant (id, name, slug, time_zone, status) VALUES ($1, $2, $3, 'America/Chicago', 'active')", [id, `Clinic ${i}`, `clinic-${i}`]);
      await q("INSERT INTO membership (tenant_id, user_id, role, status, created_at) VALUES ($1, $2, 'clinic_admin', $3, $4)", [id, user.id, i === 0 ? "active" : "deactivated", "2026-11-01T10:00:00Z"]);
    }
    await q("SELECT set_config('carefold.tenant_ids', '', false)");

    await db.migrateToLatest();

    await q("SELECT set_config('carefold.tenant_ids', $1, false)", [tenants.join(",")]);
    const rows = (await q("SELECT status, accepted_at FROM membership ORDER BY status")).rows;
    expect(rows).toEqual([
      { status: "active", accepted_at: new Date("2026-11-01T10:00:00Z") },
      { status: "deactivated", accepted_at: new Date("2026-11-01T10:00:00Z") },
    ]);
  });
});
