import { PCM_CODES } from "./codes.js";
import { parseMonthIndex } from "./dates.js";
import { createLine } from "./evaluate.js";
import { checkMonthPrerequisites, type MonthGate } from "./exclusions.js";
import { createFinding, pluralMinutes } from "./findings.js";
import { pushCapFinding, pushRateFindings } from "./lane-findings.js";
import { countAddOnUnits } from "./lanes.js";
import { getMonthPrices, getUnitPrice, type MonthPrices } from "./month-prices.js";
import { resolveRuleOptions, type RuleOptions } from "./options.js";
import { createMinuteTally, pushMinuteFindings, tallyMinutes } from "./time-counting.js";
import type { BillingLine, Finding, NextThreshold, PatientMonthInput } from "./types.js";

/** PCM input: the CCM month input without the CCM-only fields. */
export type PcmMonthInput = Omit<
  PatientMonthInput,
  "complexMdm" | "g0506" | "ccmBilledByAnotherPractitioner"
>;

export type PcmLane = "pcm_practitioner" | "pcm_staff";

export interface PcmMonthResult {
  lane: PcmLane | null;
  lines: BillingLine[];
  countedMinutes: { staff: number; practitioner: number };
  /** The same totals in seconds; `countedMinutes` floors them once per lane. */
  countedSeconds: { staff: number; practitioner: number };
  findings: Finding[];
  next: NextThreshold | null;
}

/** Both PCM lanes start at 30 minutes and add a unit per further full 30 (§2.3 [S46][S63]). */
const PCM_BASE = 30;
const PCM_BLOCK = 30;

interface PcmChoice {
  lane: PcmLane | null;
  addOnUnits: number;
  score: number;
}

/** Value of a lane with `units` codes in total (base + add-ons); 0 when nothing bills. */
function scoreUnits(units: number, baseCents: number, addOnCents: number): number {
  return units > 0 ? baseCents + (units - 1) * addOnCents : 0;
}

function choosePcmLane(
  staff: number,
  practitioner: number,
  prices: MonthPrices,
  o: Readonly<RuleOptions>,
): PcmChoice {
  const pUnits =
    practitioner >= PCM_BASE
      ? 1 + countAddOnUnits(practitioner, PCM_BASE, PCM_BLOCK, o.cap99425)
      : 0;
  const sUnits =
    staff >= PCM_BASE ? 1 + countAddOnUnits(staff, PCM_BASE, PCM_BLOCK, o.cap99427) : 0;
  const price = (code: string): number => getUnitPrice(prices, code).compareCents;
  const pBase = price(PCM_CODES.practitionerBase);
  const sBase = price(PCM_CODES.staffBase);
  // Without a confirmed base amount for both lanes, more units wins and a tie goes to the
  // practitioner lane, whose codes carry the higher RVUs (§2.3: ~$88 vs ~$68, L).
  const isPriced = pBase > 0 && sBase > 0;
  const pAddOn = price(PCM_CODES.practitionerAddOn);
  const pScore = isPriced ? scoreUnits(pUnits, pBase, pAddOn) : pUnits;
  const sScore = isPriced ? scoreUnits(sUnits, sBase, price(PCM_CODES.staffAddOn)) : sUnits;
  if (pScore === 0 && sScore === 0) return { lane: null, addOnUnits: 0, score: 0 };
  if (sScore > pScore) return { lane: "pcm_staff", addOnUnits: sUnits - 1, score: sScore };
  return { lane: "pcm_practitioner", addOnUnits: pUnits - 1, score: pScore };
}

