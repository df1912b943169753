// `node dist/bench/write-profile.js` (packages/api): the statements one time-entry write sends,
// in order, with the time each round trip took at the client. Uses the benchmark database
// (BENCH_SCALE, BENCH_DATABASE) and one signed-in coordinator writing measured spans through
// time.create, exactly as the write benchmark does; the statements of the last of a few writes
// are printed (the first ones prepare the named statements of the connection).
import { randomBytes, randomUUID } from "node:crypto";
import { createDb } from "@carefold/db";
import { listSyntheticCoordinators } from "@carefold/db/synthetic";
import pg from "pg";
import { DEFAULT_API_CONFIG } from "../config.js";
import { openBenchDatabase } from "./bench-database.js";
import { signInCoordinator } from "./coordinators.js";
import { superuserQuery } from "./worklist.bench.js";

const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);

interface Sent {
  text: string;
  ms: number;
}

async function main() {
  const bench = await openBenchDatabase(log);
  const db = createDb(bench.appUrl, 4);
  const config = { ...DEFAULT_API_CONFIG, encryptionKey: randomBytes(32), signInAttemptsPerIp: 1000 };
  try {
    const [coordinator] = await listSyntheticCoordinators(bench.superuserUrl, bench.seed.seed);
    const { rows } = await superuserQuery<{ id: string }>(
      bench.superuserUrl,
      `SELECT p.id::text AS id FROM patient p JOIN program_enrollment pe ON pe.tenant_id = p.tenant_id AND pe.patient_id = p.id AND pe.status = 'enrolled'
        WHERE p.tenant_id = ANY($1::uuid[]) ORDER BY hashtext(p.id::text) LIMIT 50`,
      [coordinator!.tenantIds],
    );
    const browser = await signInCoordinator(db, bench.superuserUrl, config, coordinator!, "198.51.100.250");
    const { rows: earliest } = await superuserQuery<{ at: string | null }>(
      bench.superuserUrl,
      "SELECT min(started_at)::text AS at FROM time_entry WHERE performer_user_id = $1::uuid AND spans IS NOT NULL",
      [coordinator!.userId],
    );
    const windowEnd = Math.min(Date.now() - 60_000, earliest[0]?.at ? Date.parse(earliest[0].at) : Infinity);

    let sent: Sent[] | null = null;
    const original = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const [config] = args;
      const text = typeof config === "string" ? config : ((config as { text?: string } | null)?.text ?? "(submittable)");
      const t = performance.now();
      const record = sent;
      const callback = args.at(-1);
      if (record && typeof callback === "function") {
        // Callback style (the pool's own pool.query): time it through the callback.
        args[args.length - 1] = (...r: unknown[]) => {
          record.push({ text, ms: performance.now() - t });
          return (callback as (...a: unknown[]) => unknown)(...r);
        };
      }
      const result = (original as (...a: unknown[]) => unknown).apply(this, args);
      if (record && result && typeof (result as Promise<unknown>).then === "function") {
        (result as Promise<unknown>).then(
          () => record.push({ text, ms: performance.now() - t }),
          () => record.push({ text: `${text} (failed)`, ms: performance.now() - t }),
        );
      }
      return result;
    } as typeof original;

    const run = randomUUID().slice(0, 8);
    const writes = 5;
    let last: Sent[] = [];
    for (let i = 0; i < writes; i++) {
      sent = [];
      const t = performance.now();
      await browser.call((c) =>
        c.time.create({
          patientId: rows[i % rows.length]!.id,
          clientRequestId: `profile-${run}-${i}`,
          startedAt: new Date(windowEnd - (writes + 1 - i) * 30_000).toISOString(),
          durationSeconds: 12,
          activity: "care_plan_review",
          source: "timer",
        }),
      );
      const total = performance.now() - t;
      last = sent;
      sent = null;
      log(`write ${i + 1}: ${last.length} round trips, ${total.toFixed(2)} ms`);
    }
    pg.Client.prototype.query = original;
    for (const [n, s] of last.entries()) console.log(`${String(n + 1).padStart(2)}. ${s.ms.toFixed(2).padStart(6)} ms  ${s.text.replace(/\s+/g, " ").slice(0, 160)}`);
  } finally {
    await db.$disconnect();
    await bench.stop();
  }
}

await main();
