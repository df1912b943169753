import type { ScopedTx } from "@carefold/db";
import { invalidInput, invalidState } from "../../errors.js";
import { toDate } from "./patient-record.js";

export type EnrollmentStatus = "identified" | "outreach" | "consented" | "enrolled" | "disenrolled" | "declined" | "ineligible" | "unable_to_reach";
export type Program = "ccm" | "pcm" | "apcm" | "rpm";

/** Reasons a clinic reports on, per closing status (the funnel's "why"). */
export const STATUS_REASONS: Partial<Record<EnrollmentStatus, Record<string, string>>> = {
  declined: {
    financial: "Cost sharing / coinsurance",
    not_interested: "Not interested",
    enrolled_elsewhere: "Enrolled with another practice",
    prefers_in_person: "Prefers in-person care only",
    other: "Other",
  },
  disenrolled: {
    patient_request: "Patient asked to stop",
    consent_revoked: "Consent revoked",
    moved: "Moved away",
    deceased: "Deceased",
    changed_practitioner: "Changed billing practitioner",
    hospice: "Entered hospice",
    other: "Other",
  },
  ineligible: {
    too_few_conditions: "Fewer than two qualifying chronic conditions",
    no_part_b: "No Medicare Part B",
    other: "Other",
  },
  unable_to_reach: {
    no_answer: "No answer after repeated attempts",
    wrong_number: "Wrong or disconnected number",
    no_phone: "No phone on file",
  },
};

/** Which moves the funnel allows; `consented` is reached only by recording consent. */
const ALLOWED: Record<EnrollmentStatus, EnrollmentStatus[]> = {
  identified: ["outreach", "ineligible", "declined"],
  outreach: ["declined", "unable_to_reach", "ineligible"],
  unable_to_reach: ["outreach", "declined"],
  consented: ["enrolled", "declined", "disenrolled"],
  enrolled: ["disenrolled"],
  disenrolled: ["outreach"],
  declined: ["outreach"],
  ineligible: ["identified"],
};

export async function getOrCreateEnrollment(tx: ScopedTx, tenantId: string, patientId: string, program: Program, actorUserId: string) {
  const existing = await tx.programEnrollment.findUnique({ where: { tenantId_patientId_program: { tenantId, patientId, program } } });
  if (existing) return existing;
  const created = await tx.programEnrollment.create({ data: { tenantId, patientId, program, status: "identified" } });
  await tx.enrollmentEvent.create({ data: { tenantId, enrollmentId: created.id, fromStatus: null, toStatus: "identified", actorUserId } });
  return created;
}

/**
 * Moves a patient's program along the funnel, recording who, when and why. Closing statuses need a
 * reason from the taxonomy; enrolling needs a consent on file and a billing practitioner.
 */
export async function transitionEnrollment(
  tx: ScopedTx,
  input: { tenantId: string; patientId: string; program: Program; to: EnrollmentStatus; reason?: string; note?: string; actorUserId: string; today: string },
) {
  const enrollment = await getOrCreateEnrollment(tx, input.tenantId, input.patientId, input.program, input.actorUserId);
  const from = enrollment.status as EnrollmentStatus;
  if (!ALLOWED[from].includes(input.to)) {
    throw invalidState(`A patient who is ${label(from)} cannot move to ${label(input.to)}.`);
  }
  const reasons = STATUS_REASONS[input.to];
  if (reasons && (!input.reason || !(input.reason in reasons))) {
    throw invalidInput(`Choose why: ${Object.values(reasons).join(", ")}.`);
  }
  let billingPractitionerId = enrollment.billingPractitionerId;
  if (input.to === "enrolled") {
    const consent = await tx.consent.findFirst({ where: { tenantId: input.tenantId, enrollmentId: enrollment.id, revokedOn: null } });
    if (!consent) throw invalidState("Record the patient's consent before enrolling them.");
    const patient = await tx.patient.findFirstOrThrow({ where: { tenantId: input.tenantId, id: input.patientId } });
    billingPractitionerId ??= patient.billingPractitionerId;
    if (!billingPractitionerId) throw invalidState("Choose the patient's billing practitioner before enrolling them.");
  }
  await tx.programEnrollment.update({
    where: { tenantId_id: { tenantId: input.tenantId, id: enrollment.id } },
    data: {
      status: input.to,
      statusReason: input.reason ?? null,
      billingPractitionerId,
      ...(input.to === "enrolled" ? { enrolledOn: toDate(input.today), endsOn: null } : {}),
      ...(input.to === "disenrolled" ? { endsOn: toDate(input.today) } : {}),
      updatedAt: new Date(),
    },
  });
  await tx.enrollmentEvent.create({
    data: { tenantId: input.tenantId, enrollmentId: enrollment.id, fromStatus: from, toStatus: input.to, reason: input.reason ?? null, note: input.note ?? null, actorUserId: input.actorUserId },
  });
  return { enrollmentId: enrollment.id, from, to: input.to };
}

const label = (s: EnrollmentStatus) => s.replace(/_/g, " ");

/** Counts per status for the funnel chart (program CCM by default), in the current scope. */
export async function funnelCounts(tx: ScopedTx, program: Program = "ccm") {
  const byStatusAndReason = await tx.programEnrollment.groupBy({ by: ["status", "statusReason"], where: { program }, _count: { _all: true } });
  const totalPatients = await tx.patient.count();
  const counts: Partial<Record<EnrollmentStatus, number>> = {};
  // Closing statuses by reason ("why patients did not enroll"); a reason outside today's list counts as other.
  const reasonCounts: Partial<Record<EnrollmentStatus, Record<string, number>>> = {};
  for (const row of byStatusAndReason) {
    const status = row.status as EnrollmentStatus;
    counts[status] = (counts[status] ?? 0) + row._count._all;
    const reasons = STATUS_REASONS[status];
    if (!reasons) continue;
    const key = row.statusReason && row.statusReason in reasons ? row.statusReason : "other";
    const byReason = (reasonCounts[status] ??= {});
    byReason[key] = (byReason[key] ?? 0) + row._count._all;
  }
  const withEnrollment = Object.values(counts).reduce((n, c) => n + c, 0);
  return { totalPatients, notStarted: totalPatients - withEnrollment, counts, reasonCounts };
}
