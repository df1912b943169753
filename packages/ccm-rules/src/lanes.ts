import { CCM_CODES } from "./codes.js";
import { getUnitPrice, type MonthPrices } from "./month-prices.js";
import type { RuleOptions } from "./options.js";
import type { CcmLane, NextThreshold } from "./types.js";

/** Thresholds are full minimums, never midpoints (§11.2). */
export const STAFF_BASE_MINUTES = 20;
export const STAFF_ADD_ON_MINUTES = 20;
/** CMS frequency limit on 99439 (§1.2 [S7][S8][S9]); not uncertain, so not an option. */
export const STAFF_ADD_ON_CAP = 2;
export const COMPLEX_BASE_MINUTES = 60;
export const COMPLEX_ADD_ON_MINUTES = 30;
export const PRACTITIONER_BASE_MINUTES = 30;
export const PRACTITIONER_ADD_ON_MINUTES = 30;

/**
 * Add-on units for `minutes` after a base threshold: each further *full* block counts, capped
 * when `cap` is not null. Zero below the base threshold.
 */
export function countAddOnUnits(
  minutes: number,
  baseMinutes: number,
  blockMinutes: number,
  cap: number | null,
): number {
  if (minutes < baseMinutes + blockMinutes) return 0;
  const units = Math.floor((minutes - baseMinutes) / blockMinutes);
  return cap === null || units < cap ? units : cap;
}

/** The lane a month bills in, with its add-on units (base is 1 whenever lane is not null). */
export interface LaneChoice {
  lane: CcmLane | null;
  addOnUnits: number;
}

/** Comparison value (cents) of the non-complex staff lane at `staff` minutes; 0 below 20. */
export function valueStaffLane(staff: number, prices: MonthPrices): number {
  if (staff < STAFF_BASE_MINUTES) return 0;
  const units = countAddOnUnits(staff, STAFF_BASE_MINUTES, STAFF_ADD_ON_MINUTES, STAFF_ADD_ON_CAP);
  return prices.compare.staffBase + units * prices.compare.staffAddOn;
}

/** Comparison value (cents) of the complex lane with `addOnUnits` units of 99489. */
export function valueComplexLane(addOnUnits: number, prices: MonthPrices): number {
  return prices.compare.complexBase + addOnUnits * prices.compare.complexAddOn;
}

/** Comparison value (cents) of the practitioner lane at `practitioner` minutes; 0 below 30. */
export function valuePractitionerLane(
  practitioner: number,
  prices: MonthPrices,
  options: Readonly<RuleOptions>,
): number {
  if (practitioner < PRACTITIONER_BASE_MINUTES) return 0;
  const units = countAddOnUnits(practitioner, 30, 30, options.cap99437);
  if (isPractitionerLaneUnpriced(units, prices, options)) return 0;
  return prices.compare.practitionerBase + units * prices.compare.practitionerAddOn;
}

/**
 * Option `unpricedCodes: "avoid"`: the practitioner lane would bill a code without an amount this
 * year (2026 99491). Such a lane is worth nothing as a whole — its base cannot go out at $0 and its
 * add-ons never bill without the base — so a fully priced lane wins instead of a lane that blocks.
 */
export function isPractitionerLaneUnpriced(
  addOnUnits: number,
  prices: MonthPrices,
  options: Readonly<RuleOptions>,
): boolean {
  if (options.unpricedCodes !== "avoid") return false;
  if (getUnitPrice(prices, CCM_CODES.practitionerBase).lineCents === undefined) return true;
  return addOnUnits > 0 && getUnitPrice(prices, CCM_CODES.practitionerAddOn).lineCents === undefined;
}

/**
 * Picks the one lane of the month (§1.4, contract "Required behaviour"):
 * - complex when complex CCM is documented and staff minutes reach 60 — the documentation
 *   decides, even when non-complex coding would pay more (§14.6);
 * - complex documented but under 60 → the non-complex staff lane;
 * - otherwise the better-paying of the staff and practitioner lanes at this month's prices
 *   (ties go to the staff lane). Never two lanes.
 */
