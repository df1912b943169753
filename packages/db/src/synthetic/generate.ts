import pg from "pg";
import { groupsOf, resolveOptions, type SyntheticOptions, type SyntheticSummary } from "./options.js";
import { checkRollupConsistency } from "./rollup-check.js";
import { KIND, ROLLUP_STATEMENT, WORKLIST_STATEMENT, clinicStatements, helperStatements, patientStatements, timeEntryStatement } from "./sql.js";

const MARKER_PREFIX = "carefold-synthetic:";
/** Rows per INSERT … SELECT: large enough to stay set-based, small enough to report progress. */
const ROWS_PER_STATEMENT = 250_000;

/**
 * Seeds a migrated, empty-of-synthetic-data database with clinics, coordinators, patients (with
 * problems, CCM enrolment, consent, initiating visit, signed care plan, panel assignment) and time
 * entries over the previous and current month, plus their `patient_month` rollups. Deterministic
 * for a given seed, options and `now`. Finishes by checking that every rollup equals the sum of its
 * entries (throws otherwise), runs VACUUM ANALYZE, and records the summary as the database comment
 * (see `readSyntheticSeed`).
 *
 * `connectionString` must reach the target database as a superuser: bulk loading bypasses row-level
 * security and, in the default `set-based` mode, turns row triggers and FK triggers off for this
 * session (`session_replication_role = replica`), then builds the rollups in one aggregate. The
 * generated rows are consistent by construction and the rollup check verifies the result.
 */
export async function seedSyntheticData(connectionString: string, options: SyntheticOptions): Promise<SyntheticSummary> {
  const o = resolveOptions(options);
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows: role } = await client.query<{ rolsuper: boolean }>("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
    if (!role[0]?.rolsuper) throw new Error("seedSyntheticData needs a superuser connection (it bulk-loads past row-level security and triggers).");
    await client.query("SET synchronous_commit = off; SET work_mem = '256MB'; SET maintenance_work_mem = '512MB'");
    for (const sql of helperStatements(o)) await client.query(sql);
    const { rows: clash } = await client.query("SELECT 1 FROM tenant WHERE id = pg_temp.syn_id($1, 0)", [KIND.tenant]);
    if (clash.length) throw new Error(`This database already holds synthetic data for seed ${o.seed}.`);
    if (o.rollups === "set-based") await client.query("SET session_replication_role = replica");

    const coordinators = groupsOf(o) * o.coordinatorsPerGroup;
    for (const sql of clinicStatements(o, coordinators)) await client.query(sql);
    o.log(`synthetic: ${o.clinics} clinics, ${coordinators} coordinators (${elapsed()})`);

    const patients = o.clinics * o.patientsPerClinic;
    const clinicsPerChunk = (rowsPerPatient: number) => Math.max(1, Math.floor(ROWS_PER_STATEMENT / (o.patientsPerClinic * rowsPerPatient)));
    for (const { table, sql } of patientStatements()) {
      await inClinicChunks(client, o.clinics, clinicsPerChunk(table === "problem" ? 2 : 1), sql, (done) =>
        o.log(`synthetic: ${table} ${Math.round((done / o.clinics) * 100)} % (${elapsed()})`),
      );
    }
    const entries = patients * o.entriesPerPatient;
    await inClinicChunks(client, o.clinics, clinicsPerChunk(o.entriesPerPatient), timeEntryStatement(o), (done) =>
      o.log(`synthetic: time_entry ${(done * o.patientsPerClinic * o.entriesPerPatient).toLocaleString("en-US")} / ${entries.toLocaleString("en-US")} (${elapsed()})`),
    );
    if (o.rollups === "set-based") {
      await inClinicChunks(client, o.clinics, clinicsPerChunk(o.entriesPerPatient), ROLLUP_STATEMENT, (done) =>
        o.log(`synthetic: patient_month ${Math.round((done / o.clinics) * 100)} % (${elapsed()})`),
      );
      await inClinicChunks(client, o.clinics, clinicsPerChunk(1), WORKLIST_STATEMENT, (done) =>
        o.log(`synthetic: worklist_patient ${Math.round((done / o.clinics) * 100)} % (${elapsed()})`),
      );
      await client.query("SET session_replication_role = origin");
      // The worklist totals are kept by statement triggers, which the bulk load turned off.
      await client.query("SELECT worklist_count_rebuild(array_agg(id)) FROM tenant");
    }

    o.log(`synthetic: VACUUM ANALYZE (${elapsed()})`);
    await client.query("VACUUM (ANALYZE) app_user, tenant, coordinator_assignment, patient, problem, program_enrollment, consent, encounter, care_plan, care_plan_version, panel_assignment, time_entry, patient_month, worklist_patient, worklist_count");

    o.log(`synthetic: checking that every rollup equals the sum of its entries (${elapsed()})`);
    const check = await checkRollupConsistency(client);
    if (check.mismatches > 0) {
      throw new Error(`Synthetic rollups differ from their entries in ${check.mismatches} patient-months, e.g. ${JSON.stringify(check.examples)}`);
    }
    const counts = await countRows(client, o.seed);
    const summary: SyntheticSummary = {
      seed: o.seed,
      clinics: o.clinics,
      patientsPerClinic: o.patientsPerClinic,
      entriesPerPatient: o.entriesPerPatient,
      entryMonths: o.entryMonths,
      clinicsPerCoordinator: o.clinicsPerCoordinator,
      coordinatorsPerGroup: o.coordinatorsPerGroup,
      now: o.now.toISOString(),
      counts,
      rollups: o.rollups,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
    await client.query(`DO $$ BEGIN EXECUTE format('COMMENT ON DATABASE %I IS %L', current_database(), ${pg.escapeLiteral(MARKER_PREFIX + JSON.stringify(summary))}); END $$`);
    o.log(`synthetic: done, ${counts.patients.toLocaleString("en-US")} patients, ${counts.timeEntries.toLocaleString("en-US")} entries, ${counts.patientMonths.toLocaleString("en-US")} rollups consistent (${elapsed()})`);
    return summary;
  } finally {
    await client.end();
  }
}

