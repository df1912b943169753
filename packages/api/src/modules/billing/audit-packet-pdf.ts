import PDFDocument from "pdfkit";

/** Everything an auditor needs to see why one patient-month was (or was not) billed. */
export interface AuditPacketInput {
  clinicName: string;
  serviceMonth: string;
  generatedAt: string;
  patient: { name: string; dateOfBirth: string; mbi: string | null; medicalRecordNumber: string | null };
  billingPractitioner: { name: string; npi: string } | null;
  close: { status: string; runId: string; closedAt: string | null; approvedBy: string | null; approvedAt: string | null; inputHash: string; resultHash: string };
  result: {
    status: string;
    lane: string | null;
    lines: { code: string; units: number; amountCents: number }[];
    dateOfService: string;
    diagnosisCodes: string[];
    staffMinutes: number;
    practitionerMinutes: number;
    loggedMinutes: number;
    amountCents: number;
    coinsuranceCents: number;
    findings: { severity: string; message: string }[];
    excludedReason: string | null;
  };
  consent: {
    method: string;
    obtainedOn: string;
    obtainedBy: string;
    disclosures: { label: string; given: boolean }[];
    evidence: { fileName: string; sha256: string } | null;
    revokedOn: string | null;
  } | null;
  /** As the close decided it: owed only when the billing practitioner had not seen the patient in the year before CCM started. */
  initiatingVisit: { isOwed: boolean; ccmStartsOn: string | null; visit: { kind: string; occurredOn: string; isCcmDiscussed: boolean } | null };
  carePlan: {
    version: number;
    createdOn: string;
    signedBy: string | null;
    signedOn: string | null;
    sharedOn: string | null;
    sharedMethod: string | null;
    problems: string[];
    goals: string[];
  } | null;
  entries: { performedOn: string; minutes: number; activity: string; performer: string; role: string; source: string; counts: boolean; whyNot: string | null }[];
  calls: { at: string; talkSeconds: number | null; disposition: string | null; by: string; recorded: boolean }[];
}

const VISIT_KINDS: Record<string, string> = {
  em_visit: "E/M office visit",
  awv: "Annual wellness visit",
  ippe: "Initial preventive physical examination",
  tcm_face_to_face: "TCM face-to-face visit",
};
const usd = (cents: number) => (cents / 100).toLocaleString("en-US", { style: "currency", currency: "USD" });
const talk = (seconds: number | null) => (seconds === null ? "—" : `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`);

/**
 * The audit packet of one patient-month as a PDF: the close's result and why, then each input the
 * rules read (consent, initiating visit, care plan, time log, calls), so an auditor can follow
 * every code back to its evidence without opening the application.
 */
