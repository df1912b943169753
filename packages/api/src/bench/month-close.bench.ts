// Month-close benchmark (`npm run bench`), two parts in one run:
//
// 1. One clinic (default 5,000 patients × 5 entries), seeded through the real entry triggers into a
//    fresh database `carefold_bench_close`: a full close from nothing, a re-run that changes
//    nothing, and raw SQL aggregating the same entries, `--runs` times (goal: under 2 s a close).
// 2. Many clinics from the synthetic generator with every entry in the closed month: by default
//    the product's scale, 500 clinics / 1,000,000 patients / 5,000,000 entries, in
//    `carefold_bench_close_full` (seeded once, reused while it matches). Every clinic is queued and
//    closed by the worker's own loop (`processPendingCloses`, `--concurrency` closes at once), then
//    re-run, and printed beside ONE raw SQL statement aggregating the same entries into countable
//    minutes per patient-month, in the same run (goal: the close at most 2× the raw SQL).
//
// Options: --clinics --patients --entries --runs (part 1); --scale full|small|none (part 2; default
// BENCH_SCALE; small = 50 clinics × 2,000 patients in carefold_bench_close_small),
// --concurrency N (default 2). DATABASE_URL for the server (else an embedded PostgreSQL).
// Writes bench-results/month-close.json.
import { parseArgs } from "node:util";
import { createDb, createTenant, dropDatabase, prepareDatabase, withTenantScope, type Db } from "@carefold/db";
import { startEmbeddedPostgres } from "@carefold/db/embedded";
import { SYNTHETIC_SCALES, type SyntheticOptions } from "@carefold/db/synthetic";
import { loadBenchEnv, loadBootstrapEnv } from "@carefold/env";
import { COMPLETE_CARE_PLAN } from "../testing/billing-fixtures.js";
import { addPayer, coverPatientsWithMedicare } from "../testing/coverage-fixtures.js";
import { processPendingCloses } from "../modules/billing/close-admin.service.js";
import { runMonthClose, type ClosePhaseTimings } from "../modules/billing/month-close.service.js";
import { openSyntheticDatabase } from "./bench-database.js";
import { describeMachine, writeBenchResult } from "./measure.js";

/**
 * The month closed: the one before today (UTC), which is where the synthetic data set puts every
 * entry when it is seeded (a data set seeded in an earlier month fails the entry check, saying so).
 */
