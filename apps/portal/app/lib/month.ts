/** "November 2026" for the given instant in the clinic's time zone (service months follow the clinic). */
export function monthLabel(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone }).format(now);
}
