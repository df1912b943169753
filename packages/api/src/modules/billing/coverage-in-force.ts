import type { Finding } from "@carefold/ccm-rules";
import type { CoveragePlanType } from "./payer-rates.js";

/**
 * A patient's coverage as the close's loader reads it (tag `g`, month-close.loader.ts): every
 * unsuperseded coverage row overlapping the service month. Which one is in force is decided here,
 * on the date of service (the schema's contract: unsuperseded and effective_from <= date <=
 * coalesce(effective_to, infinity); at most one per rank, by an exclusion constraint).
 */
export interface CoverageFact {
  id: string;
  rank: "primary" | "secondary";
  payerId: string;
  planType: CoveragePlanType;
  effectiveFrom: string;
  effectiveTo: string | null;
}

export interface CoverageInForce {
  primary: CoverageFact | null;
  secondary: CoverageFact | null;
}

const holds = (c: CoverageFact, date: string) => c.effectiveFrom <= date && (c.effectiveTo === null || date <= c.effectiveTo);

/** The primary and secondary coverage in force on a date (ISO dates compare as strings). */
export function coverageOn(coverages: readonly CoverageFact[], date: string): CoverageInForce {
  return {
    primary: coverages.find((c) => c.rank === "primary" && holds(c, date)) ?? null,
    secondary: coverages.find((c) => c.rank === "secondary" && holds(c, date)) ?? null,
  };
}

/** Finding codes of coverage (outside the ccm-rules catalogue: a `block` one blocks the month). */
export const COVERAGE_CODES = ["no_coverage_in_force", "coverage_primary_not_billable"] as const;

/** Plans that are never a primary payer of care management: Medigap and QMB only pay Medicare's cost sharing. */
const NEVER_PRIMARY: ReadonlySet<CoveragePlanType> = new Set(["medigap", "qmb"]);

const PLAN_NAMES: Record<CoveragePlanType, string> = {
  medicare: "traditional Medicare",
  medicare_advantage: "Medicare Advantage",
  medigap: "Medigap",
  medicaid: "Medicaid",
  qmb: "QMB",
  commercial: "commercial",
};

/**
 * What keeps a month the rules would bill off a claim for want of a payer: no primary coverage in
 * force on the date of service (`no_coverage_in_force`), or a primary that only pays cost sharing
 * (`coverage_primary_not_billable`: Medigap or QMB recorded as primary). Both block the month.
 */
export function coverageFindings(inForce: CoverageInForce, dateOfService: string): Finding[] {
  if (!inForce.primary) {
    return [{ code: "no_coverage_in_force", severity: "block", message: `No coverage is in force on the date of service (${dateOfService}), so there is no payer to bill. Add the patient's coverage for ${dateOfService} on the patient's record (or import it), then close the month again.` }];
  }
  if (NEVER_PRIMARY.has(inForce.primary.planType)) {
    return [{ code: "coverage_primary_not_billable", severity: "block", message: `The patient's primary coverage on ${dateOfService} is ${PLAN_NAMES[inForce.primary.planType]}, which only pays Medicare's cost sharing and is never billed first. Record the patient's Medicare (or Medicare Advantage) coverage as primary and the ${PLAN_NAMES[inForce.primary.planType]} coverage as secondary, then close the month again.` }];
  }
  return [];
}
