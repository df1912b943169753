import { createHash } from "node:crypto";
import type { ScopedTx } from "@carefold/db";
import type { BillingLine, Finding } from "@carefold/ccm-rules";
import type { ObjectStorage } from "@carefold/integrations";
import { notFound } from "../../errors.js";
import { CarePlanBodySchema } from "../care-plans/care-plan.schemas.js";
import { ACTIVITIES } from "../time/time.schemas.js";
import { decideInitiatingVisit, INITIATING_VISIT_KINDS } from "./initiating-visit.js";
import { loadInitiatingVisitPolicy } from "./initiating-visit-policy.service.js";
import { lastDayOf } from "./worksheet-row.js";
import { getWorksheetRow } from "./worksheet.service.js";
import { renderAuditPacketPdf, type AuditPacketInput } from "./audit-packet-pdf.js";

const DISCLOSURES = [
  ["disclosedAvailability", "the service is available and what it includes"],
  ["disclosedCostSharing", "cost sharing (coinsurance and deductible) applies"],
  ["disclosedStopAnytime", "the patient may stop at any time, effective at the end of the month"],
  ["disclosedSinglePractitioner", "only one practitioner may bill CCM for a month"],
] as const;

const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);
const minute = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** Why an entry did not count toward the month's minutes, in the words the worksheet uses. */
function whyNotCounted(e: { isSuperseded: boolean; reviewStatus: string; durationSeconds: number; performerRole: string; performerInUs: boolean }) {
  if (e.isSuperseded) return "replaced by a correction";
  if (e.reviewStatus === "rejected") return "rejected in review";
  if (e.durationSeconds <= 0) return "no time";
  if (e.performerRole === "non_clinical") return "non-clinical staff time never counts";
  if (!e.performerInUs) return "performed outside the United States";
  return null;
}

/**
 * The audit packet of one patient-month: a PDF of the close's result, its findings and every input
 * the rules read, stored in object storage and linked to the worksheet row. Made on first request
 * and reused while nothing it shows can have changed (same close result, exclusion and approval);
 * the row lock makes two concurrent requests wait for each other, so one packet is stored.
 */
export async function auditPacketFor(tx: ScopedTx, storage: ObjectStorage, tenantId: string, serviceMonth: string, patientId: string, actorUserId: string) {
  const [locked] = await tx.$queryRaw<{ document_id: string | null; basis: string | null }[]>`
    SELECT audit_packet_document_id::text AS document_id, audit_packet_basis AS basis FROM worksheet_row
     WHERE tenant_id = ${tenantId}::uuid AND service_month = ${serviceMonth} AND patient_id = ${patientId}::uuid FOR UPDATE`;
  if (!locked) throw notFound("That worksheet row");
  const row = await tx.worksheetRow.findUniqueOrThrow({ where: { tenantId_serviceMonth_patientId: { tenantId, serviceMonth, patientId } } });
  const close = await tx.monthClose.findUniqueOrThrow({ where: { tenantId_serviceMonth: { tenantId, serviceMonth } } });
  const basis = createHash("sha256")
    .update([row.inputHash, row.resultHash, row.excludedReason ?? "", close.status, close.approvedAt?.toISOString() ?? "", close.runId ?? ""].join("|"))
    .digest("hex");
  if (locked.document_id && locked.basis === basis) return { documentId: locked.document_id, isNew: false };

  const input = await gatherPacket(tx, tenantId, serviceMonth, patientId, row, close);
  const pdf = await renderAuditPacketPdf(input);
  const fileName = `audit-packet-${serviceMonth}-${patientId.slice(0, 8)}.pdf`;
  const stored = await storage.putObject({ tenantId, kind: "audit-packet", fileName, contentType: "application/pdf", body: pdf });
  const document = await tx.document.create({
    data: { tenantId, kind: "audit_packet", storageKey: stored.key, fileName, contentType: "application/pdf", sizeBytes: BigInt(stored.sizeBytes), sha256: stored.sha256, patientId, uploadedBy: actorUserId },
  });
  await tx.worksheetRow.update({
    where: { tenantId_serviceMonth_patientId: { tenantId, serviceMonth, patientId } },
    data: { auditPacketDocumentId: document.id, auditPacketBasis: basis },
  });
  return { documentId: document.id, isNew: true };
}