async function inClinicChunks(client: pg.Client, clinics: number, perChunk: number, sql: string, progress: (done: number) => void) {
  for (let first = 0; first < clinics; first += perChunk) {
    const last = Math.min(clinics, first + perChunk) - 1;
    await client.query(sql, [first, last]);
    progress(last + 1);
  }
}

async function countRows(client: pg.Client, seed: number): Promise<SyntheticSummary["counts"]> {
  const tenants = `(SELECT id FROM pg_temp.syn_clinic)`;
  const { rows } = await client.query<Record<keyof SyntheticSummary["counts"], string>>(`
    SELECT (SELECT count(*) FROM tenant WHERE id IN ${tenants}) AS tenants,
           (SELECT count(*) FROM app_user WHERE email LIKE 'syn${seed}-coordinator-%') AS coordinators,
           (SELECT count(*) FROM patient WHERE tenant_id IN ${tenants}) AS patients,
           (SELECT count(*) FROM program_enrollment WHERE tenant_id IN ${tenants}) AS enrollments,
           (SELECT count(*) FROM time_entry WHERE tenant_id IN ${tenants}) AS "timeEntries",
           (SELECT count(*) FROM patient_month WHERE tenant_id IN ${tenants}) AS "patientMonths"`);
  const row = rows[0]!;
  return {
    tenants: Number(row.tenants),
    coordinators: Number(row.coordinators),
    patients: Number(row.patients),
    enrollments: Number(row.enrollments),
    timeEntries: Number(row.timeEntries),
    patientMonths: Number(row.patientMonths),
  };
}

/** The summary recorded by a finished `seedSyntheticData` on this database, or null. */
export async function readSyntheticSeed(connectionString: string): Promise<SyntheticSummary | null> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ comment: string | null }>("SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = current_database()");
    const comment = rows[0]?.comment;
    return comment?.startsWith(MARKER_PREFIX) ? (JSON.parse(comment.slice(MARKER_PREFIX.length)) as SyntheticSummary) : null;
  } finally {
    await client.end();
  }
}

/** The generated coordinators (ids) and the clinics each works, in generation order. */
export async function listSyntheticCoordinators(connectionString: string, seed = 1): Promise<{ userId: string; email: string; tenantIds: string[] }[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ user_id: string; email: string; tenant_ids: string[] }>(
      `SELECT u.id::text AS user_id, u.email::text AS email, array_agg(a.tenant_id::text ORDER BY a.tenant_id) AS tenant_ids
         FROM app_user u JOIN coordinator_assignment a ON a.user_id = u.id
        WHERE u.email LIKE $1
        GROUP BY u.id, u.email ORDER BY u.id`,
      [`syn${seed}-coordinator-%`],
    );
    return rows.map((r) => ({ userId: r.user_id, email: r.email, tenantIds: r.tenant_ids }));
  } finally {
    await client.end();
  }
}
