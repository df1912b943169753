import { writeCsv } from "../../csv/csv-writer.js";
import type { ClinicReport } from "./reports.service.js";
import type { ReportSection } from "./reports.schemas.js";

/** Dollars from integer cents, exactly ("1234.05"). */
export const dollars = (cents: number) => `${cents < 0 ? "-" : ""}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, "0")}`;
const percent = (rate: number | null) => (rate === null ? "" : (Math.round(rate * 1000) / 10).toFixed(1));
const blank = (n: number | null) => (n === null ? "" : n);

/** The columns of each section's CSV, in order. */
export const REPORT_CSV_COLUMNS: Record<ReportSection, readonly string[]> = {
  revenue: ["service_month", "month_status", "code", "units", "patients", "amount_cents", "amount_usd"],
  "billable-rate": ["service_month", "month_status", "source", "evaluated", "billable", "blocked", "below_threshold", "excluded", "billable_rate_percent"],
  minutes: ["service_month", "month_status", "source", "bucket", "patients"],
  enrollment: ["service_month", "new_enrollments", "disenrollments", "disenrollment_reasons", "enrolled_at_month_end"],
  productivity: ["service_month", "performer", "minutes", "patients_touched", "entries"],
  collections: ["service_month", "claims", "expected_usd", "claims_answered", "paid_usd", "patient_responsibility_usd", "denied_claims"],
};

function records(report: ClinicReport, section: ReportSection): (string | number)[][] {
  switch (section) {
    case "revenue":
      return report.revenue.months.flatMap((m) =>
        m.byCode.length
          ? m.byCode.map((c) => [m.month, m.state, c.code, c.units, c.patients, c.amountCents, dollars(c.amountCents)])
          : [[m.month, m.state, "", 0, 0, 0, dollars(0)]],
      );
    case "billable-rate":
      return report.billableRate.map((r) => [r.month, r.state, r.source, r.evaluated, r.billable, blank(r.blocked), blank(r.belowThreshold), blank(r.excluded), percent(r.rate)]);
    case "minutes":
      return report.minutes.buckets.map((b) => [report.minutes.month, report.minutes.state, report.minutes.source, b.label, b.patients]);
    case "enrollment":
      return report.enrollment.map((e) => [e.month, e.newEnrollments, e.disenrollments, e.byReason.map((r) => `${r.label}: ${r.count}`).join("; "), e.enrolledAtEnd]);
    case "productivity":
      return report.productivity.map((p) => [p.month, p.performer, p.minutes, p.patients, p.entries]);
    case "collections":
      return report.collections.map((c) => [c.month, c.claims, dollars(c.expectedCents), c.remitted, dollars(c.paidCents), dollars(c.patientResponsibilityCents), c.denied]);
  }
}

/** One section of a report as CSV (the shared writer: RFC 4180, CRLF, header, formulas neutralised). */
export function buildReportCsv(report: ClinicReport, section: ReportSection): string {
  return writeCsv(REPORT_CSV_COLUMNS[section], records(report, section));
}
