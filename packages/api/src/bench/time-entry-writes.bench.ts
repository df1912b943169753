// Time-entry writes through the real procedure (time.create): session lookup, tenant scope, RLS,
// idempotency check, the overlap check (measured spans: the time_entry_no_overlap exclusion
// constraint, decision 0035), insert with the rollup trigger, one audit row —
// from 20 concurrent writers, each a signed-in coordinator logging measured seconds for patients
// of their own clinics.
import { randomUUID } from "node:crypto";
import type { Db } from "@carefold/db";
import { listSyntheticCoordinators } from "@carefold/db/synthetic";
import type { ApiConfig } from "../config.js";
import type { TestBrowser } from "../testing/api-test-kit.js";
import type { BenchDatabase } from "./bench-database.js";
import { signInCoordinator } from "./coordinators.js";
import { summarise, type Latency } from "./measure.js";
import { superuserQuery } from "./worklist.bench.js";

export const WRITE_TARGETS = { writesPerSecond: 500, p95Ms: 50 };
/** Spacing of one coordinator's benchmark spans (each lasts 5 to SLOT_SECONDS − 1 seconds). */
const SLOT_SECONDS = 30;

export interface WriteResult {
  writers: number;
  distinctCoordinators: number;
  writes: number;
  seconds: number;
  writesPerSecond: number;
  latency: Latency;
  /** Entries of this run found in the database afterwards (must equal `writes`). */
  stored: number;
  /** CPU time of this Node process per wall second during the run (1.0 = one core busy): the server side's share. */
  nodeCpuPerWallSecond: number;
}

export async function benchTimeEntryWrites(bench: BenchDatabase, db: Db, config: ApiConfig, opts: { writers: number; writesPerWriter: number }, log: (line: string) => void): Promise<WriteResult> {
  const all = await listSyntheticCoordinators(bench.superuserUrl, bench.seed.seed);
  // One coordinator per group where possible, so writers work different clinics like a real team.
  const perGroup = bench.seed.coordinatorsPerGroup;
  const chosen = all.filter((_, i) => i % perGroup === 0).slice(0, opts.writers);
  const browsers: { browser: TestBrowser; patients: string[] }[] = [];
  for (const [i, coordinator] of chosen.entries()) {
    const { rows } = await superuserQuery<{ id: string }>(
      bench.superuserUrl,
      `SELECT p.id::text AS id FROM patient p JOIN program_enrollment pe ON pe.tenant_id = p.tenant_id AND pe.patient_id = p.id AND pe.status = 'enrolled'
        WHERE p.tenant_id = ANY($1::uuid[]) ORDER BY hashtext(p.id::text) LIMIT 2000`,
      [coordinator.tenantIds],
    );
    browsers.push({ browser: await signInCoordinator(db, bench.superuserUrl, config, coordinator, `198.51.100.${10 + i}`), patients: rows.map((r) => r.id) });
  }
  log(`writes: ${opts.writers} writers as ${browsers.length} signed-in coordinators`);

  const run = randomUUID().slice(0, 8);
  // Every write is a measured span; one coordinator's spans never overlap (the database would
  // refuse them). Each coordinator gets slots of SLOT_SECONDS, before the earliest span they
  // already have (a re-run on the same database goes further back instead of colliding).
  const sharers = Math.ceil(opts.writers / browsers.length);
  const slots = (opts.writesPerWriter + 1) * sharers;
  const { rows: earliest } = await superuserQuery<{ at: string | null }>(
    bench.superuserUrl,
    "SELECT min(started_at)::text AS at FROM time_entry WHERE performer_user_id = ANY($1::uuid[]) AND spans IS NOT NULL",
    [chosen.map((c) => c.userId)],
  );
  const windowEnd = Math.min(Date.now() - 60_000, earliest[0]?.at ? Date.parse(earliest[0].at) : Infinity);
  const write = (w: number, i: number, prefix = "bench") => {
    const { browser, patients } = browsers[w % browsers.length]!;
    const slot = (i + 1) * sharers + Math.floor(w / browsers.length); // i = -1: warm-up
    const startedAt = new Date(windowEnd - (slots - slot) * SLOT_SECONDS * 1000).toISOString();
    return browser.call((c) =>
      c.time.create({
        patientId: patients[(w * 7919 + (i + 1) * 104_729) % patients.length]!,
        clientRequestId: `${prefix}-${run}-${w}-${i}`,
        startedAt,
        durationSeconds: 5 + ((w + i + 15) % (SLOT_SECONDS - 5)),
        activity: "care_plan_review",
        source: "timer",
      }),
    );
  };
  // Warm-up: one write per writer (connections, prepared plans), not counted.
  await Promise.all(Array.from({ length: opts.writers }, (_, w) => write(w, -1, "warmup")));

  const durations: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: opts.writers }, async (_, w) => {
      for (let i = 0; i < opts.writesPerWriter; i++) {
        const t = performance.now();
        await write(w, i);
        durations.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const { rows } = await superuserQuery<{ n: string }>(bench.superuserUrl, "SELECT count(*) AS n FROM time_entry WHERE client_request_id LIKE $1", [`bench-${run}-%`]);
  const writes = opts.writers * opts.writesPerWriter;
  return {
    writers: opts.writers,
    distinctCoordinators: browsers.length,
    writes,
    seconds: Math.round(seconds * 100) / 100,
    writesPerSecond: Math.round(writes / seconds),
    latency: summarise(durations),
    stored: Number(rows[0]?.n ?? 0),
    nodeCpuPerWallSecond: Math.round(((cpu.user + cpu.system) / 1e6 / seconds) * 100) / 100,
  };
}