const MONTH = (() => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
})();
const DATABASE = "carefold_bench_close";
const { values } = parseArgs({
  options: {
    clinics: { type: "string", default: "1" },
    patients: { type: "string", default: "5000" },
    entries: { type: "string", default: "5" },
    runs: { type: "string", default: "3" },
    scale: { type: "string", default: loadBenchEnv().BENCH_SCALE },
    concurrency: { type: "string", default: "2" },
  },
});
const CLINICS = Number(values.clinics);
const PATIENTS = Number(values.patients);
const ENTRIES = Number(values.entries);
const RUNS = Number(values.runs);
const CONCURRENCY = Number(values.concurrency);
const MANY: Record<string, { database: string; options: Omit<SyntheticOptions, "log"> } | null> = {
  full: { database: "carefold_bench_close_full", options: SYNTHETIC_SCALES.fullClose },
  small: { database: "carefold_bench_close_small", options: { ...SYNTHETIC_SCALES.fullClose, clinics: 50 } },
  none: null,
};
if (!(values.scale in MANY)) throw new Error(`--scale must be one of ${Object.keys(MANY).join(", ")}`);
const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} [bench] ${line}`);

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
    // Claimable like a real panel (a billing profile, an MBI and an address each): without them every
    // billable month is blocked by claimability and bills nothing, which is cheaper than real.
    await tx.billingSetting.create({
      data: { tenantId: t, billingName: "Bench Family Medicine", billingNpi: "1245319599", taxId: "123456789", addressLine1: "100 Main St", city: "Springfield",
              state: "IL", postalCode: "627011234", contactPhone: "2175550100", submitterId: `BENCH${index}`, receiverId: "MEDICAREJ6", payerId: "06102" },
    });
    await tx.$executeRaw`
      INSERT INTO patient (tenant_id, first_name, last_name, date_of_birth, time_zone, billing_practitioner_id, qualifying_conditions, eligibility,
                           mbi, address_line1, city, state, postal_code)
      SELECT ${t}::uuid, 'P' || i, 'Bench', date '1940-01-01' + (i % 9000), 'America/Chicago', ${practitioner.id}::uuid, 2, 'ccm_candidate',
             '1A' || substr(d, 1, 2) || 'A' || substr(d, 3, 2) || 'AA' || substr(d, 5, 2), i || ' Elm St', 'Springfield', 'IL', '62701'
        FROM generate_series(1, ${PATIENTS}) i, LATERAL (SELECT lpad(i::text, 6, '0') AS d) digits`;
    // Coverage like a real panel (issue 24): 40 % in a Medicare Advantage plan with a contracted
    // 99490, the rest traditional Medicare, a quarter of those with a Medigap secondary.
    const ma = await addPayer(tx, t, { name: "Bench MA Plan", planType: "medicare_advantage", ediPayerId: "BENCHMA" });
    const gap = await addPayer(tx, t, { name: "Bench Medigap", planType: "medigap", ediPayerId: "BENCHGAP" });
    await tx.$executeRaw`
      INSERT INTO payer_fee_schedule_rate (tenant_id, payer_id, code, year, cents, entered_by, source)
      VALUES (${t}::uuid, ${ma}::uuid, '99490', 2026, 7000, ${performerId}::uuid, 'bench contract')`;
    await tx.$executeRaw`
      INSERT INTO patient_coverage (tenant_id, patient_id, payer_id, rank, plan_type, member_id, effective_from, source)
      SELECT tenant_id, id, ${ma}::uuid, 'primary', 'medicare_advantage', 'MA' || substr(md5(id::text), 1, 10), date '2020-01-01', 'manual'
        FROM patient WHERE tenant_id = ${t}::uuid AND abs(hashtext(id::text || 'ma')) % 100 < 40`;
    await coverPatientsWithMedicare(tx, t);
    await tx.$executeRaw`
      INSERT INTO patient_coverage (tenant_id, patient_id, payer_id, rank, plan_type, member_id, effective_from, source)
      SELECT tenant_id, patient_id, ${gap}::uuid, 'secondary', 'medigap', 'G' || substr(md5(patient_id::text), 1, 10), date '2020-01-01', 'manual'
        FROM patient_coverage WHERE tenant_id = ${t}::uuid AND plan_type = 'medicare' AND abs(hashtext(patient_id::text || 'gap')) % 100 < 25`;
    await tx.$executeRaw`
      INSERT INTO program_enrollment (tenant_id, patient_id, program, status, enrolled_on, billing_practitioner_id)
      SELECT tenant_id, id, 'ccm', 'enrolled', date '2026-01-05', billing_practitioner_id FROM patient WHERE tenant_id = ${t}::uuid`;
    await tx.$executeRaw`
      INSERT INTO consent (tenant_id, enrollment_id, patient_id, method, disclosed_availability, disclosed_cost_sharing, disclosed_stop_anytime,
                           disclosed_single_practitioner, obtained_by_name, obtained_on)
      SELECT tenant_id, id, patient_id, 'verbal', true, true, true, true, 'Bench Nurse', date '2026-01-05'
        FROM program_enrollment WHERE tenant_id = ${t}::uuid AND abs(hashtext(patient_id::text)) % 100 >= 5`;
    await tx.$executeRaw`
      INSERT INTO encounter (tenant_id, patient_id, kind, occurred_on, practitioner_id, is_ccm_discussed)
      SELECT tenant_id, id, 'awv', date '2026-02-10', billing_practitioner_id, true
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
      SELECT p.tenant_id, p.id, ${MONTH}, ${`${MONTH}-01`}::date + ((k * 5 + abs(hashtext(p.id::text)) % 5) % 30), 2 + abs(hashtext(p.id::text || k)) % 24,
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
const round = (x: number) => Math.round(x);

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return [ms(start), result];
}

