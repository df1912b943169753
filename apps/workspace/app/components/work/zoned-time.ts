/**
 * Wall-clock times in a clinic's time zone. A manual entry is typed as the clinic's date and start
 * time ("Dec 1, 9:30"); the API stores an instant, so the browser turns the pair into one using
 * the zone's offset on that day (daylight saving included).
 */

const parts = (at: number, timeZone: string) => {
  const values: Record<string, number> = {};
  for (const part of new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at)) {
    if (part.type !== "literal") values[part.type] = Number(part.value);
  }
  return values;
};

/** The zone's offset from UTC at an instant (ms; negative west of Greenwich). */
function offsetAt(at: number, timeZone: string): number {
  const p = parts(at, timeZone);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** "2026-03-08" + "09:30" in America/Chicago → the ISO instant; null for an impossible input. */
export function zonedToIso(date: string, time: string, timeZone: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  try {
    // Two passes: the offset at the guessed instant may differ from the one at the answer.
    let at = wall - offsetAt(wall, timeZone);
    at = wall - offsetAt(at, timeZone);
    return new Date(at).toISOString();
  } catch {
    return null;
  }
}

/** Whole days from `from` to `to` (ISO dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
