// Month-close benchmark (`npm run bench`): seeds clinics set-based into a fresh database
// `carefold_bench_close`, then times (a) a full close of every clinic, (b) a re-run that changes
// nothing, and (c) raw SQL aggregating the same time entries, in the same run. Prints the numbers
// and writes bench-results/month-close.json. Options: --clinics N --patients N (per clinic)
// --entries N (per patient) --runs N.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createDb, createTenant, dropDatabase, prepareDatabase, withTenantScope, type Db } from "@carefold/db";
import { startEmbeddedPostgres } from "@carefold/db/embedded";
import { loadBootstrapEnv } from "@carefold/env";
import { COMPLETE_CARE_PLAN } from "../testing/billing-fixtures.js";
import { runMonthClose } from "../modules/billing/month-close.service.js";

const MONTH = "2026-10";
const DATABASE = "carefold_bench_close";
const { values } = parseArgs({ options: { clinics: { type: "string", default: "1" }, patients: { type: "string", default: "5000" }, entries: { type: "string", default: "5" }, runs: { type: "string", default: "3" } } });
const CLINICS = Number(values.clinics);
const PATIENTS = Number(values.patients);
const ENTRIES = Number(values.entries);
const RUNS = Number(values.runs);
const log = (line: string) => console.log(`[bench] ${line}`);

/**
 * One clinic, set-based: patients, CCM enrolment, consent (95 %), initiating visit (97 %), a
 * complete care plan shared with the patient (95 %), two chronic problems, `ENTRIES` entries per
 * patient (2–25 minutes, mostly calls, some practitioner and non-clinical), 2 % with PCM by the
 * same practitioner. Entries go through the real triggers (guard, rollup).
 */
async function seedClinic(db: Db, index: number, performerId: string) {
  const tenant = await createTenant(db, { name: `Bench Clinic ${index}`, slug: `bench-clinic-${index}`, timeZone: "America/Chicago", status: "active" });
  const t = tenant.id;
  await withTenantScope(db, { tenantIds: [t] }, async (tx) => {
    const practitioner = await tx.practitioner.create({ data: { tenantId: t, name: "Dr. Bench", npi: "1234567893" } });
    await tx.$executeRaw`
      INSERT INTO patient (tenant_id, first_name, last_name, date_of_birth, time_zone, billing_practitioner_id, qualifying_conditions, eligibility)
      SELECT ${t}::uuid, 'P' || i, 'Bench', date '1940-01-01' + (i % 9000), 'America/Chicago', ${practitioner.id}::uuid, 2, 'ccm_candidate'
        FROM generate_series(1, ${PATIENTS}) i`;
    await tx.$executeRaw`
      INSERT INTO program_enrollment (tenant_id, patient_id, program, status, enrolled_on, billing_practitioner_id)
      SELECT tenant_id, id, 'ccm', 'enrolled', date '2026-01-05', billing_practitioner_id FROM patient WHERE tenant_id = ${t}::uuid`;
    await tx.$executeRaw`
      INSERT INTO consent (tenant_id, enrollment_id, patient_id, method, disclosed_availability, disclosed_cost_sharing, disclosed_stop_anytime,
                           disclosed_single_practitioner, obtained_by_name, obtained_on)
      SELECT tenant_id, id, patient_id, 'verbal', true, true, true, true, 'Bench Nurse', date '2026-01-05'
        FROM program_enrollment WHERE tenant_id = ${t}::uuid AND abs(hashtext(patient_id::text)) % 100 >= 5`;
    await tx.$executeRaw`
      INSERT INTO encounter (tenant_id, patient_id, kind, occurred_on) SELECT tenant_id, id, 'awv', date '2026-02-10'
        FROM patient WHERE tenant_id = ${t}::uuid AND abs(hashtext(id::text || 'v')) % 100 >= 3`;
    await tx.$executeRaw`
      INSERT INTO care_plan (tenant_id, patient_id, current_version, status) SELECT tenant_id, id, 1, 'signed' FROM patient WHERE tenant_id = ${t}::uuid`;
    await tx.$executeRaw`
      INSERT INTO care_plan_version (tenant_id, care_plan_id, version, body, created_at, shared_with_patient_on)
      SELECT tenant_id, id, 1, ${JSON.stringify(COMPLETE_CARE_PLAN)}::jsonb, timestamptz '2026-01-06 12:00Z',
             CASE WHEN abs(hashtext(patient_id::text || 's')) % 100 >= 5 THEN date '2026-01-07' END
        FROM care_plan WHERE tenant_id = ${t}::uuid`;
    await tx.$executeRaw`
      INSERT INTO problem (tenant_id, patient_id, icd10_code, description, is_chronic)
      SELECT p.tenant_id, p.id, c.code, c.code, true FROM patient p CROSS JOIN (VALUES ('E11.9'), ('I10')) c(code) WHERE p.tenant_id = ${t}::uuid`;
    await tx.$executeRaw`
      INSERT INTO time_entry (tenant_id, patient_id, service_month, performed_on, minutes, activity, performer_user_id, performer_role, performer_in_us, source, client_request_id)
      SELECT p.tenant_id, p.id, ${MONTH}, date '2026-10-01' + ((k * 5 + abs(hashtext(p.id::text)) % 5) % 30), 2 + abs(hashtext(p.id::text || k)) % 24,
             CASE WHEN k = 1 THEN 'patient_call' ELSE 'care_plan_review' END, ${performerId}::uuid,
             CASE abs(hashtext(p.id::text || k || 'r')) % 20 WHEN 0 THEN 'non_clinical' WHEN 1 THEN 'billing_practitioner' ELSE 'clinical_staff' END,
             true, 'manual', 'bench-' || p.id || '-' || k
        FROM patient p CROSS JOIN generate_series(1, ${ENTRIES}) k WHERE p.tenant_id = ${t}::uuid`;
    await tx.$executeRaw`
      INSERT INTO other_service (tenant_id, patient_id, service_month, code, same_practitioner, source)
      SELECT tenant_id, id, ${MONTH}, '99424', true, 'form' FROM patient WHERE tenant_id = ${t}::uuid AND abs(hashtext(id::text || 'o')) % 100 < 2`;
  }, { timeoutMs: 600_000 });
  return t;
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return [ms(start), result];
}