export function selectCcmLane(
  staff: number,
  practitioner: number,
  isComplexDocumented: boolean,
  prices: MonthPrices,
  options: Readonly<RuleOptions>,
): LaneChoice {
  if (isComplexDocumented && staff >= COMPLEX_BASE_MINUTES) {
    const units = countAddOnUnits(staff, 60, COMPLEX_ADD_ON_MINUTES, options.cap99489);
    return { lane: "complex", addOnUnits: units };
  }
  const staffUnits = countAddOnUnits(staff, 20, STAFF_ADD_ON_MINUTES, STAFF_ADD_ON_CAP);
  if (!isComplexDocumented) {
    const practitionerValue = valuePractitionerLane(practitioner, prices, options);
    if (practitionerValue > valueStaffLane(staff, prices)) {
      const units = countAddOnUnits(
        practitioner,
        30,
        PRACTITIONER_ADD_ON_MINUTES,
        options.cap99437,
      );
      return { lane: "practitioner", addOnUnits: units };
    }
  }
  return { lane: staff >= STAFF_BASE_MINUTES ? "staff" : null, addOnUnits: staffUnits };
}

const LANE_CODES: Readonly<Record<CcmLane, { base: string; addOn: string }>> = Object.freeze({
  staff: Object.freeze({ base: CCM_CODES.staffBase, addOn: CCM_CODES.staffAddOn }),
  complex: Object.freeze({ base: CCM_CODES.complexBase, addOn: CCM_CODES.complexAddOn }),
  practitioner: Object.freeze({
    base: CCM_CODES.practitionerBase,
    addOn: CCM_CODES.practitionerAddOn,
  }),
});

/** Base and add-on code of a lane. */
export function getLaneCodes(lane: CcmLane): { base: string; addOn: string } {
  return LANE_CODES[lane];
}

function staffNext(staff: number, isComplexDocumented: boolean): NextThreshold | null {
  if (staff < STAFF_BASE_MINUTES) return { code: CCM_CODES.staffBase, minutesNeeded: 20 - staff };
  if (staff < 40) return { code: CCM_CODES.staffAddOn, minutesNeeded: 40 - staff };
  if (staff >= COMPLEX_BASE_MINUTES) return null;
  // The second 99439 sits at 60, where documented complex CCM switches to 99487.
  const code = isComplexDocumented ? CCM_CODES.complexBase : CCM_CODES.staffAddOn;
  return { code, minutesNeeded: COMPLEX_BASE_MINUTES - staff };
}

function practitionerNext(
  staff: number,
  practitioner: number,
  prices: MonthPrices,
  options: Readonly<RuleOptions>,
): NextThreshold | null {
  const current = valuePractitionerLane(practitioner, prices, options);
  const candidates: number[] = [40 - staff, 60 - staff];
  const units = countAddOnUnits(practitioner, 30, 30, options.cap99437);
  if (options.cap99437 === null || units < options.cap99437) {
    candidates.push(30 * (Math.floor(practitioner / 30) + 1) - practitioner);
  }
  candidates.sort((a, b) => a - b);
  for (const extra of candidates) {
    if (extra <= 0) continue;
    const choice = selectCcmLane(staff + extra, practitioner + extra, false, prices, options);
    const value =
      choice.lane === "staff"
        ? valueStaffLane(staff + extra, prices)
        : valuePractitionerLane(practitioner + extra, prices, options);
    if (value > current && choice.lane !== null) {
      const codes = getLaneCodes(choice.lane);
      return { code: choice.addOnUnits > 0 ? codes.addOn : codes.base, minutesNeeded: extra };
    }
  }
  return null;
}

/**
 * Contract `next`: the fewest additional countable minutes that bill one more code unit in the
 * lane in use, and that code; null when the lane is capped. Added minutes are clinical-staff
 * minutes, except in the practitioner lane where they are the billing practitioner's own (which
 * also count as staff minutes, so the answer is found by re-running the lane choice at each
 * candidate threshold — e.g. 30 practitioner minutes → 10 more reach 99490 + 99439, which then
 * pays more than 99491).
 */
export function findNextCcmThreshold(
  choice: LaneChoice,
  staff: number,
  practitioner: number,
  isComplexDocumented: boolean,
  prices: MonthPrices,
  options: Readonly<RuleOptions>,
): NextThreshold | null {
  if (choice.lane === "complex") {
    if (options.cap99489 !== null && choice.addOnUnits >= options.cap99489) return null;
    const target = 60 + 30 * (choice.addOnUnits + 1);
    return { code: CCM_CODES.complexAddOn, minutesNeeded: target - staff };
  }
  if (choice.lane === "practitioner") return practitionerNext(staff, practitioner, prices, options);
  return staffNext(staff, isComplexDocumented);
}
