// Worklist of a coordinator over 20 clinics: the SQL alone in the database (as the runtime role,
// scope set, row-level security on) and the whole server path (session lookup, tRPC caller, unit of
// work, query, row mapping), for several pages and filters.
import pg from "pg";
import type { Db } from "@carefold/db";
import { listSyntheticCoordinators } from "@carefold/db/synthetic";
import type { ApiConfig } from "../config.js";
import { clinicCalendars, rollOverSql, worklistSql, type WorklistFilter } from "../modules/time/worklist-query.js";
import type { BenchDatabase } from "./bench-database.js";
import { signInCoordinator } from "./coordinators.js";
import { processCpuMs, summarise, timeSerially, type Latency } from "./measure.js";

export const WORKLIST_TARGETS = { databaseP95Ms: 20, serverP95Ms: 100 };

interface Variant {
  name: string;
  filter: WorklistFilter;
}

export interface WorklistResult {
  coordinatorClinics: number;
  /** Patients in the coordinator's clinics with an active CCM enrolment (what the queue ranks). */
  queuePatients: number;
  variants: { name: string; total: number; database: Latency; databaseCpuMsPerRun: number | null; server: Latency }[];
  explain: string;
}

export async function benchWorklist(bench: BenchDatabase, db: Db, config: ApiConfig, runs: number, log: (line: string) => void): Promise<WorklistResult> {
  const coordinators = await listSyntheticCoordinators(bench.superuserUrl, bench.seed.seed);
  const coordinator = coordinators.find((c) => c.tenantIds.length === 20);
  if (!coordinator) throw new Error("No synthetic coordinator works 20 clinics at this scale.");
  const browser = await signInCoordinator(db, bench.superuserUrl, config, coordinator, "198.51.100.1");

  const app = new pg.Client({ connectionString: bench.appUrl });
  await app.connect();
  try {
    const { rows: tenants } = await readTenants(bench.superuserUrl, coordinator.tenantIds);
    const queuePatients = await countQueue(bench.superuserUrl, coordinator.tenantIds);
    const base = { scope: "mine", pageSize: 50 } as const;
    /** The patient after whom page `page` starts (walking "next" from the top, as a person would). */
    const afterPage = async (filter: WorklistFilter, page: number) => {
      let after: string | undefined;
      for (let p = 1; p < page; p++) after = (await browser.call((c) => c.worklist.list({ ...filter, after })))!.nextAfter ?? undefined;
      return after;
    };
    const oneClinic = { ...base, tenantId: coordinator.tenantIds[3], callableNow: true };
    const page10After = await afterPage(base, 10);
    const page11After = await afterPage(base, 11);
    const variants: Variant[] = [
      { name: "first page (mine + unassigned, 50 rows)", filter: base },
      { name: "page 10 (next from page 9)", filter: { ...base, after: page10After } },
      { name: "page 10 (previous from page 11)", filter: { ...base, before: (await browser.call((c) => c.worklist.list({ ...base, after: page11After }))).previousBefore ?? undefined } },
      { name: "callable now", filter: { ...base, callableNow: true } },
      { name: "one clinic", filter: { ...base, tenantId: coordinator.tenantIds[7] } },
      { name: "one clinic, callable now, page 2", filter: { ...oneClinic, after: await afterPage(oneClinic, 2) } },
      { name: "all patients of the 20 clinics", filter: { ...base, scope: "all" } },
    ];
    /**
     * The SQL in the database: one transaction per run, scope set first (untimed); timed are the
     * month roll-over check and the page query, the two statements the service sends.
     */
    const inDatabase = async (filter: WorklistFilter) => {
      const now = new Date();
      const clinics = clinicCalendars(tenants, now);
      const roll = rollOverSql(clinics);
      const sql = worklistSql(clinics, coordinator.userId, filter, now);
      await app.query("BEGIN");
      await app.query("SELECT set_config('carefold.tenant_ids', $1, true), set_config('carefold.user_id', $2, true)", [coordinator.tenantIds.join(","), coordinator.userId]);
      const started = performance.now();
      await app.query(roll.text, roll.values as unknown[]);
      const result = await app.query(sql.text, sql.values as unknown[]);
      const ms = performance.now() - started;
      await app.query("COMMIT");
      return { ms, total: Number((result.rows[0] as { total?: bigint | string } | undefined)?.total ?? 0) };
    };
    const { rows: backend } = await app.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const backendPid = backend[0]!.pid;
    const results: WorklistResult["variants"] = [];
    for (const variant of variants) {
      const durations: number[] = [];
      let total = 0;
      let cpuBefore: number | null = null;
      for (let i = 0; i < runs + 5; i++) {
        if (i === 5) cpuBefore = processCpuMs(backendPid);
        const run = await inDatabase(variant.filter);
        if (i >= 5) durations.push(run.ms);
        total = run.total;
      }
      const cpuAfter = processCpuMs(backendPid);
      // The backend's CPU per run (BEGIN, scope, the two statements, COMMIT), independent of waiting for a core.
      const databaseCpuMsPerRun = cpuBefore !== null && cpuAfter !== null ? Math.round(((cpuAfter - cpuBefore) / runs) * 100) / 100 : null;
      const database = summarise(durations);
      const server = await timeSerially(() => browser.call((c) => c.worklist.list(variant.filter)), runs);
      log(`worklist ${variant.name}: ${total.toLocaleString("en-US")} in queue; database p50 ${database.p50Ms} ms, p95 ${database.p95Ms} ms (backend CPU ${databaseCpuMsPerRun ?? "?"} ms per run); server p50 ${server.p50Ms} ms, p95 ${server.p95Ms} ms`);
      results.push({ name: variant.name, total, database, databaseCpuMsPerRun, server });
    }
    const now = new Date();
    const sql = worklistSql(clinicCalendars(tenants, now), coordinator.userId, base, now);
    await app.query("BEGIN");
    await app.query("SELECT set_config('carefold.tenant_ids', $1, true)", [coordinator.tenantIds.join(",")]);
    const plan = await app.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.values as unknown[]);
    await app.query("COMMIT");
    return { coordinatorClinics: coordinator.tenantIds.length, queuePatients, variants: results, explain: plan.rows.map((r) => r["QUERY PLAN"]).join("\n") };
  } finally {
    await app.end();
  }
}

async function readTenants(superuserUrl: string, tenantIds: string[]) {
  return superuserQuery<{ id: string; timeZone: string }>(superuserUrl, `SELECT id::text AS id, name, time_zone AS "timeZone" FROM tenant WHERE id = ANY($1::uuid[])`, [tenantIds]);
}

async function countQueue(superuserUrl: string, tenantIds: string[]) {
  const { rows } = await superuserQuery<{ n: string }>(
    superuserUrl,
    `SELECT count(*) AS n FROM program_enrollment WHERE tenant_id = ANY($1::uuid[]) AND program = 'ccm' AND status IN ('enrolled', 'consented')`,
    [tenantIds],
  );
  return Number(rows[0]?.n ?? 0);
}

export async function superuserQuery<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query<T>(sql, values);
  } finally {
    await client.end();
  }
}