export function renderAuditPacketPdf(input: AuditPacketInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "LETTER",
    margin: 54,
    bufferPages: true,
    info: { Title: `CCM audit packet — ${input.patient.name} — ${input.serviceMonth}`, Author: input.clinicName, Subject: "Chronic Care Management audit packet" },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  const grey = "#555555";

  const section = (title: string) => {
    if (doc.y > doc.page.height - 140) doc.addPage();
    doc.moveDown(0.9).font("Helvetica-Bold").fontSize(12.5).fillColor("#000").text(title).moveDown(0.25);
    doc.font("Helvetica").fontSize(10);
  };
  const field = (label: string, value: string) => {
    doc.font("Helvetica-Bold").fontSize(10).fillColor(grey).text(`${label}: `, { continued: true }).font("Helvetica").fillColor("#000").text(value);
  };
  const bullet = (line: string, color = "#000") => doc.fillColor(color).text(`•  ${line}`, { indent: 6 }).fillColor("#000");

  doc.font("Helvetica-Bold").fontSize(18).text("CCM audit packet");
  doc.font("Helvetica").fontSize(10.5).fillColor(grey).text(`${input.clinicName} · service month ${input.serviceMonth} · generated ${input.generatedAt}`).fillColor("#000");
  doc.moveDown(0.6);
  field("Patient", `${input.patient.name}, born ${input.patient.dateOfBirth}`);
  field("MBI", input.patient.mbi ?? "not on file");
  if (input.patient.medicalRecordNumber) field("MRN", input.patient.medicalRecordNumber);
  field("Billing practitioner", input.billingPractitioner ? `${input.billingPractitioner.name} (NPI ${input.billingPractitioner.npi})` : "none assigned");

  section("Result of the month close");
  field("Status", input.result.excludedReason ? `excluded by the clinic — ${input.result.excludedReason}` : input.result.status.replace(/_/g, " "));
  field("Codes", input.result.lines.length ? input.result.lines.map((l) => `${l.code}${l.units > 1 ? ` × ${l.units}` : ""} (${usd(l.amountCents)})`).join(", ") : "none");
  if (input.result.lane) field("Lane", input.result.lane.toUpperCase());
  field("Date of service", input.result.dateOfService);
  field("Diagnoses", input.result.diagnosisCodes.join(", ") || "none");
  field("Counted minutes", `${input.result.staffMinutes} clinical staff, ${input.result.practitionerMinutes} billing practitioner (${input.result.loggedMinutes} logged)`);
  field("Expected reimbursement", `${usd(input.result.amountCents)} (patient coinsurance ${usd(input.result.coinsuranceCents)})`);
  if (input.result.findings.length === 0) doc.text("No findings: the month meets every rule checked.");
  for (const f of input.result.findings) bullet(`${f.severity === "block" ? "Blocks billing" : "Warning"}: ${f.message}`, f.severity === "block" ? "#9b1c1c" : "#8a5a00");
  const approval = input.close.approvedAt ? `approved by ${input.close.approvedBy ?? "the clinic"} on ${input.close.approvedAt}` : "not approved yet";
  doc.moveDown(0.3).fontSize(9).fillColor(grey)
    .text(`Close run ${input.close.runId}, closed ${input.close.closedAt ?? "—"}, ${approval}. Input hash ${input.close.inputHash}; result hash ${input.close.resultHash}.`)
    .fillColor("#000");

  section("Consent");
  if (!input.consent) doc.text("No consent in force for this month.");
  else {
    field("Obtained", `${input.consent.obtainedOn}, ${input.consent.method}, by ${input.consent.obtainedBy}`);
    for (const d of input.consent.disclosures) bullet(`${d.given ? "Disclosed" : "NOT disclosed"}: ${d.label}`);
    field("Evidence", input.consent.evidence ? `${input.consent.evidence.fileName} (SHA-256 ${input.consent.evidence.sha256})` : "none attached");
    if (input.consent.revokedOn) field("Revoked", input.consent.revokedOn);
  }

  section("Initiating visit");
  const iv = input.initiatingVisit;
  const started = iv.ccmStartsOn ? `CCM started ${iv.ccmStartsOn}` : "CCM start not recorded";
  if (!iv.isOwed) doc.text(`Not owed: the billing practitioner saw the patient in the year before CCM started (${started}).`);
  else if (!iv.visit) doc.text(`Owed (${started}; not seen by the billing practitioner in the year before) and none on file.`);
  else doc.text(`${VISIT_KINDS[iv.visit.kind] ?? iv.visit.kind} on ${iv.visit.occurredOn}, by the billing practitioner${iv.visit.isCcmDiscussed ? ", CCM discussed" : ""} (${started}).`);

  section("Care plan in force at month end");
  if (!input.carePlan) doc.text("No care plan.");
  else {
    const p = input.carePlan;
    field("Version", `${p.version}, created ${p.createdOn}`);
    field("Signed", p.signedBy ? `${p.signedBy} on ${p.signedOn}` : "not signed");
    field("Copy to patient", p.sharedOn ? `${p.sharedOn}${p.sharedMethod ? ` (${p.sharedMethod.replace(/_/g, " ")})` : ""}` : "not recorded");
    doc.text("Problems:");
    p.problems.forEach((line) => bullet(line));
    doc.text("Goals:");
    p.goals.forEach((line) => bullet(line));
  }

  section(`Time log (${input.entries.length} entr${input.entries.length === 1 ? "y" : "ies"})`);
  if (input.entries.length === 0) doc.text("No time was logged this month.");
  for (const e of input.entries) {
    const line = `${e.performedOn}  ${String(e.minutes).padStart(3)} min  ${e.activity} — ${e.performer} (${e.role.replace(/_/g, " ")}, ${e.source})`;
    bullet(e.counts ? line : `${line} — not counted: ${e.whyNot}`, e.counts ? "#000" : grey);
  }

  section(`Calls (${input.calls.length})`);
  if (input.calls.length === 0) doc.text("No calls this month.");
  for (const c of input.calls) bullet(`${c.at}  talk ${talk(c.talkSeconds)}  ${c.disposition ?? "no outcome recorded"} — ${c.by}${c.recorded ? " · recorded" : ""}`);

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(8).fillColor(grey).text(`${input.patient.name} · ${input.serviceMonth} · page ${i + 1} of ${range.count}`, 54, doc.page.height - 36, { align: "center", width: doc.page.width - 108 });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
