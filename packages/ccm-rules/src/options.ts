import { isIsoDate } from "./dates.js";
import type { ConversionFactorChoice, FeeSchedule } from "./rates.js";

/**
 * Every rule the research notes mark uncertain (§13, §14) is an option here, with the default
 * the notes recommend and the source tag it rests on. Tenants change these per compliance
 * decision; the engine never guesses past them.
 */
export interface RuleOptions {
  /** Max 99437 units a month; null = no cap. No CMS cap found; vendors report MUE 2 (§14.1 [S24][S36]). */
  cap99437: number | null;
  /** Warn (`99437_above_2`) when more 99437 units than this are billed (§14.1 [S24][S36]). */
  warn99437Above: number;
  /** Max 99489 units a month; null = no cap. No CMS cap; one site reports MUE 10 (§14.2 [S24]). */
  cap99489: number | null;
  /** Max 99425 units a month (PCM); null = no cap. No source states one (§2.3 [S46][S63]). */
  cap99425: number | null;
  /** Max 99427 units a month (PCM); null = no cap. No source states one (§2.3 [S46][S63]). */
  cap99427: number | null;
  /** RHC/FQHC G0511 is not payable for dates of service from this date (§9, §14.9 [S61][S104][S107]). */
  g0511CutoffDate: string;
  /** RHC/FQHC may bill the individual care-management codes from this date (§9 [S104][S105][S106]). */
  fqhcRhcIndividualCodesFrom: string;
  /** Complex CCM also needs a substantially revised care plan (pre-2021 wording, §14.3 [S14][S15]). */
  requireSubstantialRevisionForComplex: boolean;
  /** CCM is not billable in a month with G0181/G0182/90951–90970 (2015–16 rule, §3, §14.7 [S73][S74][S75]). */
  ccmBlockedByG0181G0182Esrd: boolean;
  /** CCM and TCM may share a month (allowed since CY2020, §3, §14.5 [S65][S66][S67][S68]). */
  canBillCcmWithTcm: boolean;
  /** APCM is not billed with TCM by the same practitioner (§13, §14.8 [S76][S77]). */
  apcmBlocksTcm: boolean;
  /** What a month without interactive contact raises: no CMS rule for CCM (§14.12 [S32]). */
  interactiveContact: "off" | "warn" | "block";
  /** Warn when consent is at least this many months old; null = one-time consent (§6, §14.10 [S91][S92][S94]). */
  consentReconfirmMonths: number | null;
  /** 2026+ conversion factor: non-QP or qualifying APM participant (§2.1 [S41][S42]). */
  conversionFactor: ConversionFactorChoice;
  /** Date of service that picks the rate period; CMS never fixed it (§11.11, §14.14 [S113][S114]). */
  dateOfService: "last_day_of_month" | "first_day_of_month";
  /** Tenant per-unit amounts that override the national table (cents, by code and year). */
  feeSchedule: FeeSchedule;
  /**
   * A billed code without an amount for the year (issue 15): `price_at_zero` (the contract) prices
   * its line at 0 with `rate_unknown` and compares lanes at the latest confirmed year; `avoid`
   * compares unpriced codes at 0 (so a priced lane wins) and blocks the month with `rate_missing`
   * when the chosen lane still has an unpriced line: no $0 line ever leaves the engine.
   */
  unpricedCodes: "price_at_zero" | "avoid";
}

export const DEFAULT_RULE_OPTIONS: Readonly<RuleOptions> = Object.freeze({
  cap99437: null,
  warn99437Above: 2,
  cap99489: null,
  cap99425: null,
  cap99427: null,
  g0511CutoffDate: "2025-10-01",
  fqhcRhcIndividualCodesFrom: "2025-01-01",
  requireSubstantialRevisionForComplex: false,
  ccmBlockedByG0181G0182Esrd: true,
  canBillCcmWithTcm: true,
  apcmBlocksTcm: true,
  interactiveContact: "warn",
  consentReconfirmMonths: null,
  conversionFactor: "non_qp",
  dateOfService: "last_day_of_month",
  feeSchedule: Object.freeze({}),
  unpricedCodes: "price_at_zero",
});

const resolved = new WeakMap<Partial<RuleOptions>, Readonly<RuleOptions>>();

function isCount(value: number | null, allowNull: boolean, min: number): boolean {
  if (value === null) return allowNull;
  return Number.isInteger(value) && value >= min;
}

function validateFeeSchedule(feeSchedule: FeeSchedule): void {
  for (const [code, byYear] of Object.entries(feeSchedule)) {
    for (const [year, cents] of Object.entries(byYear)) {
      if (!/^\d{4}$/.test(year) || !Number.isInteger(cents) || cents < 0) {
        throw new RangeError(
          `feeSchedule.${code}.${year} must be integer cents for a 4-digit year`,
        );
      }
    }
  }
}

function validate(o: RuleOptions): void {
  const counts: [string, number | null, boolean, number][] = [
    ["cap99437", o.cap99437, true, 0],
    ["warn99437Above", o.warn99437Above, false, 0],
    ["cap99489", o.cap99489, true, 0],
    ["cap99425", o.cap99425, true, 0],
    ["cap99427", o.cap99427, true, 0],
    ["consentReconfirmMonths", o.consentReconfirmMonths, true, 1],
  ];
  for (const [name, value, allowNull, min] of counts) {
    if (!isCount(value, allowNull, min))
      throw new RangeError(`${name} must be an integer ≥ ${min}`);
  }
  for (const [name, value] of [
    ["g0511CutoffDate", o.g0511CutoffDate],
    ["fqhcRhcIndividualCodesFrom", o.fqhcRhcIndividualCodesFrom],
  ] as const) {
    if (!isIsoDate(value)) throw new RangeError(`${name} must be a YYYY-MM-DD date`);
  }
  if (!["off", "warn", "block"].includes(o.interactiveContact)) {
    throw new RangeError("interactiveContact must be off, warn or block");
  }
  if (o.conversionFactor !== "non_qp" && o.conversionFactor !== "qp") {
    throw new RangeError("conversionFactor must be non_qp or qp");
  }
  if (o.dateOfService !== "last_day_of_month" && o.dateOfService !== "first_day_of_month") {
    throw new RangeError("dateOfService must be last_day_of_month or first_day_of_month");
  }
  if (o.unpricedCodes !== "price_at_zero" && o.unpricedCodes !== "avoid") {
    throw new RangeError("unpricedCodes must be price_at_zero or avoid");
  }
  validateFeeSchedule(o.feeSchedule);
}

/**
 * Merges partial options over the defaults and validates them. The result is cached per options
 * object, so a caller evaluating a million months with one options object pays for the merge
 * once (options are treated as immutable after first use). Throws `RangeError` on a malformed
 * option: that is a configuration bug, never a billing outcome.
 */
export function resolveRuleOptions(options?: Partial<RuleOptions>): Readonly<RuleOptions> {
  if (options === undefined) return DEFAULT_RULE_OPTIONS;
  const cached = resolved.get(options);
  if (cached !== undefined) return cached;
  const merged: RuleOptions = { ...DEFAULT_RULE_OPTIONS };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  validate(merged);
  const frozen = Object.freeze(merged);
  resolved.set(options, frozen);
  return frozen;
}
