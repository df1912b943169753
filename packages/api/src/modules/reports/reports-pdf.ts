import PDFDocument from "pdfkit";
import { dollars } from "./reports-csv.js";
import type { ClinicReport, MonthState } from "./reports.service.js";

const STATE_LABEL: Record<MonthState, string> = { approved: "Approved", closed: "Closed", open: "Open (to date)", not_closed: "Not closed", future: "Not started" };
const percent = (rate: number | null) => (rate === null ? "—" : `${(Math.round(rate * 1000) / 10).toFixed(1)} %`);
const n = (v: number | null) => (v === null ? "—" : String(v));

type Doc = InstanceType<typeof PDFDocument>;

/** A plain table: header row in bold, right-aligned numbers, a new page (with the header) when full. */
function table(doc: Doc, columns: { title: string; width: number; align?: "left" | "right" }[], rows: string[][]) {
  const left = doc.page.margins.left;
  const rowHeight = 16;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const drawRow = (cells: string[], bold: boolean) => {
    if (doc.y + rowHeight > bottom()) doc.addPage();
    const y = doc.y;
    let x = left;
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(9).fillColor("#111");
    cells.forEach((cell, i) => {
      const col = columns[i]!;
      doc.text(cell, x + 2, y + 4, { width: col.width - 4, align: col.align ?? "left", lineBreak: false, ellipsis: true });
      x += col.width;
    });
    doc.moveTo(left, y + rowHeight).lineTo(x, y + rowHeight).lineWidth(0.5).strokeColor(bold ? "#555" : "#ccc").stroke();
    doc.x = left;
    doc.y = y + rowHeight;
  };
  drawRow(columns.map((c) => c.title), true);
  if (rows.length === 0) drawRow(["No data in this range.", ...columns.slice(1).map(() => "")], false);
  rows.forEach((r) => drawRow(r, false));
  doc.moveDown(0.5);
}

