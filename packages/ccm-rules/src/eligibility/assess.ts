import { CHRONIC_CONDITIONS, type ChronicCondition } from "./catalogue.js";
import { normalizeIcd10Cm } from "./identifiers.js";

/** One entry of a patient's problem list. Resolved or inactive problems are ignored. */
export interface ProblemListItem {
  code: string;
  status?: "active" | "inactive" | "resolved";
  resolvedOn?: string;
}

export interface QualifyingCondition {
  conditionId: string;
  name: string;
  canBeComplexSingle: boolean;
  /** The normalised problem-list codes that matched this condition. */
  codes: string[];
}

export interface EligibilityAssessment {
  status: "ccm_candidate" | "pcm_candidate" | "not_eligible";
  qualifying: QualifyingCondition[];
  /** Problem-list codes that are not ICD-10-CM shaped; worth fixing at import. */
  invalidCodes: string[];
}

function findCondition(code: string): ChronicCondition | undefined {
  let best: ChronicCondition | undefined;
  let bestLength = 0;
  for (const condition of CHRONIC_CONDITIONS) {
    for (const prefix of condition.icd10Prefixes) {
      if (code.startsWith(prefix) && prefix.length > bestLength) {
        best = condition;
        bestLength = prefix.length;
      }
    }
  }
  return best;
}

/**
 * Screens an active problem list against the chronic-condition catalogue. Counts distinct
 * conditions, not codes (E11.9 and E11.65 are one diabetes). Two or more → CCM candidate (§4);
 * exactly one that can be a single complex condition → PCM candidate; otherwise not eligible.
 * A candidate still needs the practitioner's attestation (≥ 12 months, significant risk), so this
 * never sets `qualifyingChronicConditions` by itself.
 */
export function assessEligibility(problemList: readonly ProblemListItem[]): EligibilityAssessment {
  const byCondition = new Map<string, QualifyingCondition>();
  const invalidCodes: string[] = [];
  for (const problem of problemList) {
    if (
      problem.status === "resolved" ||
      problem.status === "inactive" ||
      problem.resolvedOn != null
    )
      continue;
    const code = normalizeIcd10Cm(problem.code);
    if (code === undefined) {
      invalidCodes.push(problem.code);
      continue;
    }
    const condition = findCondition(code);
    if (condition === undefined) continue;
    const existing = byCondition.get(condition.id);
    if (existing === undefined) {
      const { id: conditionId, name, canBeComplexSingle } = condition;
      byCondition.set(condition.id, { conditionId, name, canBeComplexSingle, codes: [code] });
    } else if (!existing.codes.includes(code)) {
      existing.codes.push(code);
    }
  }
  const qualifying = [...byCondition.values()];
  let status: EligibilityAssessment["status"] = "not_eligible";
  if (qualifying.length >= 2) status = "ccm_candidate";
  else if (qualifying[0]?.canBeComplexSingle === true) status = "pcm_candidate";
  return { status, qualifying, invalidCodes };
}
