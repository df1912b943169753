import {
  CARE_PROGRAMS,
  CARE_PROGRAM_NAMES,
  type CareProgram,
  type PayerPlanType,
  type PayerProgramRule,
  type PaysAnswer,
} from "./payer-programs.js";
import type { Finding } from "./types.js";

/**
 * Program choice for one patient-month (issue 24 item 5): for the payer in force, which programs
 * it pays, whether the patient qualifies (from the package's own evaluations — CCM, PCM, APCM —
 * never a second rule), and the expected net to the clinic = expected reimbursement at the
 * payer's rates (payer and patient share) − the vendor's fee under the clinic's contract. Pure:
 * pricing and the vendor fee come in as functions the caller builds from its data.
 */

/** How a line's amount was found (the payer's own schedule, Medicare's, or Medicare's assumed for another payer). */
export type RateBasis = "medicare" | "contracted" | "assumed_medicare" | "unpriced";

/** A billed line priced at the payer's rates. */
export interface PricedProgramLine {
  code: string;
  units: number;
  /** Allowed amount for the units (payer + patient share), integer cents. */
  amountCents: number;
  basis: RateBasis;
}

/** What the package's evaluation of one program says for the month. */
export interface ProgramCandidate {
  program: CareProgram;
  /** Clinically qualifies (conditions, APCM level); null when the platform does not evaluate the program. */
  qualifies: boolean | null;
  /** The lines the month would bill now (empty when nothing bills yet). */
  lines: readonly { code: string; units: number }[];
  /** Why the program bills nothing now, or what to know (the evaluation's findings, in words). */
  reasons: readonly string[];
}

export interface ProgramChoiceInput {
  serviceMonth: string;
  /** The primary coverage in force on the date of service; null when none is. */
  payer: { name: string; planType: PayerPlanType } | null;
  /** The payer's answer per program (resolvePayerProgramRule). */
  rules: Readonly<Record<CareProgram, PayerProgramRule>>;
  candidates: readonly ProgramCandidate[];
  /** Prices a line at the payer's rates. */
  priceLine: (line: { code: string; units: number }) => PricedProgramLine;
  /** The patient's share of an allowed amount (0 when a secondary payer owes it, e.g. QMB). */
  patientShareCents: (allowedCents: number) => number;
  /** The vendor's fee under the clinic's contract for these priced lines (0 without a contract). */
  vendorFeeCents: (program: CareProgram, lines: readonly PricedProgramLine[]) => number;
}

export type ProgramStatus =
  | "recommended"
  | "available"
  | "not_billable_yet"
  | "payer_unknown"
  | "not_qualified"
  | "payer_does_not_pay"
  | "not_evaluated"
  | "no_coverage";

export interface ProgramOption {
  program: CareProgram;
  name: string;
  status: ProgramStatus;
  pays: PaysAnswer;
  verify: boolean;
  ruleSource: string;
  ruleNote: string;
  ruleOrigin: PayerProgramRule["origin"];
  qualifies: boolean | null;
  lines: PricedProgramLine[];
  /** Allowed amount (payer + patient share); null when the program bills nothing or is not evaluated. */
  reimbursementCents: number | null;
  patientShareCents: number | null;
  vendorFeeCents: number | null;
  /** reimbursement − vendor fee. */
  netCents: number | null;
  reasons: string[];
  /** 1 = first in the list. */
  rank: number;
}

export interface ProgramChoice {
  serviceMonth: string;
  payer: ProgramChoiceInput["payer"];
  options: ProgramOption[];
  /** The best available program among CCM, PCM and APCM (they exclude each other); null when none. */
  recommended: CareProgram | null;
}

/** CCM, PCM and APCM are alternatives for one practitioner and month (§3); RPM may be added to any. */
export const EXCLUSIVE_PROGRAMS: ReadonlySet<CareProgram> = new Set(["ccm", "pcm", "apcm"]);

const STATUS_ORDER: Readonly<Record<ProgramStatus, number>> = {
  recommended: 0,
  available: 1,
  not_billable_yet: 2,
  payer_unknown: 3,
  not_qualified: 4,
  payer_does_not_pay: 5,
  not_evaluated: 6,
  no_coverage: 7,
};

function statusOf(
  input: ProgramChoiceInput,
  rule: PayerProgramRule,
  candidate: ProgramCandidate | undefined,
): Exclude<ProgramStatus, "recommended"> {
  if (input.payer === null) return "no_coverage";
  if (rule.pays === "no") return "payer_does_not_pay";
  if (candidate === undefined || candidate.qualifies === null) return "not_evaluated";
  if (!candidate.qualifies) return "not_qualified";
  if (rule.pays === "unknown") return "payer_unknown";
  return candidate.lines.length > 0 ? "available" : "not_billable_yet";
}

