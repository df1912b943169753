// A patient's coverage on the chart (issue 24): the loader's read and the card's writes (same file in both apps).
import type { Caller } from "./session.server";

export type PatientCoverage = Awaited<ReturnType<Caller["coverage"]["get"]>>;
export type PayerOption = Awaited<ReturnType<Caller["coverage"]["payerOptions"]>>[number];

export async function loadCoverage(caller: Caller, patientId: string) {
  const [coverage, payers] = await Promise.all([caller.coverage.get({ patientId }), caller.coverage.payerOptions({ patientId })]);
  return { coverage, payers };
}

const RANKS = ["primary", "secondary"] as const;
const PLAN_TYPES = ["medicare", "medicare_advantage", "medigap", "medicaid", "qmb", "commercial"] as const;
const pick = <T extends string>(values: readonly T[], value: string, fallback: T): T => (values.includes(value as T) ? (value as T) : fallback);

/** Handles the coverage card's intents; null when the intent is not the card's. */
export async function coverageAction(caller: Caller, patientId: string, intent: string, form: FormData) {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const facts = () => ({
    payerId: text("payerId"),
    rank: pick(RANKS, text("rank"), "primary"),
    planType: pick(PLAN_TYPES, text("planType"), "medicare"),
    groupNumber: text("groupNumber") || null,
    effectiveFrom: text("effectiveFrom"),
    effectiveTo: text("effectiveTo") || null,
  });
  if (intent === "coverage-add") {
    await caller.coverage.add({ patientId, ...facts(), memberId: text("memberId") });
    return { ok: true as const, message: "Coverage added." };
  }
  if (intent === "coverage-end") {
    await caller.coverage.end({ patientId, coverageId: text("coverageId"), effectiveTo: text("effectiveTo") });
    return { ok: true as const, message: `Coverage ends on ${text("effectiveTo")}.` };
  }
  if (intent === "coverage-correct") {
    await caller.coverage.correct({ patientId, coverageId: text("coverageId"), ...facts(), memberId: text("memberId") || null, reason: text("reason") });
    return { ok: true as const, message: "Coverage corrected; the earlier version stays in the history." };
  }
  return null;
}
