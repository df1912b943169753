import { mkdirSync, writeFileSync } from "node:fs";
import { arch, cpus, loadavg, platform } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { evaluatePatientMonth } from "../evaluate.js";
import type { PatientMonthInput } from "../types.js";
import { generatePatientMonths } from "./synthetic.js";

const PATIENT_MONTHS = 1_000_000;
const ROUNDS = 7;

interface Pass {
  /** Wall-clock milliseconds. */
  ms: number;
  /** CPU milliseconds this process used (user + system): robust when other work shares the machine. */
  cpuMs: number;
  checksum: number;
}

/** One pass over every month; returns elapsed ms and a checksum that keeps the work observable. */
function runPass(months: readonly PatientMonthInput[]): Pass {
  let checksum = 0;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < months.length; i++) {
    const result = evaluatePatientMonth(months[i] as PatientMonthInput);
    for (const line of result.lines) checksum += line.amountCents;
    checksum += result.findings.length;
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, checksum };
}

function describeMix(months: readonly PatientMonthInput[]): Record<string, number> {
  const mix: Record<string, number> = {};
  for (const month of months) {
    const result = evaluatePatientMonth(month);
    const key =
      result.lane ??
      (result.findings.some((f) => f.severity === "block") ? "blocked" : "below_threshold");
    mix[key] = (mix[key] ?? 0) + 1;
  }
  return mix;
}

function main(): void {
  const generateStart = Date.now();
  const months = generatePatientMonths(PATIENT_MONTHS);
  const entries = months.reduce((sum, m) => sum + m.entries.length, 0);
  console.log(
    `generated ${PATIENT_MONTHS.toLocaleString("en-US")} patient-months (${entries.toLocaleString("en-US")} entries) in ${Date.now() - generateStart} ms`,
  );
  const mix = describeMix(months);
  console.log("lane mix:", mix);
  runPass(months); // warm-up: let the JIT optimise the hot path
  const passes = Array.from({ length: ROUNDS }, () => runPass(months));
  const sorted = (values: number[]): number[] => [...values].sort((a, b) => a - b);
  const times = sorted(passes.map((p) => p.ms));
  const cpuTimes = sorted(passes.map((p) => p.cpuMs));
  const best = times[0] as number;
  const median = times[Math.floor(times.length / 2)] as number;
  const bestCpu = cpuTimes[0] as number;
  const perSecond = (ms: number): number => Math.round(PATIENT_MONTHS / (ms / 1000));
  const cpu = cpus();
  const report = {
    benchmark: "evaluatePatientMonth over synthetic patient-months",
    patientMonths: PATIENT_MONTHS,
    entries,
    rounds: ROUNDS,
    bestMs: Math.round(best),
    medianMs: Math.round(median),
    bestPerSecond: perSecond(best),
    medianPerSecond: perSecond(median),
    bestCpuMs: Math.round(bestCpu),
    bestPerCpuSecond: perSecond(bestCpu),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    laneMix: mix,
    checksum: passes[0]?.checksum,
    node: process.version,
    cpuModel: cpu[0]?.model ?? "unknown",
    logicalCpus: cpu.length,
    platform: `${platform()} ${arch()}`,
    date: new Date().toISOString(),
  };
  console.log(
    `best ${report.bestMs} ms, median ${report.medianMs} ms over ${ROUNDS} rounds (best CPU time ${report.bestCpuMs} ms)`,
  );
  console.log(
    `${report.bestPerSecond.toLocaleString("en-US")} patient-months/s best, ${report.medianPerSecond.toLocaleString("en-US")} median, ${report.bestPerCpuSecond.toLocaleString("en-US")} per CPU-second (one core, ${report.cpuModel}, Node ${report.node}, load average ${report.loadAverage.join(" ")})`,
  );
  const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
  const outDir = resolve(packageRoot, "../../bench-results");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(resolve(outDir, "ccm-rules.json"), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${resolve(outDir, "ccm-rules.json")}`);
}

main();
