import { TZDate } from "@date-fns/tz";

/** Calendar date and wall-clock time of an instant in a clinic's time zone. */
export interface ClinicLocalTime {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const validZones = new Set<string>();

/**
 * Throws `RangeError` unless `timeZone` is an IANA zone name the runtime knows. An unknown zone
 * must never silently fall back to UTC: calling hours and month boundaries would shift.
 */
export function assertTimeZone(timeZone: string): void {
  if (validZones.has(timeZone)) return;
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) {
    throw new RangeError(`Not an IANA time zone: "${timeZone}"`);
  }
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw new RangeError(`Unknown time zone: "${timeZone}"`);
  }
  validZones.add(timeZone);
}

/**
 * The clinic-local date and time of an instant. DST-safe: the zone's rules come from the IANA
 * database via @date-fns/tz, never from the server's zone or a fixed offset.
 */
export function getClinicLocalTime(now: Date, timeZone: string): ClinicLocalTime {
  assertTimeZone(timeZone);
  if (Number.isNaN(now.getTime())) throw new RangeError("now is an invalid Date");
  const local = new TZDate(now.getTime(), timeZone);
  return {
    year: local.getFullYear(),
    month: local.getMonth() + 1,
    day: local.getDate(),
    hour: local.getHours(),
    minute: local.getMinutes(),
  };
}

/** The clinic-local calendar date of an instant, 'YYYY-MM-DD' (a date of service). */
export function toClinicDate(now: Date, timeZone: string): string {
  const { year, month, day } = getClinicLocalTime(now, timeZone);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
