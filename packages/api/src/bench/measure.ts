import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { arch, cpus, loadavg, platform, totalmem } from "node:os";
import { fileURLToPath } from "node:url";

export interface Latency {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/** Nearest-rank percentiles of a list of durations in milliseconds. */
export function summarise(durationsMs: number[]): Latency {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  return { samples: sorted.length, p50Ms: round(at(50)), p95Ms: round(at(95)), maxMs: round(sorted[sorted.length - 1] ?? 0) };
}

/** Runs `fn` `warmup` times untimed, then `runs` times timed, one after another. */
export async function timeSerially(fn: () => Promise<unknown>, runs: number, warmup = 5): Promise<Latency> {
  for (let i = 0; i < warmup; i++) await fn();
  const durations: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    durations.push(performance.now() - started);
  }
  return summarise(durations);
}

/** What the numbers were measured on (the machine is shared: the load average matters). */
export function describeMachine() {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model ?? "unknown",
    logicalCpus: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${platform()} ${arch()}`,
    node: process.version,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Writes bench-results/<name>.json at the repository root (git-ignored) and returns its path. */
export function writeBenchResult(name: string, report: unknown): string {
  const dir = fileURLToPath(new URL("../../../../bench-results/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}${name}.json`;
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

export const verdict = (isMet: boolean) => (isMet ? "met" : "MISSED");

/**
 * CPU time (ms) a local process has used so far, from /proc (Linux; null elsewhere). Used on the
 * PostgreSQL backend serving the benchmark: on a shared machine the wall time of a query includes
 * waiting for a core, its CPU time does not.
 */
export function processCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // Fields 14 and 15 of stat (utime, stime) are the 12th and 13th after the command name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}
