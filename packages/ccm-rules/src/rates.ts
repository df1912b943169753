import { FIRST_QP_YEAR, RATE_TABLE, type RateEntry } from "./rate-table.js";

/** Which 2026+ conversion factor prices a line (§2.1 [S41]). */
export type ConversionFactorChoice = "non_qp" | "qp";

/**
 * A tenant's own per-unit amounts in cents, by code then calendar year, e.g.
 * `{ "99491": { 2026: 8450 } }`. An override wins over the national amount for that year.
 */
export type FeeSchedule = Readonly<Record<string, Readonly<Record<number, number>>>>;

const ENTRIES_BY_CODE = new Map<string, RateEntry[]>();
for (const entry of RATE_TABLE) {
  const list = ENTRIES_BY_CODE.get(entry.code) ?? [];
  list.push(entry);
  ENTRIES_BY_CODE.set(entry.code, list);
}
for (const list of ENTRIES_BY_CODE.values()) {
  list.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
}

function yearOf(date: string): number {
  return Number(date.substring(0, 4));
}

function amountFor(entry: RateEntry, conversionFactor: ConversionFactorChoice): number | undefined {
  const isSplitYear = yearOf(entry.effectiveFrom) >= FIRST_QP_YEAR;
  return conversionFactor === "qp" && isSplitYear ? entry.qpCents : entry.cents;
}

/**
 * The rate-table entry in force for `code` on a date of service ('YYYY-MM-DD'), with its source
 * and confidence; `undefined` when no confirmed amount covers that date.
 */
export function getRateEntry(code: string, date: string): RateEntry | undefined {
  const list = ENTRIES_BY_CODE.get(code);
  if (list === undefined) return undefined;
  return list.find((e) => e.effectiveFrom <= date && date <= e.effectiveTo);
}

/**
 * National non-facility amount per unit in cents on a date of service. Date-aware because 2024
 * has two amounts (Jan 1–Mar 8 and Mar 9–Dec 31, §2.1). Under `qp`, 2026+ amounts are the QP
 * figures; a code without a QP figure returns `undefined` rather than a non-QP stand-in.
 */
export function rateCentsOn(
  code: string,
  date: string,
  conversionFactor: ConversionFactorChoice = "non_qp",
): number | undefined {
  const entry = getRateEntry(code, date);
  return entry === undefined ? undefined : amountFor(entry, conversionFactor);
}

/**
 * Contract. National non-facility amount per unit in cents for `year` (non-QP conversion
 * factor). For 2024 this is the Mar 9–Dec 31 amount, the one in force for most of the year;
 * use `rateCentsOn` for January–March 8 2024. Unconfirmed amounts are `undefined`, never guessed.
 */
export function rateCents(code: string, year: number): number | undefined {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return undefined;
  return rateCentsOn(code, `${year}-12-31`);
}

/**
 * The most recent confirmed amount for a code in any year, used only to compare lanes when the
 * service year has none (contract: "a code with no rate that year compares at the latest year
 * that has one"). `undefined` when the code has never had a confirmed amount.
 */
export function getLatestKnownRateCents(
  code: string,
  conversionFactor: ConversionFactorChoice = "non_qp",
): number | undefined {
  const list = ENTRIES_BY_CODE.get(code) ?? [];
  for (let i = list.length - 1; i >= 0; i--) {
    const amount = amountFor(list[i] as RateEntry, conversionFactor);
    if (amount !== undefined) return amount;
  }
  return undefined;
}

/** Price of one unit for billing and for lane comparison. */
export interface UnitPrice {
  /** Amount printed on the line; `undefined` when unconfirmed (the line then shows 0). */
  lineCents: number | undefined;
  /** Amount used to compare lanes: the line amount, else the latest known year, else 0. */
  compareCents: number;
}

/**
 * Resolves one unit's price on a date of service: tenant fee schedule for that year first, then
 * the national table. Comparison falls back to the latest known national amount so an
 * unconfirmed year never makes a lane look free.
 */
export function priceUnit(
  code: string,
  date: string,
  conversionFactor: ConversionFactorChoice,
  feeSchedule: FeeSchedule,
  isUnpricedAvoided = false,
): UnitPrice {
  const override = feeSchedule[code]?.[yearOf(date)];
  const lineCents = override ?? rateCentsOn(code, date, conversionFactor);
  // Avoided: an unpriced code is worth nothing, so a priced lane wins the comparison.
  const fallback = isUnpricedAvoided ? 0 : (getLatestKnownRateCents(code, conversionFactor) ?? 0);
  const compareCents = lineCents ?? fallback;
  return { lineCents, compareCents };
}

/** "$167.01" for 16701; used in finding messages. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const rest = abs % 100;
  return `${sign}$${Math.floor(abs / 100)}.${rest < 10 ? "0" : ""}${rest}`;
}
