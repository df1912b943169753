/** "October 2026" for a service month ("2026-10"). */
export const monthLabel = (month: string) => new Date(`${month}-01T00:00:00Z`).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

/** The `?month=` of a billing sub-page, or last month (the one usually being closed and billed). */
export function serviceMonthParam(request: Request): string {
  const month = new URL(request.url).searchParams.get("month");
  if (month && /^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return month;
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}
