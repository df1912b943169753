import type { ScopedTx } from "@carefold/db";
import { invalidInput, notFound } from "../../errors.js";
import { conditionGroupOf, toDate } from "./patient-record.js";
import { refreshEligibility } from "./patients.service.js";

/**
 * Structured lists on the chart (problems, medications, allergies, care team, encounters). Every
 * write names the patient's own tenant (found through RLS) and keeps eligibility in step.
 */
export async function addProblem(tx: ScopedTx, tenantId: string, patientId: string, input: { icd10Code: string; description: string; onsetOn?: string }) {
  const { group, isChronic } = conditionGroupOf(input.icd10Code);
  const existing = await tx.problem.findUnique({ where: { tenantId_patientId_icd10Code: { tenantId, patientId, icd10Code: input.icd10Code } } });
  if (existing && !existing.resolvedOn) throw invalidInput(`${input.icd10Code} is already on the problem list.`);
  const problem = existing
    ? await tx.problem.update({ where: { tenantId_id: { tenantId, id: existing.id } }, data: { resolvedOn: null, description: input.description, onsetOn: input.onsetOn ? toDate(input.onsetOn) : existing.onsetOn } })
    : await tx.problem.create({ data: { tenantId, patientId, icd10Code: input.icd10Code, description: input.description, conditionGroup: group || null, isChronic, onsetOn: input.onsetOn ? toDate(input.onsetOn) : null } });
  const eligibility = await refreshEligibility(tx, tenantId, patientId);
  return { problemId: problem.id, eligibility: eligibility.status };
}

export async function resolveProblem(tx: ScopedTx, tenantId: string, patientId: string, problemId: string, resolvedOn: string) {
  const updated = await tx.problem.updateMany({ where: { tenantId, patientId, id: problemId, resolvedOn: null }, data: { resolvedOn: toDate(resolvedOn) } });
  if (updated.count === 0) throw notFound("That active problem");
  const eligibility = await refreshEligibility(tx, tenantId, patientId);
  return { eligibility: eligibility.status };
}

export async function addMedication(tx: ScopedTx, tenantId: string, patientId: string, input: { name: string; dose?: string; frequency?: string; startedOn?: string }) {
  const row = await tx.medication.create({ data: { tenantId, patientId, name: input.name, dose: input.dose ?? null, frequency: input.frequency ?? null, startedOn: input.startedOn ? toDate(input.startedOn) : null } });
  return { medicationId: row.id };
}

export async function stopMedication(tx: ScopedTx, tenantId: string, patientId: string, medicationId: string, stoppedOn: string) {
  const updated = await tx.medication.updateMany({ where: { tenantId, patientId, id: medicationId, stoppedOn: null }, data: { stoppedOn: toDate(stoppedOn) } });
  if (updated.count === 0) throw notFound("That active medication");
  return { ok: true as const };
}

export async function addAllergy(tx: ScopedTx, tenantId: string, patientId: string, input: { substance: string; reaction?: string; severity?: string }) {
  const row = await tx.allergy.create({ data: { tenantId, patientId, substance: input.substance, reaction: input.reaction ?? null, severity: input.severity ?? null } });
  return { allergyId: row.id };
}

export async function addCareTeamContact(tx: ScopedTx, tenantId: string, patientId: string, input: { name: string; role: string; organization?: string; phone?: string }) {
  const row = await tx.careTeamContact.create({ data: { tenantId, patientId, name: input.name, role: input.role, organization: input.organization ?? null, phone: input.phone ?? null } });
  return { contactId: row.id };
}

/** Visits that matter to CCM: an E/M, AWV or IPPE by the billing practitioner can be the initiating visit. */
export async function addEncounter(tx: ScopedTx, tenantId: string, patientId: string, input: { kind: "em_visit" | "awv" | "ippe" | "tcm_face_to_face" | "other"; occurredOn: string; practitionerId?: string; isCcmDiscussed: boolean }) {
  if (input.practitionerId && !(await tx.practitioner.findFirst({ where: { tenantId, id: input.practitionerId } }))) throw notFound("That practitioner");
  const row = await tx.encounter.create({ data: { tenantId, patientId, kind: input.kind, occurredOn: toDate(input.occurredOn), practitionerId: input.practitionerId ?? null, isCcmDiscussed: input.isCcmDiscussed } });
  return { encounterId: row.id };
}