type Row = Awaited<ReturnType<ScopedTx["worksheetRow"]["findUniqueOrThrow"]>>;
type Close = Awaited<ReturnType<ScopedTx["monthClose"]["findUniqueOrThrow"]>>;

async function gatherPacket(tx: ScopedTx, tenantId: string, serviceMonth: string, patientId: string, row: Row, close: Close): Promise<AuditPacketInput> {
  const monthStart = new Date(`${serviceMonth}-01T00:00:00Z`);
  const monthEnd = new Date(`${lastDayOf(serviceMonth)}T00:00:00Z`);
  const patient = await tx.patient.findFirstOrThrow({ where: { id: patientId }, include: { tenant: { select: { name: true, timeZone: true } } } });
  const detail = await getWorksheetRow(tx, tenantId, serviceMonth, patientId);
  const practitioner = row.billingPractitionerId ? await tx.practitioner.findFirst({ where: { id: row.billingPractitionerId }, select: { name: true, npi: true } }) : null;
  const approver = close.approvedBy ? await tx.appUser.findUnique({ where: { id: close.approvedBy }, select: { name: true } }) : null;

  // The consent the close used: the latest obtained by month end and not revoked before the month began.
  const consent = await tx.consent.findFirst({
    where: { patientId, obtainedOn: { lte: monthEnd }, OR: [{ revokedOn: null }, { revokedOn: { gte: monthStart } }], enrollment: { program: "ccm" } },
    orderBy: { obtainedOn: "desc" },
    include: { evidence: { select: { fileName: true, sha256: true } } },
  });
  // The initiating visit as the close decides it (initiating-visit.ts): owed or not, and which visit.
  const encounters = await tx.encounter.findMany({
    where: { patientId, kind: { in: [...INITIATING_VISIT_KINDS] }, occurredOn: { lte: monthEnd } },
    orderBy: { occurredOn: "asc" },
  });
  const enrollment = await tx.programEnrollment.findFirst({ where: { patientId, program: "ccm" }, select: { enrolledOn: true } });
  const ccmStartsOn = day(enrollment?.enrolledOn ?? null) ?? (consent ? day(consent.obtainedOn) : null);
  const decided = decideInitiatingVisit(
    encounters.map((e) => ({ practitionerId: e.practitionerId, occurredOn: day(e.occurredOn)!, kind: e.kind, isCcmDiscussed: e.isCcmDiscussed })),
    row.billingPractitionerId,
    ccmStartsOn,
    await loadInitiatingVisitPolicy(tx, tenantId),
  );
  const visit = decided.completedOn ? (encounters.find((e) => day(e.occurredOn) === decided.completedOn && e.practitionerId === row.billingPractitionerId) ?? null) : null;
  const plan = await tx.carePlan.findFirst({ where: { patientId } });
  const version = plan
    ? await tx.carePlanVersion.findFirst({
        where: { carePlanId: plan.id, createdAt: { lt: new Date(monthEnd.getTime() + 86_400_000) } },
        orderBy: { version: "desc" },
        include: { signer: { select: { name: true } } },
      })
    : null;
  const body = version ? CarePlanBodySchema.safeParse(version.body) : null;

  // Calls placed in the service month, in the clinic's calendar.
  const calls = await tx.$queryRaw<{ created_at: Date; talk_seconds: number | null; disposition: string | null; caller: string | null; recorded: boolean }[]>`
    SELECT c.created_at, c.talk_seconds, c.disposition, u.name AS caller,
           EXISTS (SELECT 1 FROM call_recording r WHERE r.tenant_id = c.tenant_id AND r.call_id = c.id) AS recorded
      FROM call c LEFT JOIN app_user u ON u.id = c.user_id
     WHERE c.tenant_id = ${tenantId}::uuid AND c.patient_id = ${patientId}::uuid
       AND c.created_at >= (${serviceMonth + "-01"}::date)::timestamp AT TIME ZONE ${patient.tenant.timeZone}
       AND c.created_at < ((${serviceMonth + "-01"}::date + interval '1 month')::timestamp AT TIME ZONE ${patient.tenant.timeZone})
     ORDER BY c.created_at`;

  return {
    clinicName: patient.tenant.name,
    serviceMonth,
    generatedAt: minute(new Date()),
    patient: { name: `${patient.lastName}, ${patient.firstName}`, dateOfBirth: day(patient.dateOfBirth)!, mbi: patient.mbi?.trim() ?? null, medicalRecordNumber: patient.medicalRecordNumber },
    billingPractitioner: practitioner ? { name: practitioner.name, npi: practitioner.npi.trim() } : null,
    close: {
      status: close.status,
      runId: row.runId,
      closedAt: close.closedAt ? minute(close.closedAt) : null,
      approvedBy: approver?.name ?? null,
      approvedAt: close.approvedAt ? minute(close.approvedAt) : null,
      inputHash: row.inputHash,
      resultHash: row.resultHash,
    },
    result: {
      status: detail.status,
      lane: detail.lane,
      lines: (detail.lines as BillingLine[]).map((l) => ({ code: l.code, units: l.units, amountCents: l.amountCents })),
      dateOfService: detail.dateOfService,
      diagnosisCodes: detail.diagnosisCodes,
      staffMinutes: detail.staffMinutes,
      practitionerMinutes: detail.practitionerMinutes,
      loggedMinutes: detail.loggedMinutes,
      amountCents: row.amountCents,
      coinsuranceCents: row.coinsuranceCents,
      findings: (detail.findings as Finding[]).map((f) => ({ severity: f.severity, message: f.message })),
      excludedReason: detail.excludedReason,
    },
    consent: consent
      ? {
          method: consent.method,
          obtainedOn: day(consent.obtainedOn)!,
          obtainedBy: consent.obtainedByName,
          disclosures: DISCLOSURES.map(([key, label]) => ({ label, given: consent[key] })),
          evidence: consent.evidence ? { fileName: consent.evidence.fileName, sha256: consent.evidence.sha256 } : null,
          revokedOn: day(consent.revokedOn),
        }
      : null,
    initiatingVisit: { isOwed: decided.required, ccmStartsOn, visit: visit ? { kind: visit.kind, occurredOn: day(visit.occurredOn)!, isCcmDiscussed: visit.isCcmDiscussed } : null },
    carePlan: version
      ? {
          version: version.version,
          createdOn: day(version.createdAt)!,
          signedBy: version.signer?.name ?? null,
          signedOn: day(version.signedAt),
          sharedOn: day(version.sharedWithPatientOn),
          sharedMethod: version.sharedMethod,
          problems: body?.success ? body.data.problems.map((p) => (p.icd10Code ? `${p.description} (${p.icd10Code})` : p.description)) : ["(the stored plan could not be read)"],
          goals: body?.success ? body.data.goals.map((g) => `${g.description} — ${g.measure}, target ${g.target}`) : [],
        }
      : null,
    // Oldest first, as an auditor reads a log.
    entries: [...detail.entries].reverse().map((e) => ({
      performedOn: e.performedOn,
      minutes: e.minutes,
      activity: ACTIVITIES[e.activity as keyof typeof ACTIVITIES] ?? e.activity,
      performer: e.performer ?? "unknown",
      role: e.performerRole,
      source: e.source,
      counts: e.counts,
      whyNot: e.counts ? null : whyNotCounted(e),
    })),
    calls: calls.map((c) => ({ at: minute(c.created_at), talkSeconds: c.talk_seconds, disposition: c.disposition, by: c.caller ?? "unknown", recorded: c.recorded })),
  };
}