function findPcmNext(
  choice: PcmChoice,
  staff: number,
  practitioner: number,
  prices: MonthPrices,
  o: Readonly<RuleOptions>,
): NextThreshold | null {
  const isPractitionerLane = choice.lane === "pcm_practitioner";
  const candidates = [PCM_BASE * (Math.floor(staff / PCM_BLOCK) + 1) - staff];
  if (isPractitionerLane)
    candidates.push(PCM_BASE * (Math.floor(practitioner / PCM_BLOCK) + 1) - practitioner);
  candidates.sort((a, b) => a - b);
  for (const extra of candidates) {
    const after = choosePcmLane(
      staff + extra,
      practitioner + (isPractitionerLane ? extra : 0),
      prices,
      o,
    );
    if (after.lane !== null && after.score > choice.score) {
      const isStaff = after.lane === "pcm_staff";
      const base = isStaff ? PCM_CODES.staffBase : PCM_CODES.practitionerBase;
      const addOn = isStaff ? PCM_CODES.staffAddOn : PCM_CODES.practitionerAddOn;
      return { code: after.addOnUnits > 0 ? addOn : base, minutesNeeded: extra };
    }
  }
  return null;
}

/**
 * Principal Care Management for one patient-month, with the same counting rules, prerequisites
 * and finding style as CCM: one complex chronic condition suffices; 99424 (+99425 per further
 * full 30) on the billing practitioner's own minutes or 99426 (+99427) on staff minutes, never
 * both (§3 [S63]); blocked when the same practitioner bills CCM or APCM this month.
 * `next` follows the CCM contract (staff minutes added, or the practitioner's own in that lane).
 */
export function evaluatePcmMonth(
  input: PcmMonthInput,
  options?: Partial<RuleOptions>,
): PcmMonthResult {
  const o = resolveRuleOptions(options);
  const findings: Finding[] = [];
  const monthIndex = parseMonthIndex(input.serviceMonth);
  if (monthIndex < 0) {
    findings.push(
      createFinding(
        "invalid_service_month",
        `Service month "${input.serviceMonth}" is not a YYYY-MM month.`,
      ),
    );
    return {
      lane: null,
      lines: [],
      countedMinutes: { staff: 0, practitioner: 0 },
      countedSeconds: { staff: 0, practitioner: 0 },
      findings,
      next: null,
    };
  }
  const prices = getMonthPrices(monthIndex, o);
  const gate: MonthGate = { isBlocked: false, consentCutoff: null, visitCutoff: null };
  checkMonthPrerequisites(input, prices.dateOfService, o, "pcm", findings, gate);
  const consentCutoff = gate.consentCutoff;
  const tally = createMinuteTally();
  tallyMinutes(input.entries, input.serviceMonth, consentCutoff, tally, gate.visitCutoff);
  pushMinuteFindings(tally, input.serviceMonth, consentCutoff, findings, gate.visitCutoff);
  const countedMinutes = { staff: tally.staff, practitioner: tally.practitioner };
  const countedSeconds = { staff: tally.staffSeconds, practitioner: tally.practitionerSeconds };
  if (gate.isBlocked) {
    return { lane: null, lines: [], countedMinutes, countedSeconds, findings, next: null };
  }
  const { staff, practitioner } = countedMinutes;
  const choice = choosePcmLane(staff, practitioner, prices, o);
  const lines: BillingLine[] = [];
  if (choice.lane === null) {
    findings.push(
      createFinding(
        "below_threshold",
        `${pluralMinutes(staff)} counted; 99426 needs ${PCM_BASE} (${PCM_BASE - staff} more). Nothing is billable for time yet.`,
      ),
    );
  } else {
    const isStaff = choice.lane === "pcm_staff";
    lines.push(createLine(prices, isStaff ? PCM_CODES.staffBase : PCM_CODES.practitionerBase, 1));
    if (choice.addOnUnits > 0)
      lines.push(
        createLine(
          prices,
          isStaff ? PCM_CODES.staffAddOn : PCM_CODES.practitionerAddOn,
          choice.addOnUnits,
        ),
      );
    const minutes = isStaff ? staff : practitioner;
    const cap = isStaff ? o.cap99427 : o.cap99425;
    if (cap !== null && minutes >= PCM_BASE + PCM_BLOCK * (cap + 1)) {
      const above = minutes - PCM_BASE - PCM_BLOCK * cap;
      pushCapFinding(findings, minutes, isStaff ? "99427" : "99425", cap, above);
    }
  }
  pushRateFindings(lines, prices, o, findings);
  return {
    lane: choice.lane,
    lines,
    countedMinutes,
    countedSeconds,
    findings,
    next: findPcmNext(choice, staff, practitioner, prices, o),
  };
}
