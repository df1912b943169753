import type { Tone } from "@carefold/ui";

/** The fields of a worklist row the risk label is decided from. */
export interface RiskInput {
  minutes: number;
  minutesNeeded: number;
  minutesPerDayNeeded: number;
  daysLeft: number;
  /** The CCM enrollment status: the worklist also lists consented patients to enroll. */
  programStatus?: string;
}

/**
 * Month-end risk in words and colour (colour never alone): red = will miss the base threshold
 * unless worked now, amber = behind pace, grey = not started, green = billable this month.
 */
export function riskOf(row: RiskInput): { tone: Tone; label: string } {
  // Minutes of a patient who has consented but is not enrolled yet do not bill, however many.
  if (row.programStatus === "consented") return { tone: "warning", label: "Enroll to bill" };
  if (row.minutes >= 20) {
    return { tone: "success", label: row.minutesNeeded === 0 ? "All thresholds met" : "Billable" };
  }
  if (row.minutesPerDayNeeded >= 2 || (row.daysLeft <= 3 && row.minutesNeeded > 0)) {
    return { tone: "danger", label: "Critical" };
  }
  if (row.minutesPerDayNeeded >= 0.8) return { tone: "warning", label: "At risk" };
  if (row.minutes === 0) return { tone: "muted", label: "Not started" };
  return { tone: "brand", label: "On track" };
}

/** The forecast level of `time.monthToDate` in words and colour. */
export function forecastLabel(level: string): { tone: Tone; label: string } {
  switch (level) {
    case "met":
      return { tone: "success", label: "Threshold met" };
    case "on_track":
      return { tone: "brand", label: "On track" };
    case "at_risk":
      return { tone: "warning", label: "At risk" };
    case "critical":
      return { tone: "danger", label: "Critical" };
    case "not_billable":
      return { tone: "danger", label: "Not billable yet" };
    default:
      return { tone: "muted", label: level.replace(/_/g, " ") };
  }
}

export const formatCents = (cents: number) =>
  (cents / 100).toLocaleString("en-US", { style: "currency", currency: "USD" });
