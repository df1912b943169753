import { ADD_ON_BASES, CODE_LANES, normalizeCode } from "./codes.js";
import { createFinding } from "./findings.js";
import type { BillingLine, Finding } from "./types.js";

/**
 * Checks a set of care-management lines for one patient-month, e.g. a claim assembled by hand
 * or imported from another system: every add-on needs its own base (99439→99490,
 * 99489→99487, 99437→99491, 99425→99424, 99427→99426), codes of two lanes never share a month,
 * and a code appears on one line only (§1.4). Returns request-scoped `block` findings; an empty
 * array means the pairing is valid. Codes are compared case-insensitively. `evaluatePatientMonth` output always passes.
 */
export function checkBillingLines(lines: readonly BillingLine[]): Finding[] {
  const findings: Finding[] = [];
  const codes = lines.map((line) => normalizeCode(line.code));
  const seen = new Set<string>();
  for (const code of codes) {
    if (seen.has(code)) {
      findings.push(
        createFinding(
          "duplicate_line",
          `${code} appears on more than one line; bill it once with units.`,
        ),
      );
    }
    seen.add(code);
    const base = ADD_ON_BASES[code];
    if (base !== undefined && !codes.includes(base)) {
      findings.push(
        createFinding(
          "addon_without_base",
          `${code} is an add-on to ${base}, which is not billed; an add-on is never billed without its own base code.`,
        ),
      );
    }
  }
  const laneOf = new Map<string, string>();
  for (const code of seen) {
    const lane = CODE_LANES[code];
    if (lane !== undefined && !laneOf.has(lane)) laneOf.set(lane, code);
  }
  if (laneOf.size > 1) {
    const parts = [...laneOf].map(([lane, code]) => `${code} (${lane.replace("_", " ")})`);
    findings.push(
      createFinding(
        "mixed_lanes",
        `${parts.join(" and ")} belong to different lanes; only one lane can be billed per patient-month.`,
      ),
    );
  }
  return findings;
}