/**
 * What a person would write to aggregate the month's entries: countable minutes per patient-month
 * by performer role (performed in the US, not rejected, not superseded by a correction, more than
 * zero minutes), with entry counts, over every clinic in ONE statement as the superuser (no RLS).
 * The outer sums make the server compute every aggregate (an unused one could be dropped).
 */
async function rawAggregation(superuser: Db) {
  const [row] = await superuser.$queryRaw<{ patient_months: bigint; staff: bigint; entries: bigint }[]>`
    SELECT count(*) AS patient_months, sum(staff) AS staff, sum(practitioner) AS practitioner, sum(entries) AS entries FROM (
      SELECT te.tenant_id, te.patient_id, sum(te.minutes) FILTER (WHERE te.performer_role = 'clinical_staff') AS staff,
             sum(te.minutes) FILTER (WHERE te.performer_role = 'billing_practitioner') AS practitioner, count(*) AS entries
        FROM time_entry te
       WHERE te.service_month = ${MONTH} AND te.review_status <> 'rejected' AND te.performer_in_us AND te.minutes > 0
         AND NOT EXISTS (SELECT 1 FROM time_entry c WHERE c.tenant_id = te.tenant_id AND c.corrects_entry_id = te.id)
       GROUP BY te.tenant_id, te.patient_id) x`;
  return Number(row!.patient_months);
}

/**
 * A floor under any close, for reading how far the 2× goal can be met: ONE statement as the
 * superuser (no RLS, hash joins, parallel workers) reading the least of every input the close must
 * take into account (issue 8: enrolment, countable entries, consent, initiating visit, care plan,
 * diagnoses, other services), per enrolled patient-month, and writing nothing. It is kinder than
 * any real close: entries are only summed (the rules need each entry), the care plan is only its
 * latest version's id (the rules read its content), and nothing is evaluated or written.
 */
async function inputsFloor(superuser: Db) {
  const start = `${MONTH}-01`;
  const [row] = await superuser.$queryRaw<{ patient_months: bigint }[]>`
    WITH enrolled AS (
      SELECT pe.tenant_id, pe.patient_id, pe.id AS enrollment_id, p.qualifying_conditions, coalesce(pe.billing_practitioner_id, p.billing_practitioner_id) AS practitioner_id
        FROM program_enrollment pe JOIN patient p ON p.tenant_id = pe.tenant_id AND p.id = pe.patient_id
       WHERE pe.program = 'ccm' AND (pe.status = 'enrolled' OR (pe.status = 'disenrolled' AND pe.ends_on >= ${start}::date))
         AND (pe.enrolled_on IS NULL OR pe.enrolled_on <= (${start}::date + interval '1 month' - interval '1 day')::date)
    ), entries AS (
      SELECT te.tenant_id, te.patient_id, sum(te.minutes) FILTER (WHERE te.performer_role = 'clinical_staff') AS staff,
             sum(te.minutes) FILTER (WHERE te.performer_role = 'billing_practitioner') AS practitioner, count(*) AS entries
        FROM time_entry te
       WHERE te.service_month = ${MONTH} AND te.review_status <> 'rejected' AND te.performer_in_us AND te.minutes > 0
         AND NOT EXISTS (SELECT 1 FROM time_entry c WHERE c.tenant_id = te.tenant_id AND c.corrects_entry_id = te.id)
       GROUP BY te.tenant_id, te.patient_id
    ), consents AS (
      SELECT tenant_id, patient_id, enrollment_id, max(obtained_on) AS obtained_on FROM consent
       WHERE revoked_on IS NULL OR revoked_on >= ${start}::date GROUP BY tenant_id, patient_id, enrollment_id
    ), visits AS (
      SELECT DISTINCT tenant_id, patient_id FROM encounter
       WHERE kind::text IN ('em_visit', 'awv', 'ippe', 'tcm_face_to_face') AND occurred_on >= (${start}::date - interval '1 year')::date
         AND occurred_on < (${start}::date + interval '1 month')::date
    ), plans AS (
      SELECT DISTINCT ON (v.tenant_id, v.care_plan_id) cp.tenant_id, cp.patient_id, v.id AS version_id
        FROM care_plan cp JOIN care_plan_version v ON v.tenant_id = cp.tenant_id AND v.care_plan_id = cp.id
       WHERE v.created_at < (${start}::date + interval '1 month')
       ORDER BY v.tenant_id, v.care_plan_id, v.version DESC
    ), diagnoses AS (
      SELECT tenant_id, patient_id, count(*) AS codes FROM problem
       WHERE is_chronic AND (resolved_on IS NULL OR resolved_on >= ${start}::date) GROUP BY tenant_id, patient_id
    ), others AS (
      SELECT tenant_id, patient_id, count(*) AS services FROM other_service WHERE service_month = ${MONTH} GROUP BY tenant_id, patient_id
    )
    SELECT count(*) AS patient_months, sum(e.staff) AS staff, sum(e.practitioner) AS practitioner, sum(e.entries) AS entries,
           count(c.obtained_on) AS consents, count(v.patient_id) AS visits, count(pl.version_id) AS plans, sum(d.codes) AS codes,
           sum(o.services) AS services, count(b.practitioner_id) AS practitioners, sum(b.qualifying_conditions) AS conditions
      FROM enrolled b
      LEFT JOIN entries e ON e.tenant_id = b.tenant_id AND e.patient_id = b.patient_id
      LEFT JOIN consents c ON c.tenant_id = b.tenant_id AND c.patient_id = b.patient_id AND c.enrollment_id = b.enrollment_id
      LEFT JOIN visits v ON v.tenant_id = b.tenant_id AND v.patient_id = b.patient_id
      LEFT JOIN plans pl ON pl.tenant_id = b.tenant_id AND pl.patient_id = b.patient_id
      LEFT JOIN diagnoses d ON d.tenant_id = b.tenant_id AND d.patient_id = b.patient_id
      LEFT JOIN others o ON o.tenant_id = b.tenant_id AND o.patient_id = b.patient_id`;
  return Number(row!.patient_months);
}

