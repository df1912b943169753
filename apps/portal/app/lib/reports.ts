import type { MonthState, ReportSection } from "@carefold/api";

export function reportQuery(
  range: { from: string; to: string; month?: string },
  extra: Record<string, string> = {},
) {
  const params = new URLSearchParams({
    from: range.from,
    to: range.to,
    ...(range.month ? { month: range.month } : {}),
    ...extra,
  });
  return `?${params.toString()}`;
}

export const SECTION_TITLES: Record<ReportSection, string> = {
  revenue: "Revenue by month and code",
  "billable-rate": "Billable rate",
  minutes: "Minutes distribution",
  enrollment: "Enrollment and churn",
  productivity: "Coordinator productivity",
  collections: "Collected vs expected",
};

export const MONTH_STATE: Record<
  MonthState,
  { label: string; tone: "success" | "brand" | "neutral" | "muted" | "warning" }
> = {
  approved: { label: "Approved", tone: "success" },
  closed: { label: "Closed, awaiting approval", tone: "brand" },
  open: { label: "Open · month to date", tone: "warning" },
  not_closed: { label: "Not closed", tone: "muted" },
  future: { label: "Not started", tone: "neutral" },
};

/** "Sep 2026" */
export const monthShort = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleString("en-US", {
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
/** "September 2026" */
export const monthLong = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleString("en-US", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });

/** "$1,234.56" from integer cents. */
export const usd = (cents: number) =>
  (cents / 100).toLocaleString("en-US", { style: "currency", currency: "USD" });
/** "$1,235" (whole dollars, for chart axes). */
export const usdWhole = (dollars: number) =>
  dollars.toLocaleString("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
export const pct = (rate: number | null) =>
  rate === null ? "—" : `${(Math.round(rate * 1000) / 10).toFixed(1)} %`;

/** The export's file name slug of a clinic ("maple-grove-family-medicine"). */
export const slugOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
