import { CCM_CODES } from "./codes.js";
import { parseMonthIndex } from "./dates.js";
import { checkMonthPrerequisites, type MonthGate } from "./exclusions.js";
import { createFinding } from "./findings.js";
import { pushLaneFindings, pushMissingRateFindings, pushRateFindings } from "./lane-findings.js";
import { findNextCcmThreshold, getLaneCodes, selectCcmLane } from "./lanes.js";
import { getMonthPrices, getUnitPrice, type MonthPrices } from "./month-prices.js";
import { resolveRuleOptions, type RuleOptions } from "./options.js";
import { createMinuteTally, pushMinuteFindings, tallyMinutes } from "./time-counting.js";
import type { BillingLine, Finding, PatientMonthInput, PatientMonthResult } from "./types.js";

const tally = createMinuteTally();
const gate: MonthGate = { isBlocked: false, consentCutoff: null, visitCutoff: null };

/** A line for `units` of `code` at this month's price; unconfirmed prices give 0 cents. */
export function createLine(prices: MonthPrices, code: string, units: number): BillingLine {
  const cents = getUnitPrice(prices, code).lineCents;
  return { code, units, amountCents: cents === undefined ? 0 : cents * units };
}

function pushG0506(
  request: NonNullable<PatientMonthInput["g0506"]>,
  prices: MonthPrices,
  lines: BillingLine[],
  findings: Finding[],
): void {
  let isValid = true;
  if (request.previouslyBilled) {
    const text =
      "G0506 was already billed for this patient; it is payable once per beneficiary, at CCM initiation.";
    findings.push(createFinding("g0506_previously_billed", text));
    isValid = false;
  }
  if (!request.withInitiatingVisit) {
    const text =
      "G0506 is an add-on to the CCM initiating visit (E/M, AWV or IPPE) and cannot be billed without it.";
    findings.push(createFinding("g0506_without_initiating_visit", text));
    isValid = false;
  }
  if (isValid) lines.push(createLine(prices, CCM_CODES.initiationAddOn, 1));
}

/**
 * Contract. Decides what one patient-month bills under traditional Medicare CCM.
 *
 * Invariants (property-tested): at most one lane; an add-on never appears without its base;
 * add-on caps hold; a month with a month-scoped `block` finding has no lines and `next` null;
 * the result does not depend on entry order or on splitting an ungrouped entry into pieces;
 * adding `next.minutesNeeded` countable minutes bills `next.code`. Amounts are national
 * non-facility cents (or the tenant fee schedule) times units; an unconfirmed amount prices the
 * line at 0 with a `rate_unknown` warning rather than a guess.
 *
 * Pure and synchronous. Built for month close over millions of patient-months: no `Date`
 * parsing (ISO strings compare lexicographically), prices cached per month and options object.
 */
export function evaluatePatientMonth(
  input: PatientMonthInput,
  options?: Partial<RuleOptions>,
): PatientMonthResult {
  const rules = resolveRuleOptions(options);
  const findings: Finding[] = [];
  const monthIndex = parseMonthIndex(input.serviceMonth);
  if (monthIndex < 0) {
    const text = `Service month "${input.serviceMonth}" is not a YYYY-MM month.`;
    findings.push(createFinding("invalid_service_month", text));
    return {
      lane: null,
      lines: [],
      countedMinutes: { staff: 0, practitioner: 0 },
      countedSeconds: { staff: 0, practitioner: 0 },
      findings,
      next: null,
    };
  }
  const prices = getMonthPrices(monthIndex, rules);
  checkMonthPrerequisites(input, prices.dateOfService, rules, "ccm", findings, gate);
  tallyMinutes(input.entries, input.serviceMonth, gate.consentCutoff, tally, gate.visitCutoff);
  pushMinuteFindings(tally, input.serviceMonth, gate.consentCutoff, findings, gate.visitCutoff);
  const countedMinutes = { staff: tally.staff, practitioner: tally.practitioner };
  const countedSeconds = { staff: tally.staffSeconds, practitioner: tally.practitionerSeconds };
  if (gate.isBlocked) {
    return { lane: null, lines: [], countedMinutes, countedSeconds, findings, next: null };
  }
  const isComplexDocumented =
    input.complexMdm &&
    (!rules.requireSubstantialRevisionForComplex || input.carePlan.substantiallyRevised === true);
  const { staff, practitioner } = countedMinutes;
  const choice = selectCcmLane(staff, practitioner, isComplexDocumented, prices, rules);
  pushLaneFindings(
    choice,
    countedMinutes,
    input.complexMdm,
    isComplexDocumented,
    prices,
    rules,
    findings,
  );
  let lines: BillingLine[];
  if (choice.lane === null) lines = [];
  else {
    const codes = getLaneCodes(choice.lane);
    const base = createLine(prices, codes.base, 1);
    lines =
      choice.addOnUnits > 0 ? [base, createLine(prices, codes.addOn, choice.addOnUnits)] : [base];
  }
  if (input.g0506 != null) pushG0506(input.g0506, prices, lines, findings);
  if (rules.unpricedCodes === "avoid" && pushMissingRateFindings(lines, prices, findings)) {
    return { lane: null, lines: [], countedMinutes, countedSeconds, findings, next: null };
  }
  pushRateFindings(lines, prices, rules, findings);
  const next = findNextCcmThreshold(
    choice,
    staff,
    practitioner,
    isComplexDocumented,
    prices,
    rules,
  );
  return { lane: choice.lane, lines, countedMinutes, countedSeconds, findings, next };
}
