import { checkConsent } from "@carefold/ccm-rules";
import type { ScopedTx } from "@carefold/db";
import { invalidInput, invalidState, notFound } from "../../errors.js";
import { getOrCreateEnrollment, type Program } from "./enrollment.service.js";
import { toDate } from "./patient-record.js";

export interface ConsentInput {
  patientId: string;
  program: Program;
  method: "verbal" | "written";
  disclosures: { availability: boolean; costSharing: boolean; stopAnyTime: boolean; onePractitionerPerMonth: boolean };
  obtainedOn: string;
  obtainedByName: string;
  evidenceDocumentId?: string;
  notes?: string;
}

/** Statuses from which recording consent moves the patient to `consented`. */
const CAN_CONSENT_FROM = new Set(["identified", "outreach", "unable_to_reach", "declined", "disenrolled"]);

/**
 * Records a patient's agreement to CCM. The ccm-rules consent check decides whether it is complete
 * (all four disclosures, method, who, when); anything blocking is refused with the rule's words and
 * nothing is written. The enrollment moves to `consented` in the same transaction.
 */
export async function recordConsent(tx: ScopedTx, tenantId: string, input: ConsentInput, actorUserId: string, today: string) {
  if (input.obtainedOn > today) throw invalidInput("Consent cannot be dated in the future.");
  const findings = checkConsent({
    obtainedOn: input.obtainedOn,
    method: input.method,
    obtainedBy: input.obtainedByName,
    decision: "accepted",
    disclosures: input.disclosures,
  });
  const blocking = findings.filter((f) => f.severity === "block");
  if (blocking.length) throw invalidInput(blocking.map((f) => f.message).join(" "));
  if (input.method === "written" && !input.evidenceDocumentId) {
    throw invalidInput("Attach the signed consent form for written consent.");
  }
  if (input.evidenceDocumentId) {
    const document = await tx.document.findFirst({ where: { tenantId, id: input.evidenceDocumentId, patientId: input.patientId } });
    if (!document) throw notFound("That evidence document");
  }
  const enrollment = await getOrCreateEnrollment(tx, tenantId, input.patientId, input.program, actorUserId);
  if (!CAN_CONSENT_FROM.has(enrollment.status)) {
    throw invalidState(`This patient is already ${enrollment.status}; revoke the current consent first to record a new one.`);
  }
  const consent = await tx.consent.create({
    data: {
      tenantId,
      enrollmentId: enrollment.id,
      patientId: input.patientId,
      method: input.method,
      disclosedAvailability: input.disclosures.availability,
      disclosedCostSharing: input.disclosures.costSharing,
      disclosedStopAnytime: input.disclosures.stopAnyTime,
      disclosedSinglePractitioner: input.disclosures.onePractitionerPerMonth,
      obtainedByUserId: actorUserId,
      obtainedByName: input.obtainedByName,
      obtainedOn: toDate(input.obtainedOn),
      evidenceDocumentId: input.evidenceDocumentId ?? null,
      notes: input.notes ?? null,
    },
  });
  await tx.programEnrollment.update({
    where: { tenantId_id: { tenantId, id: enrollment.id } },
    data: { status: "consented", statusReason: null, endsOn: null, updatedAt: new Date() },
  });
  await tx.enrollmentEvent.create({
    data: { tenantId, enrollmentId: enrollment.id, fromStatus: enrollment.status, toStatus: "consented", reason: `${input.method}_consent`, actorUserId },
  });
  return { consentId: consent.id, enrollmentId: enrollment.id, warnings: findings.filter((f) => f.severity === "warn") };
}

/** Last day of the calendar month of an ISO date. */
export function endOfMonth(iso: string): string {
  const [y, m] = iso.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * A patient stops CCM. Per CMS the revocation takes effect at the end of that calendar month, so
 * the month stays billable and the program ends on its last day.
 */
export async function revokeConsent(tx: ScopedTx, tenantId: string, input: { consentId: string; revokedOn: string; note?: string }, actorUserId: string) {
  const consent = await tx.consent.findFirst({ where: { tenantId, id: input.consentId } });
  if (!consent) throw notFound("That consent");
  if (consent.revokedOn) throw invalidState("This consent was already revoked.");
  const obtained = consent.obtainedOn.toISOString().slice(0, 10);
  if (input.revokedOn < obtained) throw invalidInput(`A revocation cannot be dated before the consent (${obtained}).`);
  const effective = endOfMonth(input.revokedOn);
  await tx.consent.update({
    where: { tenantId_id: { tenantId, id: consent.id } },
    data: { revokedOn: toDate(input.revokedOn), revocationEffectiveOn: toDate(effective) },
  });
  const enrollment = await tx.programEnrollment.findFirstOrThrow({ where: { tenantId, id: consent.enrollmentId } });
  await tx.programEnrollment.update({
    where: { tenantId_id: { tenantId, id: enrollment.id } },
    data: { status: "disenrolled", statusReason: "consent_revoked", endsOn: toDate(effective), updatedAt: new Date() },
  });
  await tx.enrollmentEvent.create({
    data: { tenantId, enrollmentId: enrollment.id, fromStatus: enrollment.status, toStatus: "disenrolled", reason: "consent_revoked", note: input.note ?? null, actorUserId },
  });
  return { effectiveOn: effective, patientId: consent.patientId };
}