/** Forgets every close of the month (rows, runs, locks): the next close starts from nothing. */
async function resetCloses(superuser: Db) {
  await superuser.$executeRaw`DELETE FROM worksheet_row WHERE service_month = ${MONTH}`;
  await superuser.$executeRaw`DELETE FROM month_close_run WHERE service_month = ${MONTH}`;
  await superuser.$executeRaw`DELETE FROM month_close WHERE service_month = ${MONTH}`;
  await superuser.$executeRaw`DELETE FROM service_month_lock WHERE service_month = ${MONTH}`;
}

const superuserUrlOf = (adminUrl: string, database: string) => Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();

const addTimings = (into: ClosePhaseTimings, t: ClosePhaseTimings) => {
  for (const k of Object.keys(into) as (keyof ClosePhaseTimings)[]) into[k] += t[k];
};
const roundTimings = (t: ClosePhaseTimings) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, round(v)]));

/** Part 1: one clinic (or a few) seeded through the triggers, closed one after another. */
async function benchOneClinic(adminUrl: string, env: ReturnType<typeof loadBootstrapEnv>) {
  await dropDatabase(adminUrl, DATABASE);
  const { appUrl } = await prepareDatabase(adminUrl, { database: DATABASE, ownerPassword: env.CAREFOLD_OWNER_PASSWORD, appPassword: env.CAREFOLD_APP_PASSWORD });
  const db = createDb(appUrl, 4);
  // Resetting and raw SQL as the superuser: deletes what the app role may not, and no RLS for the raw SQL.
  const owner = createDb(superuserUrlOf(adminUrl, DATABASE), 1);
  try {
    const performer = await withTenantScope(db, { tenantIds: [] }, (tx) => tx.appUser.create({ data: { email: "bench@carefold.test", name: "Bench Coordinator", kind: "vendor", status: "active" } }));
    const [seedMs, tenants] = await time(async () => {
      const ids: string[] = [];
      for (let i = 1; i <= CLINICS; i++) ids.push(await seedClinic(db, i, performer.id));
      return ids;
    });
    await owner.$executeRawUnsafe("ANALYZE");
    log(`one clinic: seeded ${CLINICS} clinic(s) × ${PATIENTS} patients × ${ENTRIES} entries in ${(seedMs / 1000).toFixed(1)} s`);
    const full: number[] = [];
    const rerun: number[] = [];
    const raw: number[] = [];
    const phases: ClosePhaseTimings[] = [];
    for (let run = 0; run < RUNS; run++) {
      await resetCloses(owner);
      const [rawMs, rawRows] = await time(() => rawAggregation(owner));
      const t: ClosePhaseTimings = { beginMs: 0, loadMs: 0, evaluateMs: 0, writeMs: 0, bookkeepingMs: 0 };
      const [fullMs, written] = await time(async () => {
        let n = 0;
        for (const tenantId of tenants) {
          const outcome = await runMonthClose(db, { tenantId, serviceMonth: MONTH });
          addTimings(t, outcome.timings);
          n += outcome.rowsWritten;
        }
        return n;
      });
      const [rerunMs, rewritten] = await time(async () => {
        let n = 0;
        for (const tenantId of tenants) n += (await runMonthClose(db, { tenantId, serviceMonth: MONTH })).rowsWritten;
        return n;
      });
      raw.push(rawMs);
      full.push(fullMs);
      rerun.push(rerunMs);
      phases.push(t);
      log(`one clinic, run ${run + 1}: raw SQL ${round(rawMs)} ms (${rawRows} patient-months) · close ${round(fullMs)} ms (${written} rows; ${JSON.stringify(roundTimings(t))}) · re-run ${round(rerunMs)} ms (${rewritten} rows rewritten)`);
    }
    return {
      clinics: CLINICS, patientsPerClinic: PATIENTS, entriesPerPatient: ENTRIES, entries: CLINICS * PATIENTS * ENTRIES, seedMs: round(seedMs),
      closeMs: { runs: full.map(round), best: round(Math.min(...full)), median: round(median(full)) },
      rerunMs: { runs: rerun.map(round), best: round(Math.min(...rerun)), median: round(median(rerun)) },
      rawSqlMs: { runs: raw.map(round), best: round(Math.min(...raw)), median: round(median(raw)) },
      phasesMs: phases.map(roundTimings),
      goalUnder2s: median(full) < 2000,
    };
  } finally {
    await db.$disconnect();
    await owner.$disconnect();
  }
}

