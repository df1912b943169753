// `npm run bench` (packages/api): seeds (once) or reuses the benchmark database, then measures the
// coordinator worklist and time-entry writes. Prints the numbers and writes
// bench-results/database.json. BENCH_SCALE=small for a quick run; DATABASE_URL for the server.
import { randomBytes } from "node:crypto";
import { createDb } from "@carefold/db";
import { DEFAULT_API_CONFIG } from "../config.js";
import { openBenchDatabase } from "./bench-database.js";
import { describeMachine, verdict, writeBenchResult } from "./measure.js";
import { WRITE_TARGETS, benchTimeEntryWrites } from "./time-entry-writes.bench.js";
import { WORKLIST_TARGETS, benchWorklist, superuserQuery } from "./worklist.bench.js";

const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);
const WRITERS = 20;

async function main() {
  const bench = await openBenchDatabase(log);
  // One pool for the whole "server", as a web process has; big enough for 20 concurrent writers.
  const db = createDb(bench.appUrl, WRITERS + 2);
  const config = { ...DEFAULT_API_CONFIG, encryptionKey: randomBytes(32), signInAttemptsPerIp: 1000 };
  try {
    const { rows } = await superuserQuery<{ version: string; shared_buffers: string; work_mem: string }>(
      bench.superuserUrl,
      "SELECT version(), current_setting('shared_buffers') AS shared_buffers, current_setting('work_mem') AS work_mem",
    );
    const machineBefore = describeMachine();
    const worklist = await benchWorklist(bench, db, config, bench.scale === "full" ? 100 : 50, log);
    const writes = await benchTimeEntryWrites(bench, db, config, { writers: WRITERS, writesPerWriter: bench.scale === "full" ? 150 : 50 }, log);
    const worst = (key: "database" | "server") => Math.max(...worklist.variants.map((v) => v[key].p95Ms));
    const report = {
      benchmark: "coordinator worklist (20 clinics) and time-entry writes (20 concurrent writers)",
      scale: bench.scale,
      seed: bench.seed,
      isFreshlySeeded: bench.isFreshlySeeded,
      postgres: rows[0],
      worklist,
      writes,
      targets: {
        worklistDatabaseP95: `${worst("database")} ms (target ≤ ${WORKLIST_TARGETS.databaseP95Ms} ms): ${verdict(worst("database") <= WORKLIST_TARGETS.databaseP95Ms)}`,
        worklistServerP95: `${worst("server")} ms (target ≤ ${WORKLIST_TARGETS.serverP95Ms} ms): ${verdict(worst("server") <= WORKLIST_TARGETS.serverP95Ms)}`,
        writesPerSecond: `${writes.writesPerSecond}/s (target ≥ ${WRITE_TARGETS.writesPerSecond}/s): ${verdict(writes.writesPerSecond >= WRITE_TARGETS.writesPerSecond)}`,
        writeP95: `${writes.latency.p95Ms} ms (target < ${WRITE_TARGETS.p95Ms} ms): ${verdict(writes.latency.p95Ms < WRITE_TARGETS.p95Ms)}`,
      },
      machine: { before: machineBefore, after: describeMachine() },
      date: new Date().toISOString(),
    };
    log(`writes: ${writes.writes} by ${writes.writers} writers in ${writes.seconds} s = ${writes.writesPerSecond}/s; p50 ${writes.latency.p50Ms} ms, p95 ${writes.latency.p95Ms} ms; stored ${writes.stored}; this Node process used ${writes.nodeCpuPerWallSecond} CPU-s per second`);
    for (const [name, line] of Object.entries(report.targets)) log(`${name}: ${line}`);
    log(`load average before ${machineBefore.loadAverage.join(" ")}, after ${report.machine.after.loadAverage.join(" ")} (${machineBefore.logicalCpus} CPUs)`);
    if (writes.stored !== writes.writes) throw new Error(`Lost writes: ${writes.writes} made, ${writes.stored} stored.`);
    log(`wrote ${writeBenchResult("database", report)}`);
  } finally {
    await db.$disconnect();
    await bench.stop();
  }
}

await main();
