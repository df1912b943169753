import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useDatabaseMigratedUpTo } from "../testing/migrated-up-to.js";

/**
 * Migration 20261209000000 (issue 24) on a database that already bills: each clinic's one payer
 * (billing_setting) becomes its directory's traditional Medicare payer and each patient with an
 * MBI gets a 'migrated' primary coverage under it, from the first of the month the patient was
 * added or first had time recorded, whichever is earlier. Forced RLS applies to the migrating
 * owner too: the carry-forward must scope itself (20261209100000 does it for databases the first
 * migration passed over).
 */
const TARGET = "20261209000000_payers_and_coverage";
const db = useDatabaseMigratedUpTo(TARGET, "payers");

describe(`migration ${TARGET}`, () => {
  it("carries every clinic's payer and its patients with an MBI forward; clinics without a billing profile and patients without an MBI get none", async () => {
    const q = db.query;
    const [billing, bare] = [randomUUID(), randomUUID()];
    await q("SELECT set_config('carefold.tenant_ids', $1, false)", [`${billing},${bare}`]);
    for (const [i, id] of [billing, bare].entries()) {
      await q("INSERT INTO tenant (id, name, slug, time_zone, status) VALUES ($1, $2, $3, 'America/Chicago', 'active')", [id, `Clinic ${i}`, `clinic-p${i}`]);
    }
    await q(
      `INSERT INTO billing_setting (tenant_id, billing_name, billing_npi, tax_id, address_line1, city, state, postal_code, contact_phone, submitter_id, receiver_id, payer_name, payer_id)
       VALUES ($1, 'Clinic 0', '1316045628', '861234567', '1 Main', 'Phoenix', 'AZ', '850160001', '6025550100', 'SUB01', 'MEDICAREJF', 'Noridian JF', '03102')`,
      [billing],
    );
    const patient = async (tenantId: string, mbi: string | null, createdAt: string) =>
      (await q("INSERT INTO patient (tenant_id, first_name, last_name, date_of_birth, mbi, time_zone, created_at) VALUES ($1, 'Pat', 'Ient', '1940-01-01', $2, 'America/Chicago', $3) RETURNING id", [tenantId, mbi, createdAt])).rows[0].id as string;
    const withMbi = await patient(billing, "1EG4TE5MK73", "2026-10-20T15:00:00Z");
    await patient(billing, null, "2026-10-20T15:00:00Z");
    await patient(bare, "2EG4TE5MK74", "2026-10-20T15:00:00Z");
    await q("SELECT set_config('carefold.tenant_ids', '', false)");

    await db.migrateToLatest();

    await q("SELECT set_config('carefold.tenant_ids', $1, false)", [`${billing},${bare}`]);
    const payers = (await q("SELECT tenant_id::text, name, plan_type, edi_payer_id, active FROM payer")).rows;
    expect(payers).toEqual([{ tenant_id: billing, name: "Noridian JF", plan_type: "medicare", edi_payer_id: "03102", active: true }]);
    const coverage = (await q("SELECT patient_id::text, rank, plan_type, member_id, effective_from::text, effective_to, source, source_ref, superseded_at FROM patient_coverage")).rows;
    expect(coverage).toEqual([
      { patient_id: withMbi, rank: "primary", plan_type: "medicare", member_id: "1EG4TE5MK73", effective_from: "2026-10-01", effective_to: null, source: "migrated", source_ref: "billing_setting.payer_id", superseded_at: null },
    ]);
  });
});