function describe(input: ProgramChoiceInput, program: CareProgram, status: ProgramStatus, rule: PayerProgramRule, candidate: ProgramCandidate | undefined): string[] {
  const payerName = input.payer?.name ?? "No payer";
  const reasons: string[] = [];
  if (status === "no_coverage") reasons.push(`No primary coverage is in force for ${input.serviceMonth}; record the patient's coverage first.`);
  else if (rule.pays === "no") reasons.push(`${payerName} does not pay ${CARE_PROGRAM_NAMES[program]} (${rule.origin === "clinic" ? "the clinic's entry" : "default"}).`);
  else if (rule.pays === "unknown") reasons.push(`Whether ${payerName} pays is unknown until the clinic enters it.`);
  else if (rule.verify) reasons.push(`${payerName} pays; verify the plan's rules (network, prior authorisation).`);
  if (candidate !== undefined) reasons.push(...candidate.reasons);
  return reasons;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}

/**
 * Ranks the programs for a patient-month. An option is `available` only when the payer pays it
 * (`yes`), the patient qualifies and the month bills lines now; the recommended program is the
 * available CCM/PCM/APCM option with the highest positive net (ties: CCM, PCM, APCM order). The
 * other options follow by status, then net, then program order, each with its reasons.
 */
export function chooseProgram(input: ProgramChoiceInput): ProgramChoice {
  const options: ProgramOption[] = CARE_PROGRAMS.map((program) => {
    const rule = input.rules[program];
    const candidate = input.candidates.find((c) => c.program === program);
    const status = statusOf(input, rule, candidate);
    // A program the payer does not pay (or with no payer) has no expected amount.
    const isPriced0 = status !== "no_coverage" && status !== "payer_does_not_pay" && candidate !== undefined;
    const lines = isPriced0 ? candidate.lines.map((l) => input.priceLine(l)) : [];
    const unpriced = lines.filter((l) => l.basis === "unpriced").map((l) => l.code);
    const isPriced = lines.length > 0;
    const reimbursementCents = isPriced ? sum(lines.map((l) => l.amountCents)) : null;
    const vendorFeeCents = isPriced ? Math.max(0, input.vendorFeeCents(program, lines)) : null;
    return {
      program,
      name: CARE_PROGRAM_NAMES[program],
      status,
      pays: rule.pays,
      verify: rule.verify,
      ruleSource: rule.source,
      ruleNote: rule.note,
      ruleOrigin: rule.origin,
      qualifies: candidate?.qualifies ?? null,
      lines,
      reimbursementCents,
      patientShareCents: reimbursementCents === null ? null : input.patientShareCents(reimbursementCents),
      vendorFeeCents,
      netCents: reimbursementCents === null || vendorFeeCents === null ? null : reimbursementCents - vendorFeeCents,
      reasons: [
        ...describe(input, program, status, rule, candidate),
        ...(unpriced.length > 0 ? [`No confirmed amount for ${unpriced.join(", ")} in ${input.serviceMonth.slice(0, 4)}: it counts as $0.00 until the payer's rate is entered.`] : []),
      ],
      rank: 0,
    };
  });
  const order = (o: ProgramOption) => CARE_PROGRAMS.indexOf(o.program);
  options.sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      (b.netCents ?? Number.NEGATIVE_INFINITY) - (a.netCents ?? Number.NEGATIVE_INFINITY) ||
      order(a) - order(b),
  );
  const best = options.find((o) => o.status === "available" && EXCLUSIVE_PROGRAMS.has(o.program) && (o.netCents ?? 0) > 0);
  if (best !== undefined) {
    best.status = "recommended";
    // The recommended option leads the list even when RPM nets more (RPM adds to it, not instead).
    options.splice(options.indexOf(best), 1);
    options.unshift(best);
  }
  options.forEach((o, i) => (o.rank = i + 1));
  return { serviceMonth: input.serviceMonth, payer: input.payer, options, recommended: best?.program ?? null };
}

/** The month's evaluations a candidate list is made from (CCM's is the worksheet row's). */
export interface ProgramEvaluations {
  ccm: { lines: readonly { code: string; units: number }[]; findings: readonly Finding[] };
  pcm: { lines: readonly { code: string; units: number }[]; findings: readonly Finding[] };
  apcm: { lines: readonly { code: string; units: number }[]; findings: readonly Finding[] };
}

const RPM_NOT_EVALUATED =
  "Carefold does not record RPM device readings or RPM minutes, so it cannot say whether RPM (99453/99454/99457/99458) bills this month; RPM may be billed alongside CCM, PCM or APCM (§3).";

function reasonsOf(findings: readonly Finding[]): string[] {
  return findings.filter((f) => f.severity === "block" || f.code === "below_threshold").map((f) => f.message);
}

/**
 * Candidates from the package's own evaluations: a program qualifies clinically unless its
 * evaluation found too few qualifying conditions (CCM 2+, PCM 1; APCM has a level for any count,
 * §2.3, §4); RPM is not evaluated.
 */
export function toProgramCandidates(evaluations: ProgramEvaluations): ProgramCandidate[] {
  const candidate = (program: "ccm" | "pcm" | "apcm"): ProgramCandidate => {
    const e = evaluations[program];
    return {
      program,
      qualifies: !e.findings.some((f) => f.code === "too_few_conditions"),
      lines: e.lines.map((l) => ({ code: l.code, units: l.units })),
      reasons: reasonsOf(e.findings),
    };
  };
  return [candidate("ccm"), candidate("pcm"), candidate("apcm"), { program: "rpm", qualifies: null, lines: [], reasons: [RPM_NOT_EVALUATED] }];
}
