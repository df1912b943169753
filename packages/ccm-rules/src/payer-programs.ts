/**
 * Which care-management programs a payer pays, as data (issue 24 item 5). The defaults are per
 * plan type with their sources; a clinic overrides them per payer and program (what its Medicare
 * Advantage contract or state Medicaid manual says). Nothing here guesses: where no rule is known
 * the answer is "unknown until the clinic says". See docs/ccm-rules/README.md §17.
 */

/** The monthly care-management programs the platform compares. */
export type CareProgram = "ccm" | "pcm" | "apcm" | "rpm";

export const CARE_PROGRAMS: readonly CareProgram[] = ["ccm", "pcm", "apcm", "rpm"];

export const CARE_PROGRAM_NAMES: Readonly<Record<CareProgram, string>> = {
  ccm: "Chronic Care Management",
  pcm: "Principal Care Management",
  apcm: "Advanced Primary Care Management",
  rpm: "Remote Patient Monitoring",
};

/** The codes of each program (§1, §2.3). */
export const CARE_PROGRAM_CODES: Readonly<Record<CareProgram, readonly string[]>> = {
  ccm: ["99490", "99439", "99487", "99489", "99491", "99437"],
  pcm: ["99424", "99425", "99426", "99427"],
  apcm: ["G0556", "G0557", "G0558"],
  rpm: ["99453", "99454", "99457", "99458"],
};

/**
 * The plan a coverage is under (patient_coverage.plan_type): traditional Medicare, a Medicare
 * Advantage plan, a Medigap supplement, Medicaid, a QMB Medicaid payer, a commercial plan.
 */
export type PayerPlanType =
  | "medicare"
  | "medicare_advantage"
  | "medigap"
  | "medicaid"
  | "qmb"
  | "commercial";

export const PAYER_PLAN_TYPES: readonly PayerPlanType[] = [
  "medicare",
  "medicare_advantage",
  "medigap",
  "medicaid",
  "qmb",
  "commercial",
];

export type PaysAnswer = "yes" | "no" | "unknown";

/** A payer's answer for one program, with the text it rests on. */
export interface PayerProgramRule {
  pays: PaysAnswer;
  /** Pays, but the plan may require in-network billing or prior authorisation: check first. */
  verify: boolean;
  /** Where the answer comes from (a CMS rule, a CFR section, or the clinic's own source). */
  source: string;
  note: string;
  /** `default` from this table, `clinic` from the clinic's entry for the payer. */
  origin: "default" | "clinic";
}

/** A clinic's entry for one payer and program (table payer_program_rule). */
export interface PayerProgramOverride {
  pays: PaysAnswer;
  source: string;
  note?: string | null;
}

const PFS_2026 =
  "CY2026 Physician Fee Schedule final rule, 90 FR 49266 (FR Doc. 2025-19787); CMS MLN909188 “Chronic Care Management Services”";
const MEDICARE_SOURCE: Readonly<Record<CareProgram, string>> = {
  ccm: `${PFS_2026}. Codes 99490, 99439, 99487, 99489, 99491, 99437 are active and paid under the PFS.`,
  pcm: `${PFS_2026}. Codes 99424–99427 (PCM, paid since CY2020, 84 FR 62568) are active under the PFS.`,
  apcm: `${PFS_2026}. APCM G0556–G0558 were created by the CY2025 final rule, 89 FR 97710.`,
  rpm: `${PFS_2026}; CMS MLN booklet “Telehealth & Remote Patient Monitoring” (MLN901705). Codes 99453, 99454, 99457, 99458 are paid under the PFS.`,
};
const MA_SOURCE =
  "42 CFR 422.101: a Medicare Advantage plan must cover all Part A and Part B services, so it pays for this Part B service, but it may require in-network billing, its own fee schedule or prior authorisation.";
const UNKNOWN_SOURCE: Readonly<Record<"medicaid" | "qmb" | "commercial" | "medigap", string>> = {
  medicaid:
    "No national rule: each state Medicaid program decides which care-management codes it pays (state plan and provider manual).",
  qmb: "A QMB Medicaid payer pays Medicare cost sharing when it is secondary (42 U.S.C. 1396d(p)); as a primary payer its coverage of these codes is a state Medicaid decision.",
  commercial: "No national rule: each commercial plan's medical policy decides.",
  medigap:
    "A Medigap policy pays the Part B coinsurance after Medicare; it is not a primary payer for these codes.",
};

function buildDefaults(): Record<PayerPlanType, Record<CareProgram, Omit<PayerProgramRule, "origin">>> {
  const table = {} as Record<PayerPlanType, Record<CareProgram, Omit<PayerProgramRule, "origin">>>;
  for (const planType of PAYER_PLAN_TYPES) {
    const row = {} as Record<CareProgram, Omit<PayerProgramRule, "origin">>;
    for (const program of CARE_PROGRAMS) {
      if (planType === "medicare") {
        row[program] = { pays: "yes", verify: false, source: MEDICARE_SOURCE[program], note: "Traditional Medicare pays this program under the Physician Fee Schedule." };
      } else if (planType === "medicare_advantage") {
        row[program] = { pays: "yes", verify: true, source: MA_SOURCE, note: "Pays; verify the plan's rules (network, prior authorisation, its fee schedule)." };
      } else {
        row[program] = { pays: "unknown", verify: false, source: UNKNOWN_SOURCE[planType], note: "Unknown until the clinic enters what this payer pays." };
      }
    }
    table[planType] = row;
  }
  return table;
}

/** Default answers per plan type and program, with sources. */
export const DEFAULT_PAYER_PROGRAM_RULES: Readonly<
  Record<PayerPlanType, Readonly<Record<CareProgram, Omit<PayerProgramRule, "origin">>>>
> = buildDefaults();

/**
 * The answer for one plan type and program: the clinic's entry for the payer when it has one
 * (it wins, with the clinic's source), else the default for the plan type.
 */
export function resolvePayerProgramRule(
  planType: PayerPlanType,
  program: CareProgram,
  override?: PayerProgramOverride | null,
): PayerProgramRule {
  if (override != null) {
    return { pays: override.pays, verify: false, source: override.source, note: override.note ?? "", origin: "clinic" };
  }
  return { ...DEFAULT_PAYER_PROGRAM_RULES[planType][program], origin: "default" };
}