/** Columns of a month series (a small bar chart, the numbers are in the table that follows). */
function columnChart(doc: Doc, bars: { label: string; value: number }[], format: (v: number) => string) {
  const height = 90;
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  if (doc.y + height + 30 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const top = doc.y + 10;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = width / Math.max(1, bars.length);
  bars.forEach((b, i) => {
    const h = (b.value / max) * height;
    const x = left + i * slot + slot * 0.2;
    if (h > 0) doc.rect(x, top + height - h, slot * 0.6, h).fill("#2563eb");
    doc.fillColor("#333").font("Helvetica").fontSize(7).text(b.label.slice(2), left + i * slot, top + height + 3, { width: slot, align: "center", lineBreak: false });
    if (b.value > 0) doc.fontSize(7).text(format(b.value), left + i * slot, top + height - h - 10, { width: slot, align: "center", lineBreak: false });
  });
  doc.moveTo(left, top + height).lineTo(left + width, top + height).lineWidth(0.5).strokeColor("#999").stroke();
  doc.x = left;
  doc.y = top + height + 18;
}

/** The whole report as one PDF (aggregates only: no patient appears in it). */
export function renderReportPdf(report: ClinicReport, generatedAt = new Date()): Promise<Buffer> {
  const doc = new PDFDocument({ size: "LETTER", margin: 50, info: { Title: `Reports — ${report.clinic.name}, ${report.from} to ${report.to}`, Author: "Carefold" } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));

  doc.font("Helvetica-Bold").fontSize(18).fillColor("#000").text(`Reports · ${report.clinic.name}`);
  doc.font("Helvetica").fontSize(10).fillColor("#444").text(`Service months ${report.from} to ${report.to} (clinic time zone ${report.clinic.timeZone}). Generated ${generatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`);
  doc.text("Closed and approved months come from the month close; the current month is month to date and may change.");
  const section = (title: string, note?: string) => {
    if (doc.y + 80 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    doc.moveDown(1).font("Helvetica-Bold").fontSize(13).fillColor("#000").text(title);
    if (note) doc.font("Helvetica").fontSize(9).fillColor("#555").text(note);
    doc.moveDown(0.3);
  };

  section("Revenue by month and code", `Billable worksheet rows of closed months. Total ${`$${dollars(report.revenue.totalCents)}`}.`);
  columnChart(doc, report.revenue.months.map((m) => ({ label: m.month, value: m.amountCents })), (v) => `$${Math.round(v / 100)}`);
  table(
    doc,
    [{ title: "Month", width: 70 }, { title: "Status", width: 90 }, { title: "Code", width: 70 }, { title: "Units", width: 60, align: "right" }, { title: "Patients", width: 70, align: "right" }, { title: "Amount", width: 100, align: "right" }],
    report.revenue.months.flatMap((m) =>
      m.byCode.length ? m.byCode.map((c) => [m.month, STATE_LABEL[m.state], c.code, String(c.units), String(c.patients), `$${dollars(c.amountCents)}`]) : [[m.month, STATE_LABEL[m.state], "—", "0", "0", "$0.00"]],
    ),
  );

  section("Billable rate by month", "Billable ÷ evaluated patient-months. The open month counts enrolled patients at 20 or more staff minutes so far.");
  table(
    doc,
    [{ title: "Month", width: 70 }, { title: "Status", width: 90 }, { title: "Evaluated", width: 60, align: "right" }, { title: "Billable", width: 55, align: "right" }, { title: "Blocked", width: 55, align: "right" }, { title: "Below", width: 50, align: "right" }, { title: "Excluded", width: 55, align: "right" }, { title: "Rate", width: 65, align: "right" }],
    report.billableRate.map((r) => [r.month, STATE_LABEL[r.state], String(r.evaluated), String(r.billable), n(r.blocked), n(r.belowThreshold), n(r.excluded), percent(r.rate)]),
  );

  section(`Minutes distribution · ${report.minutes.month}`, report.minutes.source === "close" ? "Counted staff minutes per patient-month of the close." : report.minutes.source === "rollup" ? "Staff minutes so far per enrolled patient (not closed)." : "This month is not closed: no distribution yet.");
  table(doc, [{ title: "Staff minutes", width: 120 }, { title: "Patients", width: 80, align: "right" }], report.minutes.buckets.map((b) => [b.label, String(b.patients)]));

  section("Enrollment and churn (CCM)");
  table(
    doc,
    [{ title: "Month", width: 70 }, { title: "New", width: 50, align: "right" }, { title: "Disenrolled", width: 70, align: "right" }, { title: "Reasons", width: 220 }, { title: "Enrolled at end", width: 90, align: "right" }],
    report.enrollment.map((e) => [e.month, String(e.newEnrollments), String(e.disenrollments), e.byReason.map((r) => `${r.label}: ${r.count}`).join("; ") || "—", String(e.enrolledAtEnd)]),
  );

  section("Collected vs expected", "Approved months' billable amounts against what uploaded 835 remittances paid, what patients owe and claims denied.");
  table(
    doc,
    [{ title: "Month", width: 70 }, { title: "Claims", width: 50, align: "right" }, { title: "Expected", width: 80, align: "right" }, { title: "Answered", width: 60, align: "right" },
      { title: "Paid", width: 80, align: "right" }, { title: "Patient owes", width: 80, align: "right" }, { title: "Denied", width: 50, align: "right" }],
    report.collections.filter((c) => c.claims > 0 || c.remitted > 0).map((c) => [c.month, String(c.claims), `$${dollars(c.expectedCents)}`, String(c.remitted), `$${dollars(c.paidCents)}`, `$${dollars(c.patientResponsibilityCents)}`, String(c.denied)]),
  );

  section("Coordinator productivity", "Minutes of entries in force (corrections applied, rejected entries left out), patients touched and entries.");
  table(
    doc,
    [{ title: "Month", width: 70 }, { title: "Performer", width: 200 }, { title: "Minutes", width: 70, align: "right" }, { title: "Patients", width: 70, align: "right" }, { title: "Entries", width: 70, align: "right" }],
    report.productivity.map((p) => [p.month, p.performer, String(p.minutes), String(p.patients), String(p.entries)]),
  );

  doc.end();
  return done;
}
