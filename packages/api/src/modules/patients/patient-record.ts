import { assessEligibility, CHRONIC_CONDITIONS } from "@carefold/ccm-rules";
import type { ScopedTx } from "@carefold/db";
import type { PatientInput } from "./patients.schemas.js";
import { timeZoneForState } from "./state-time-zones.js";

export const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
export const fromDate = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);

/** Shows only the last four characters of an MBI, as lists must (ui.md, PHI). */
export const maskMbi = (mbi: string | null) => (mbi ? `•••-•••-${mbi.trim().slice(7)}` : null);

/** Which chronic-condition group an ICD-10-CM code belongs to, if any (from the ccm-rules catalogue). */
export function conditionGroupOf(code: string): { group: string; isChronic: boolean } {
  const assessment = assessEligibility([{ code }]);
  const match = assessment.qualifying[0];
  return match ? { group: match.name, isChronic: true } : { group: "", isChronic: false };
}

export const CONDITION_COUNT = CHRONIC_CONDITIONS.length;

/** Columns of the patient row from validated input (time zone derived from the state when absent). */
export function patientColumns(tenantId: string, input: PatientInput, clinicTimeZone: string) {
  return {
    tenantId,
    firstName: input.firstName,
    lastName: input.lastName,
    dateOfBirth: toDate(input.dateOfBirth),
    sex: input.sex,
    mbi: input.mbi ?? null,
    medicalRecordNumber: input.medicalRecordNumber ?? null,
    otherInsurance: input.otherInsurance ?? null,
    addressLine1: input.addressLine1 ?? null,
    city: input.city ?? null,
    state: input.state ?? null,
    postalCode: input.postalCode ?? null,
    timeZone: input.timeZone ?? timeZoneForState(input.state) ?? clinicTimeZone,
    preferredLanguage: input.preferredLanguage,
    billingPractitionerId: input.billingPractitionerId ?? null,
  };
}

/** Replaces phones and merges problems (existing codes keep their history; new ones are added). */
export async function writePatientChildren(tx: ScopedTx, tenantId: string, patientId: string, input: PatientInput) {
  if (input.phones.length) {
    await tx.patientPhone.deleteMany({ where: { tenantId, patientId } });
    await tx.patientPhone.createMany({
      data: input.phones.map((p, i) => ({ tenantId, patientId, numberE164: p.number, type: p.type, isPreferred: p.isPreferred || i === 0, hasSmsConsent: p.hasSmsConsent })),
    });
  }
  if (input.problems.length) {
    await tx.problem.createMany({
      skipDuplicates: true,
      data: input.problems.map((p) => {
        const { group, isChronic } = conditionGroupOf(p.icd10Code);
        return { tenantId, patientId, icd10Code: p.icd10Code, description: p.description, conditionGroup: group || null, isChronic, onsetOn: p.onsetOn ? toDate(p.onsetOn) : null };
      }),
    });
  }
}