/** Queues a close of the month for every clinic and lets the worker loop run them all. */
async function closeEveryClinic(db: Db, owner: Db, phases: ClosePhaseTimings) {
  await owner.$executeRaw`
    INSERT INTO month_close (tenant_id, service_month, status) SELECT id, ${MONTH}, 'queued' FROM tenant
    ON CONFLICT (tenant_id, service_month) DO UPDATE SET status = 'queued', heartbeat_at = NULL, requested_at = now()`;
  let written = 0;
  const lines: string[] = [];
  const { processed } = await processPendingCloses(db, (line) => lines.push(line), { concurrency: CONCURRENCY, onOutcome: (o) => { written += o.rowsWritten; addTimings(phases, o.timings); } });
  const failed = lines.filter((l) => !l.includes("row(s) written"));
  if (failed.length > 0) throw new Error(`Some closes did not finish: ${failed.slice(0, 3).join("; ")}`);
  return { processed, written };
}

/** Part 2: every clinic of the synthetic data set, against one raw SQL aggregation. */
async function benchManyClinics(adminUrl: string, scale: { database: string; options: Omit<SyntheticOptions, "log"> }) {
  const bench = await openSyntheticDatabase(scale.database, scale.options, log, adminUrl);
  // The worker's pool: one connection per concurrent close, one to claim.
  const db = createDb(bench.appUrl, CONCURRENCY + 1);
  const owner = createDb(bench.superuserUrl, 1);
  try {
    await resetCloses(owner);
    const [entryCount] = await owner.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM time_entry WHERE service_month = ${MONTH}`;
    if (Number(entryCount!.n) !== bench.seed.counts.timeEntries) throw new Error(`Expected every entry of ${scale.database} in ${MONTH} (seeded ${bench.seed.now}).`);
    const machineBefore = describeMachine();
    log(`many clinics: ${bench.seed.clinics} clinics, ${bench.seed.counts.patients.toLocaleString("en-US")} patients, ${Number(entryCount!.n).toLocaleString("en-US")} entries in ${MONTH}; load average ${machineBefore.loadAverage.join(" ")}`);
    // Warm the cache the same way for both: the raw SQL reads every entry once first.
    await rawAggregation(owner);
    const [rawMs, patientMonths] = await time(() => rawAggregation(owner));
    log(`many clinics: raw SQL ${round(rawMs)} ms (${patientMonths.toLocaleString("en-US")} patient-months)`);
    await inputsFloor(owner);
    const [floorMs, floorMonths] = await time(() => inputsFloor(owner));
    log(`many clinics: reading the least of every input in one SQL statement (a floor under any close) ${round(floorMs)} ms (${floorMonths.toLocaleString("en-US")} enrolled patient-months): ${(floorMs / rawMs).toFixed(1)}× the raw SQL`);
    const phases: ClosePhaseTimings = { beginMs: 0, loadMs: 0, evaluateMs: 0, writeMs: 0, bookkeepingMs: 0 };
    const [closeMs, close] = await time(() => closeEveryClinic(db, owner, phases));
    log(`many clinics: close ${round(closeMs)} ms (${close.processed} clinics, ${close.written.toLocaleString("en-US")} rows; summed over clinics ${JSON.stringify(roundTimings(phases))})`);
    const rerunPhases: ClosePhaseTimings = { beginMs: 0, loadMs: 0, evaluateMs: 0, writeMs: 0, bookkeepingMs: 0 };
    const [rerunMs, rerun] = await time(() => closeEveryClinic(db, owner, rerunPhases));
    log(`many clinics: re-run ${round(rerunMs)} ms (${rerun.written} rows rewritten)`);
    const [rawAfterMs] = await time(() => rawAggregation(owner));
    const machineAfter = describeMachine();
    const rawSqlMs = Math.min(rawMs, rawAfterMs);
    const result = {
      database: scale.database, seed: bench.seed, isFreshlySeeded: bench.isFreshlySeeded, month: MONTH, concurrency: CONCURRENCY,
      entries: Number(entryCount!.n), patientMonths,
      rawSqlMs: { before: round(rawMs), after: round(rawAfterMs) },
      inputsFloorMs: round(floorMs), inputsFloorRatio: Math.round((floorMs / rawSqlMs) * 10) / 10,
      closeMs: round(closeMs), rowsWritten: close.written, phasesSummedMs: roundTimings(phases),
      rerunMs: round(rerunMs), rowsRewritten: rerun.written,
      ratio: Math.round((closeMs / rawSqlMs) * 10) / 10,
      goalAtMost2x: closeMs <= 2 * rawSqlMs,
      machine: { before: machineBefore, after: machineAfter },
    };
    log(`many clinics: close ${round(closeMs)} ms vs raw SQL ${round(rawSqlMs)} ms (best of before/after): ${result.ratio}× (goal ≤ 2×: ${result.goalAtMost2x ? "met" : "MISSED"}); re-run ${round(rerunMs)} ms; load average after ${machineAfter.loadAverage.join(" ")}`);
    return result;
  } finally {
    await db.$disconnect();
    await owner.$disconnect();
    await bench.stop();
  }
}

async function main() {
  const env = loadBootstrapEnv();
  const embedded = env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: `${env.CAREFOLD_DATA_DIR}/pg-bench`, port: env.EMBEDDED_PG_PORT + 20 });
  const adminUrl = env.DATABASE_URL ?? embedded!.adminUrl;
  try {
    const machine = describeMachine();
    const oneClinic = await benchOneClinic(adminUrl, env);
    const scale = MANY[values.scale!];
    const manyClinics = scale ? await benchManyClinics(adminUrl, scale) : null;
    const report = { benchmark: "month close", date: new Date().toISOString(), machine: { ...machine, loadAverageAfter: describeMachine().loadAverage }, oneClinic, manyClinics };
    log(`wrote ${writeBenchResult("month-close", report)}`);
  } finally {
    await embedded?.stop();
  }
}

await main();