/** The same entries, aggregated per patient by plain SQL (countable: not rejected, not superseded). */
async function rawAggregation(db: Db, tenants: string[]) {
  let rows = 0;
  for (const t of tenants) {
    rows += await withTenantScope(db, { tenantIds: [t] }, async (tx) => {
      const r = await tx.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM (
          SELECT te.patient_id, sum(te.minutes) FILTER (WHERE te.performer_role = 'clinical_staff') AS staff,
                 sum(te.minutes) FILTER (WHERE te.performer_role = 'billing_practitioner') AS practitioner, count(*) AS entries
            FROM time_entry te
           WHERE te.tenant_id = ${t}::uuid AND te.service_month = ${MONTH} AND te.review_status <> 'rejected'
             AND NOT EXISTS (SELECT 1 FROM time_entry c WHERE c.tenant_id = te.tenant_id AND c.corrects_entry_id = te.id)
           GROUP BY te.patient_id) x`;
      return Number(r[0]!.n);
    });
  }
  return rows;
}

async function closeAll(db: Db, tenants: string[]) {
  let written = 0;
  for (const t of tenants) written += (await runMonthClose(db, { tenantId: t, serviceMonth: MONTH })).rowsWritten;
  return written;
}

async function main() {
  const env = loadBootstrapEnv();
  const embedded = env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: `${env.CAREFOLD_DATA_DIR}/pg-bench`, port: env.EMBEDDED_PG_PORT + 20 });
  const adminUrl = env.DATABASE_URL ?? embedded!.adminUrl;
  await dropDatabase(adminUrl, DATABASE);
  const { appUrl, ownerUrl } = await prepareDatabase(adminUrl, { database: DATABASE, ownerPassword: env.CAREFOLD_OWNER_PASSWORD, appPassword: env.CAREFOLD_APP_PASSWORD });
  const db = createDb(appUrl, 4);
  // Resetting a close between runs deletes what the app role may not (closes and runs are kept).
  const owner = createDb(ownerUrl, 1);
  try {
    const performer = await withTenantScope(db, { tenantIds: [] }, (tx) => tx.appUser.create({ data: { email: "bench@carefold.test", name: "Bench Coordinator", kind: "vendor", status: "active" } }));
    const [seedMs, tenants] = await time(async () => {
      const ids: string[] = [];
      for (let i = 1; i <= CLINICS; i++) ids.push(await seedClinic(db, i, performer.id));
      return ids;
    });
    // Fresh tables have no statistics yet; autovacuum would gather them within a minute.
    await owner.$executeRawUnsafe("ANALYZE");
    log(`seeded ${CLINICS} clinic(s) × ${PATIENTS} patients × ${ENTRIES} entries in ${(seedMs / 1000).toFixed(1)} s`);
    const full: number[] = [];
    const rerun: number[] = [];
    const raw: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // A full close from nothing: forget the previous run's close and rows (and unlock the month).
      await withTenantScope(owner, { tenantIds: tenants }, async (tx) => {
        await tx.$executeRaw`DELETE FROM worksheet_row`;
        await tx.$executeRaw`DELETE FROM month_close_run`;
        await tx.$executeRaw`DELETE FROM month_close`;
        await tx.$executeRaw`DELETE FROM service_month_lock`;
      });
      const [rawMs, rawRows] = await time(() => rawAggregation(db, tenants));
      const [fullMs, written] = await time(() => closeAll(db, tenants));
      const [rerunMs, rewritten] = await time(() => closeAll(db, tenants));
      raw.push(rawMs);
      full.push(fullMs);
      rerun.push(rerunMs);
      log(`run ${run + 1}: raw SQL ${rawMs.toFixed(0)} ms (${rawRows} patient-months) · close ${fullMs.toFixed(0)} ms (${written} rows) · re-run ${rerunMs.toFixed(0)} ms (${rewritten} rows rewritten)`);
    }
    const result = {
      at: new Date().toISOString(),
      clinics: CLINICS, patientsPerClinic: PATIENTS, entriesPerPatient: ENTRIES, entries: CLINICS * PATIENTS * ENTRIES,
      closeMs: { best: Math.min(...full), median: median(full) },
      rerunMs: { best: Math.min(...rerun), median: median(rerun) },
      rawSqlMs: { best: Math.min(...raw), median: median(raw) },
      ratioMedian: median(full) / median(raw),
    };
    log(`close median ${result.closeMs.median.toFixed(0)} ms vs raw SQL median ${result.rawSqlMs.median.toFixed(0)} ms: ${result.ratioMedian.toFixed(1)}×; re-run median ${result.rerunMs.median.toFixed(0)} ms`);
    const dir = fileURLToPath(new URL("../../../../bench-results/", import.meta.url));
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}month-close.json`, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await db.$disconnect();
    await owner.$disconnect();
    await embedded?.stop();
  }
}

await main();
