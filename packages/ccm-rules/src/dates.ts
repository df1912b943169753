/**
 * Calendar helpers on 'YYYY-MM-DD' and 'YYYY-MM' strings. The hot path compares ISO strings
 * character by character instead of parsing `Date`s: ISO dates sort lexicographically, and a
 * date of service is a clinic-local calendar date, not an instant.
 */

const CHAR_0 = 48;
const CHAR_9 = 57;
const CHAR_DASH = 45;

function isDigitAt(value: string, index: number): boolean {
  const c = value.charCodeAt(index);
  return c >= CHAR_0 && c <= CHAR_9;
}

function digitsAt(value: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) n = n * 10 + (value.charCodeAt(i) - CHAR_0);
  return n;
}

/** Days in a month (month 1–12), Gregorian leap years included. */
export function getDaysInMonth(year: number, month: number): number {
  if (month === 2) {
    const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return isLeap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Reads 'YYYY-MM' from the first 7 characters (caller checks the length): month index or -1.
function readMonthIndex(value: string): number {
  if (value.charCodeAt(4) !== CHAR_DASH) return -1;
  for (let i = 0; i < 7; i++) if (i !== 4 && !isDigitAt(value, i)) return -1;
  const month = digitsAt(value, 5, 2);
  if (month < 1 || month > 12) return -1;
  return digitsAt(value, 0, 4) * 12 + month - 1;
}

/**
 * Parses 'YYYY-MM' into `year * 12 + (month - 1)`, or -1 when malformed. A single integer keeps
 * month arithmetic (consent age, comparisons) allocation-free.
 */
export function parseMonthIndex(value: string): number {
  return value.length === 7 ? readMonthIndex(value) : -1;
}

/** True for a real calendar date written 'YYYY-MM-DD' (day checked against the month). */
export function isIsoDate(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(7) !== CHAR_DASH) return false;
  const monthIndex = readMonthIndex(value);
  if (monthIndex < 0 || !isDigitAt(value, 8) || !isDigitAt(value, 9)) return false;
  const day = digitsAt(value, 8, 2);
  return day >= 1 && day <= getDaysInMonth(Math.floor(monthIndex / 12), (monthIndex % 12) + 1);
}

/**
 * Compares the month of an ISO date with a 'YYYY-MM' month without allocating:
 * negative when the date is in an earlier month, 0 in the same month, positive after.
 */
export function compareDateToMonth(date: string, month: string): number {
  for (let i = 0; i < 7; i++) {
    const d = date.charCodeAt(i) - month.charCodeAt(i);
    if (d !== 0) return d;
  }
  return 0;
}

/** 'YYYY-MM' for a month index produced by `parseMonthIndex`. */
export function formatMonthIndex(monthIndex: number): string {
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  return `${String(year).padStart(4, "0")}-${month < 10 ? "0" : ""}${month}`;
}

/** First or last calendar day of a month index, as 'YYYY-MM-DD'. */
export function formatMonthDay(monthIndex: number, which: "first" | "last"): string {
  const year = Math.floor(monthIndex / 12);
  const day = which === "first" ? 1 : getDaysInMonth(year, (monthIndex % 12) + 1);
  return `${formatMonthIndex(monthIndex)}-${day < 10 ? "0" : ""}${day}`;
}
