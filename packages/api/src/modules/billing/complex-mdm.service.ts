import type { ScopedTx } from "@carefold/db";
import { conflict, forbidden, invalidInput, invalidState, notFound } from "../../errors.js";
import { fromDate, toDate } from "../patients/patient-record.js";
import { todayIn } from "../patients/today.js";
import { monthName } from "../time/time-entries.service.js";
import type { AttestComplexMdm, MdmLevel, WithdrawComplexMdm } from "./complex-mdm.schemas.js";

/** One attestation as the chart and the portal show it. */
export interface ComplexMdmAttestationView {
  id: string;
  mdmLevel: MdmLevel;
  decidedOn: string;
  practitioner: string;
  note: string | null;
  attestedAt: string;
  withdrawn: { on: string; reason: string } | null;
  /** In force: not withdrawn and by the patient's current billing practitioner (what the close reads). */
  inForce: boolean;
}

/**
 * The patient's billing practitioner as the close reads it: the CCM enrolment's, else the
 * patient's (the same coalesce as month-close.loader.ts). Null when the patient has none.
 */
export async function findBillingPractitionerId(tx: ScopedTx, patientId: string): Promise<{ tenantId: string; timeZone: string; practitionerId: string | null }> {
  const [row] = await tx.$queryRaw<{ tenant_id: string; time_zone: string; practitioner_id: string | null }[]>`
    SELECT p.tenant_id::text, t.time_zone, coalesce(pe.billing_practitioner_id, p.billing_practitioner_id)::text AS practitioner_id
      FROM patient p
      JOIN tenant t ON t.id = p.tenant_id
      LEFT JOIN program_enrollment pe ON pe.tenant_id = p.tenant_id AND pe.patient_id = p.id AND pe.program = 'ccm'
     WHERE p.id = ${patientId}::uuid
     LIMIT 1`;
  if (!row) throw notFound("That patient");
  return { tenantId: row.tenant_id, timeZone: row.time_zone, practitionerId: row.practitioner_id };
}

/** A patient-month's attestations, newest first, with which one (if any) the close will use. */
export async function listComplexMdm(tx: ScopedTx, patientId: string, serviceMonth: string): Promise<ComplexMdmAttestationView[]> {
  const { practitionerId } = await findBillingPractitionerId(tx, patientId);
  const rows = await tx.complexMdmAttestation.findMany({ where: { patientId, serviceMonth }, orderBy: { createdAt: "desc" } });
  if (rows.length === 0) return [];
  const withdrawals = await tx.complexMdmWithdrawal.findMany({ where: { attestationId: { in: rows.map((r) => r.id) } } });
  const names = await tx.practitioner.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.practitionerId))] } }, select: { id: true, name: true } });
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const withdrawalOf = new Map(withdrawals.map((w) => [w.attestationId, w]));
  return rows.map((r) => {
    const w = withdrawalOf.get(r.id);
    return {
      id: r.id,
      mdmLevel: r.mdmLevel as MdmLevel,
      decidedOn: fromDate(r.decidedOn)!,
      practitioner: nameOf.get(r.practitionerId) ?? "Unknown practitioner",
      note: r.note,
      attestedAt: r.createdAt.toISOString(),
      withdrawn: w ? { on: w.createdAt.toISOString(), reason: w.reason } : null,
      inForce: !w && r.practitionerId === practitionerId,
    };
  });
}

/** Whether complex MDM is documented for the month: an attestation in force (the close's rule). */
export async function isComplexMdmDocumented(tx: ScopedTx, patientId: string, serviceMonth: string): Promise<boolean> {
  return (await listComplexMdm(tx, patientId, serviceMonth)).some((a) => a.inForce);
}

/** The signed-in user's practitioner record in the clinic, which must be the patient's billing practitioner. */
export async function requireBillingPractitioner(tx: ScopedTx, tenantId: string, userId: string, billingPractitionerId: string | null) {
  const practitioner = await tx.practitioner.findFirst({ where: { tenantId, userId, isActive: true } });
  if (!practitioner) throw forbidden("Only a practitioner of this clinic linked to your account can document medical decision making.");
  if (practitioner.id !== billingPractitionerId) throw forbidden("Only the patient's billing practitioner can document complex medical decision making for this patient.");
  return practitioner;
}

async function refuseLockedMonth(tx: ScopedTx, tenantId: string, serviceMonth: string) {
  const lock = await tx.serviceMonthLock.findFirst({ where: { tenantId, serviceMonth } });
  if (lock) throw invalidState(`${monthName(serviceMonth)} is closed for this clinic, so its documentation cannot change. Ask a vendor admin to reopen the month.`);
}

/**
 * The billing practitioner attests moderate or high MDM for a patient-month. One attestation is
 * in force at a time (withdraw it to change it); the decision cannot be dated in the future.
 */
export async function attestComplexMdm(tx: ScopedTx, tenantId: string, userId: string, input: AttestComplexMdm, now = new Date()) {
  const patient = await findBillingPractitionerId(tx, input.patientId);
  if (patient.tenantId !== tenantId) throw notFound("That patient");
  const practitioner = await requireBillingPractitioner(tx, tenantId, userId, patient.practitionerId);
  if (input.decidedOn > todayIn(patient.timeZone, now)) throw invalidInput("The decision cannot be dated in the future.");
  await refuseLockedMonth(tx, tenantId, input.serviceMonth);
  // One writer at a time per patient (the row lock), so two submits cannot both find none in force.
  await tx.$executeRaw`SELECT 1 FROM patient WHERE tenant_id = ${tenantId}::uuid AND id = ${input.patientId}::uuid FOR UPDATE`;
  if ((await listComplexMdm(tx, input.patientId, input.serviceMonth)).some((a) => a.inForce)) {
    throw conflict(`Complex medical decision making is already documented for ${monthName(input.serviceMonth)}. Withdraw it first to record a different one.`);
  }
  const created = await tx.complexMdmAttestation.create({
    data: {
      tenantId, patientId: input.patientId, serviceMonth: input.serviceMonth, mdmLevel: input.mdmLevel, decidedOn: toDate(input.decidedOn)!,
      practitionerId: practitioner.id, attestedBy: userId, note: input.note ? input.note : null,
    },
  });
  return { id: created.id, serviceMonth: created.serviceMonth, mdmLevel: input.mdmLevel, decidedOn: input.decidedOn, practitioner: practitioner.name };
}

/** Withdraws an attestation (a new fact with a reason; the attestation itself never changes). */
export async function withdrawComplexMdm(tx: ScopedTx, tenantId: string, userId: string, input: WithdrawComplexMdm) {
  const attestation = await tx.complexMdmAttestation.findFirst({ where: { tenantId, id: input.attestationId } });
  if (!attestation) throw notFound("That attestation");
  const patient = await findBillingPractitionerId(tx, attestation.patientId);
  await requireBillingPractitioner(tx, tenantId, userId, patient.practitionerId);
  await refuseLockedMonth(tx, tenantId, attestation.serviceMonth);
  const existing = await tx.complexMdmWithdrawal.findFirst({ where: { tenantId, attestationId: attestation.id } });
  if (existing) throw invalidState("This attestation is already withdrawn.");
  await tx.complexMdmWithdrawal.create({ data: { tenantId, attestationId: attestation.id, serviceMonth: attestation.serviceMonth, withdrawnBy: userId, reason: input.reason } });
  return { id: attestation.id, patientId: attestation.patientId, serviceMonth: attestation.serviceMonth };
}
