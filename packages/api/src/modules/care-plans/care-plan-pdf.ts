import PDFDocument from "pdfkit";
import type { CarePlanBody } from "./care-plan.schemas.js";

export interface CarePlanPdfInput {
  clinicName: string;
  patientName: string;
  dateOfBirth: string;
  version: number;
  signedBy: string | null;
  signedOn: string | null;
  body: CarePlanBody;
}

/**
 * The patient's copy of the care plan (CMS: a copy goes to the patient/caregiver). Plain language,
 * large type, no identifiers beyond name and date of birth.
 */
export function renderCarePlanPdf(input: CarePlanPdfInput): Promise<Buffer> {
  const doc = new PDFDocument({ size: "LETTER", margin: 56, info: { Title: `Care plan — ${input.patientName}`, Author: input.clinicName } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));

  doc.font("Helvetica-Bold").fontSize(20).text("Your care plan");
  doc.font("Helvetica").fontSize(11).fillColor("#444").text(`${input.clinicName} · version ${input.version}`);
  doc.moveDown(0.5).fillColor("#000").fontSize(12).text(`${input.patientName} · born ${input.dateOfBirth}`);
  if (input.signedBy) doc.text(`Approved by ${input.signedBy}${input.signedOn ? ` on ${input.signedOn}` : ""}`);

  const section = (title: string) => doc.moveDown(1).font("Helvetica-Bold").fontSize(14).text(title).font("Helvetica").fontSize(12).moveDown(0.3);
  const bullet = (line: string) => doc.text(`•  ${line}`, { indent: 8 });

  section("Health problems we are working on");
  input.body.problems.forEach((p) => bullet(p.icd10Code ? `${p.description} (${p.icd10Code})` : p.description));
  section("Your goals");
  input.body.goals.forEach((g) => bullet(`${g.description} — measured by ${g.measure}; target ${g.target}${g.targetDate ? ` by ${g.targetDate}` : ""}`));
  section("What we will do, and who does it");
  input.body.interventions.forEach((i) => bullet(`${i.description} — ${i.responsibleParty}${i.frequency ? ` (${i.frequency})` : ""}`));
  section("Your medicines");
  doc.text(input.body.medicationManagement || "Bring all your medicines to each visit.");
  section("When symptoms change");
  doc.text(input.body.symptomManagement || "Call the clinic if you feel worse.");
  if (input.body.communityResources.length) {
    section("Help in your community");
    input.body.communityResources.forEach((r) => bullet([r.name, r.purpose, r.contact].filter(Boolean).join(" — ")));
  }
  if (input.body.reviewDueOn) {
    section("Next review");
    doc.text(`We will review this plan with you by ${input.body.reviewDueOn}.`);
  }
  doc.moveDown(1.5).fontSize(10).fillColor("#444").text("You can reach your care team 24 hours a day through the clinic's phone number. You may stop this service at any time; it ends at the end of that month.");
  doc.end();
  return done;
}
