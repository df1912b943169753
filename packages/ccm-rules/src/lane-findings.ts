import { CCM_CODES } from "./codes.js";
import { createFinding, pluralMinutes } from "./findings.js";
import {
  COMPLEX_BASE_MINUTES,
  PRACTITIONER_BASE_MINUTES,
  countAddOnUnits,
  isPractitionerLaneUnpriced,
  STAFF_ADD_ON_CAP,
  STAFF_BASE_MINUTES,
  valueComplexLane,
  valueStaffLane,
  type LaneChoice,
} from "./lanes.js";
import { getUnitPrice, type MonthPrices } from "./month-prices.js";
import type { RuleOptions } from "./options.js";
import { formatCents, getLatestKnownRateCents } from "./rates.js";
import type { BillingLine, Finding } from "./types.js";

/** Minutes beyond the last billable unit of a capped add-on, or 0 when the cap does not bind. */
function countMinutesAboveCap(
  minutes: number,
  base: number,
  block: number,
  cap: number | null,
): number {
  if (cap === null) return 0;
  const lastBillable = base + block * cap;
  return minutes >= lastBillable + block ? minutes - lastBillable : 0;
}

/** `minutes_above_cap`: how many minutes an add-on cap leaves unbilled. */
export function pushCapFinding(
  findings: Finding[],
  minutes: number,
  code: string,
  cap: number,
  above: number,
): void {
  const text = `${minutes} countable minutes; ${code} is limited to ${cap} unit${cap === 1 ? "" : "s"}, so ${pluralMinutes(above)} above the limit are not billable.`;
  findings.push(createFinding("minutes_above_cap", text));
}

/**
 * Warnings about the lane decision a biller should see: below threshold, complex fallback or
 * complex paying less than non-complex (a compliance flag, §14.6 — never an automatic switch),
 * minutes lost to add-on caps, and 99437 units above 2 (§14.1).
 */
export function pushLaneFindings(
  choice: LaneChoice,
  counted: { staff: number; practitioner: number },
  hasComplexMdm: boolean,
  isComplexDocumented: boolean,
  prices: MonthPrices,
  options: Readonly<RuleOptions>,
  findings: Finding[],
): void {
  const { staff, practitioner } = counted;
  if (hasComplexMdm && !isComplexDocumented) {
    const text =
      "Moderate/high MDM is documented, but this practice also requires a substantially revised care plan for complex CCM and none is recorded; the month is coded as non-complex CCM.";
    findings.push(createFinding("complex_needs_substantial_revision", text));
  } else if (isComplexDocumented && staff < COMPLEX_BASE_MINUTES) {
    const text = `Moderate/high MDM is documented but there are only ${pluralMinutes(staff)}; complex CCM (99487) needs 60, so the month falls back to non-complex staff codes.`;
    findings.push(createFinding("complex_fallback_to_staff", text));
  }
  if (choice.lane === null) {
    const text = `${pluralMinutes(staff)} counted; 99490 needs ${STAFF_BASE_MINUTES} (${STAFF_BASE_MINUTES - staff} more). Nothing is billable for time yet.`;
    findings.push(createFinding("below_threshold", text));
  } else if (choice.lane === "staff") {
    const above = countMinutesAboveCap(staff, 20, 20, STAFF_ADD_ON_CAP);
    if (above > 0) pushCapFinding(findings, staff, "99439", STAFF_ADD_ON_CAP, above);
    pushUnpricedPractitionerLane(practitioner, prices, options, findings);
  } else if (choice.lane === "complex") {
    const complexValue = valueComplexLane(choice.addOnUnits, prices);
    const staffValue = valueStaffLane(staff, prices);
    if (staffValue > complexValue) {
      const text = `Complex CCM is billed because moderate/high MDM is documented; non-complex coding of the same ${staff} minutes would pay ${formatCents(staffValue)} instead of ${formatCents(complexValue)}. The code must describe the documented service, so no switch was made.`;
      findings.push(createFinding("complex_pays_less", text));
    }
    const cap = options.cap99489;
    const above = countMinutesAboveCap(staff, 60, 30, cap);
    if (cap !== null && above > 0) pushCapFinding(findings, staff, "99489", cap, above);
  } else {
    const cap = options.cap99437;
    const above = countMinutesAboveCap(practitioner, 30, 30, cap);
    if (cap !== null && above > 0) pushCapFinding(findings, practitioner, "99437", cap, above);
    if (choice.addOnUnits > options.warn99437Above) {
      const text = `${choice.addOnUnits} units of 99437 are billed; CMS sets no limit, but some payers deny more than ${options.warn99437Above} (MUE). Review before submitting.`;
      findings.push(createFinding("99437_above_2", text));
    }
  }
}

/**
 * Option `unpricedCodes: "avoid"`: one `rate_missing` block per billed code without an amount
 * for the year (the month then bills nothing until the rate is entered). True when any was found.
 */
export function pushMissingRateFindings(
  lines: readonly BillingLine[],
  prices: MonthPrices,
  findings: Finding[],
): boolean {
  let isMissing = false;
  for (const line of lines) {
    if (getUnitPrice(prices, line.code).lineCents !== undefined) continue;
    const text = `No ${prices.year} amount for ${line.code}, so the month is not billed rather than sent at $0.00. Enter the clinic's ${prices.year} rate for ${line.code} in its fee schedule and re-run the close.`;
    findings.push(createFinding("rate_missing", text));
    isMissing = true;
  }
  return isMissing;
}

/**
 * One `rate_unknown` warning per billed code without a confirmed amount; its line shows 0 cents
 * rather than a guessed price.
 */
export function pushRateFindings(
  lines: readonly BillingLine[],
  prices: MonthPrices,
  options: Readonly<RuleOptions>,
  findings: Finding[],
): void {
  for (const line of lines) {
    if (getUnitPrice(prices, line.code).lineCents !== undefined) continue;
    const latest = getLatestKnownRateCents(line.code, options.conversionFactor);
    const compared =
      latest === undefined
        ? ""
        : ` (lanes were compared at its latest confirmed amount, ${formatCents(latest)})`;
    const text = `No confirmed ${prices.year} amount for ${line.code}; the line is priced at $0.00${compared}. Add it to the practice fee schedule to price it.`;
    findings.push(createFinding("rate_unknown", text));
  }
}

/**
 * The practitioner lane was passed over only because a code of it has no amount this year: say so,
 * so the clinic can enter its rate (the lane may then pay more) instead of learning it never.
 */
function pushUnpricedPractitionerLane(
  practitioner: number,
  prices: MonthPrices,
  options: Readonly<RuleOptions>,
  findings: Finding[],
): void {
  if (practitioner < PRACTITIONER_BASE_MINUTES) return;
  const units = countAddOnUnits(practitioner, 30, 30, options.cap99437);
  if (!isPractitionerLaneUnpriced(units, prices, options)) return;
  const missing = [CCM_CODES.practitionerBase, ...(units > 0 ? [CCM_CODES.practitionerAddOn] : [])].filter(
    (code) => getUnitPrice(prices, code).lineCents === undefined,
  );
  const text = `${pluralMinutes(practitioner)} of billing-practitioner time are billed in the clinical-staff lane because ${missing.join(" and ")} ${missing.length > 1 ? "have" : "has"} no ${prices.year} amount. If the clinic has a ${prices.year} rate, enter it in its fee schedule and re-run the close: the practitioner lane may pay more.`;
  findings.push(createFinding("practitioner_lane_unpriced", text));
}
