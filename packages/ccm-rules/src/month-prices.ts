import { APCM_CODES, CCM_CODES, PCM_CODES } from "./codes.js";
import { formatMonthDay } from "./dates.js";
import type { RuleOptions } from "./options.js";
import { priceUnit, type UnitPrice } from "./rates.js";

/** Comparison cents per unit of the six time-based CCM codes, as plain fields for the hot path. */
export interface CcmComparePrices {
  staffBase: number;
  staffAddOn: number;
  complexBase: number;
  complexAddOn: number;
  practitionerBase: number;
  practitionerAddOn: number;
}

/** Unit prices of every code the engine emits, for one service month under one options set. */
export interface MonthPrices {
  year: number;
  /** The date of service that selected the rate period (see option `dateOfService`). */
  dateOfService: string;
  unit: ReadonlyMap<string, UnitPrice>;
  compare: Readonly<CcmComparePrices>;
}

const PRICED_CODES = [
  ...Object.values(CCM_CODES),
  ...Object.values(PCM_CODES),
  ...Object.values(APCM_CODES),
];

const cache = new WeakMap<Readonly<RuleOptions>, Map<number, MonthPrices>>();
// One-entry shortcut: month close evaluates many months under the same options object.
let lastOptions: Readonly<RuleOptions> | undefined;
let lastByMonth: Map<number, MonthPrices> | undefined;

function buildMonthPrices(monthIndex: number, options: Readonly<RuleOptions>): MonthPrices {
  const which = options.dateOfService === "first_day_of_month" ? "first" : "last";
  const dateOfService = formatMonthDay(monthIndex, which);
  const unit = new Map<string, UnitPrice>();
  for (const code of PRICED_CODES) {
    const isAvoided = options.unpricedCodes === "avoid";
    unit.set(
      code,
      priceUnit(code, dateOfService, options.conversionFactor, options.feeSchedule, isAvoided),
    );
  }
  const compareOf = (code: string): number => (unit.get(code) as UnitPrice).compareCents;
  const compare = {
    staffBase: compareOf(CCM_CODES.staffBase),
    staffAddOn: compareOf(CCM_CODES.staffAddOn),
    complexBase: compareOf(CCM_CODES.complexBase),
    complexAddOn: compareOf(CCM_CODES.complexAddOn),
    practitionerBase: compareOf(CCM_CODES.practitionerBase),
    practitionerAddOn: compareOf(CCM_CODES.practitionerAddOn),
  };
  return { year: Math.floor(monthIndex / 12), dateOfService, unit, compare };
}

/**
 * Prices for a month index (`parseMonthIndex`), computed once per options object and month and
 * then reused: the hot path never scans the rate table. The date of service is the first or last
 * day of the month per option, which decides e.g. which 2024 conversion factor applies.
 */
export function getMonthPrices(monthIndex: number, options: Readonly<RuleOptions>): MonthPrices {
  let byMonth = options === lastOptions ? lastByMonth : cache.get(options);
  if (byMonth === undefined) {
    byMonth = new Map();
    cache.set(options, byMonth);
  }
  lastOptions = options;
  lastByMonth = byMonth;
  let prices = byMonth.get(monthIndex);
  if (prices === undefined) {
    prices = buildMonthPrices(monthIndex, options);
    byMonth.set(monthIndex, prices);
  }
  return prices;
}

const UNPRICED: UnitPrice = { lineCents: undefined, compareCents: 0 };

/** Unit price of a code in a month's price list (codes outside the list are unpriced). */
export function getUnitPrice(prices: MonthPrices, code: string): UnitPrice {
  return prices.unit.get(code) ?? UNPRICED;
}
