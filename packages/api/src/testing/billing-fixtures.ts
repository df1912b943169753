import { withTenantScope, type Db, type ScopedTx } from "@carefold/db";
import type { CarePlanBody } from "../modules/care-plans/care-plan.schemas.js";
import { addCoverage, addPayer, MEDICARE_PAYER } from "./coverage-fixtures.js";

/** A care plan with every element ccm-rules checks (review due well after the test months). */
export const COMPLETE_CARE_PLAN: CarePlanBody = {
  conditions: ["diabetes"],
  problems: [{ icd10Code: "E11.9", description: "Type 2 diabetes" }],
  goals: [{ description: "Lower A1c", measure: "A1c", target: "below 8 %", status: "active" }],
  interventions: [{ description: "Monthly medication review", responsibleParty: "Care coordinator" }],
  medicationManagement: "Reconcile medications monthly.",
  symptomManagement: "Report glucose above 300 mg/dL.",
  communityResources: [],
  coordination: [{ with: "Endocrinology", purpose: "Insulin titration" }],
  patientPreferences: "",
  reviewDueOn: "2027-06-30",
};

export interface BillingPatientSpec {
  /** Stable label used in test expectations and as the first name. */
  label: string;
  /** A fixed patient id (golden files); random otherwise. */
  id?: string;
  sex?: "female" | "male";
  lastName?: string;
  dateOfBirth?: string;
  /** Default: a valid MBI made from the patient's position (a claim needs one); null for none. */
  mbi?: string | null;
  /** false leaves the patient without an address (a claim needs one). */
  address?: boolean;
  consentOn?: string | null;
  visitOn?: string | null;
  /** Whether CCM was discussed at that visit (default true: it is the initiating visit). */
  visitCcmDiscussed?: boolean;
  /** CCM enrolment date (default 2026-01-05). */
  enrolledOn?: string;
  carePlan?: boolean;
  conditions?: number;
  dx?: string[];
  /** [performedOn, minutes, role?, activity?] */
  entries?: [string, number, ("clinical_staff" | "billing_practitioner" | "non_clinical")?, string?][];
  otherServices?: { code: string; samePractitioner: boolean; serviceMonth: string }[];
  enrolled?: boolean;
  /** Default: a traditional Medicare primary coverage from 2020-01-01 (member id = MBI) when the patient has an MBI; false for none. */
  coverage?: false;
}

/**
 * The month of the golden claim files (2026-10): three billable patient-months (Ada, Ben, Cai), one
 * blocked (Dee, no consent) and one the clinic excludes (Eve). Fixed ids, so the 837P's CLM01 and
 * the golden 835's CLP01 are stable (billing/exports and remittance integration tests).
 */
export const GOLDEN_MONTH_PATIENTS: BillingPatientSpec[] = [
  { label: "Ada", lastName: "Alvarez", id: "11111111-1111-4111-8111-111111111111", mbi: "1EG4TE5MK73", dateOfBirth: "1948-02-11", entries: [["2026-10-05", 25]] },
  { label: "Ben", lastName: "Brown", sex: "male", id: "22222222-2222-4222-8222-222222222222", mbi: "2EG4TE5MK74", dateOfBirth: "1951-07-30",
    dx: ["E11.9", "I10", "N18.30", "J44.9", "E78.5"], entries: [["2026-10-05", 20], ["2026-10-19", 25]] },
  { label: "Cai", lastName: "Chen", id: "33333333-3333-4333-8333-333333333333", mbi: "3EG4TE5MK75", dateOfBirth: "1940-12-01", dx: ["I50.9", "I10"], entries: [["2026-10-02", 70]] },
  { label: "Dee", lastName: "Diaz", id: "44444444-4444-4444-8444-444444444444", mbi: "4EG4TE5MK76", consentOn: null, entries: [["2026-10-05", 30]] },
  { label: "Eve", lastName: "Evans", id: "55555555-5555-4555-8555-555555555555", mbi: "5EG4TE5MK77", entries: [["2026-10-05", 30]] },
];
/** A valid MBI for the n-th fixture patient (unique for n < 900; its letters are unlike the hand-written ones in tests). */
export const fixtureMbi = (n: number) => `${1 + (Math.floor(n / 100) % 9)}XF0XF0XF${String(n % 100).padStart(2, "0")}`;

export interface BillingClinic {
  tenantId: string;
  practitionerId: string;
  patients: Map<string, string>;
  /** The clinic's traditional Medicare payer (the fixtures' patients' primary coverage). */
  medicarePayerId: string;
}

/** Inserts one time entry as the performer (bypasses the review rules: approved, for fixtures). */
export async function insertEntry(tx: ScopedTx, tenantId: string, patientId: string, performerUserId: string, performedOn: string, minutes: number, role = "clinical_staff", activity = "patient_call", correctsEntryId: string | null = null) {
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO time_entry (tenant_id, patient_id, service_month, performed_on, minutes, activity, performer_user_id, performer_role, performer_in_us,
                            source, client_request_id, corrects_entry_id)
    VALUES (${tenantId}::uuid, ${patientId}::uuid, ${performedOn.slice(0, 7)}, ${performedOn}::date, ${minutes}, ${activity}, ${performerUserId}::uuid,
            ${role}, true, 'manual', ${`fixture-${crypto.randomUUID()}`}, ${correctsEntryId}::uuid)
    RETURNING id::text`;
  return row!.id;
}

/**
 * A clinic with a billing practitioner, billing settings and the given patients: CCM enrolment,
 * consent, initiating visit, a complete care plan, chronic problems, time entries and other
 * services, exactly as specified (defaults: consented 2026-01-05, visit 2026-01-05, plan, 2
 * conditions, dx E11.9 + I10). `billingProfile: false` leaves the clinic without a billing profile.
 */
export async function seedBillingClinic(db: Db, tenantId: string, performerUserId: string, specs: BillingPatientSpec[], opts: { billingProfile?: boolean } = {}): Promise<BillingClinic> {
  return withTenantScope(db, { tenantIds: [tenantId] }, async (tx) => {
    const medicarePayerId = await addPayer(tx, tenantId, MEDICARE_PAYER);
    const practitioner = await tx.practitioner.create({ data: { tenantId, name: "Dr. Ada Lovelace", npi: "1234567893", credentials: "MD" } });
    if (opts.billingProfile !== false) {
      await tx.billingSetting.create({
        data: {
          tenantId, billingName: "Test Family Medicine", billingNpi: "1245319599", taxId: "123456789", addressLine1: "100 Main St",
          city: "Springfield", state: "IL", postalCode: "627011234", contactPhone: "2175550100", submitterId: "CAREFOLD01", receiverId: "MEDICAREJ6", payerId: "06102",
        },
      });
    }
    const patients = new Map<string, string>();
    let n = 0;
    for (const spec of specs) {
      n += 1;
      const patient = await tx.patient.create({
        data: {
          ...(spec.id ? { id: spec.id } : {}),
          tenantId, firstName: spec.label, lastName: spec.lastName ?? "Testpatient", dateOfBirth: new Date(spec.dateOfBirth ?? "1950-03-0" + ((n % 9) + 1)),
          sex: spec.sex ?? "female", mbi: spec.mbi === undefined ? fixtureMbi(n) : spec.mbi, timeZone: "America/Chicago", billingPractitionerId: practitioner.id,
          qualifyingConditions: spec.conditions ?? 2, eligibility: "ccm_candidate",
          ...(spec.address === false ? {} : { addressLine1: "1 Elm St", city: "Springfield", state: "IL", postalCode: "62701" }),
        },
      });
      patients.set(spec.label, patient.id);
      // Issue 24: a month bills only with a payer in force on its date of service.
      if (spec.coverage !== false && patient.mbi) await addCoverage(tx, tenantId, patient.id, { payerId: medicarePayerId, planType: "medicare", memberId: patient.mbi });
      const enrollment = await tx.programEnrollment.create({
        data: { tenantId, patientId: patient.id, program: "ccm", status: spec.enrolled === false ? "declined" : "enrolled", enrolledOn: new Date(spec.enrolledOn ?? "2026-01-05"), billingPractitionerId: practitioner.id },
      });
      const consentOn = spec.consentOn === undefined ? "2026-01-05" : spec.consentOn;
      if (consentOn) {
        await tx.consent.create({
          data: {
            tenantId, enrollmentId: enrollment.id, patientId: patient.id, method: "verbal", disclosedAvailability: true, disclosedCostSharing: true,
            disclosedStopAnytime: true, disclosedSinglePractitioner: true, obtainedByName: "Nurse Joy", obtainedOn: new Date(consentOn),
          },
        });
      }
      const visitOn = spec.visitOn === undefined ? "2026-01-05" : spec.visitOn;
      // The initiating visit: by the billing practitioner, CCM discussed (issue 15 item 3).
      if (visitOn) await tx.encounter.create({ data: { tenantId, patientId: patient.id, kind: "em_visit", occurredOn: new Date(visitOn), practitionerId: practitioner.id, isCcmDiscussed: spec.visitCcmDiscussed ?? true } });
      if (spec.carePlan !== false) {
        const plan = await tx.carePlan.create({ data: { tenantId, patientId: patient.id, currentVersion: 1, status: "signed" } });
        await tx.carePlanVersion.create({
          data: { tenantId, carePlanId: plan.id, version: 1, body: COMPLETE_CARE_PLAN as object, createdAt: new Date("2026-01-06T12:00:00Z"), sharedWithPatientOn: new Date("2026-01-07") },
        });
      }
      for (const code of spec.dx ?? ["E11.9", "I10"]) {
        await tx.problem.create({ data: { tenantId, patientId: patient.id, icd10Code: code, description: code, isChronic: true } });
      }
      for (const [on, minutes, role, activity] of spec.entries ?? []) await insertEntry(tx, tenantId, patient.id, performerUserId, on, minutes, role, activity);
      for (const o of spec.otherServices ?? []) {
        await tx.otherService.create({ data: { tenantId, patientId: patient.id, serviceMonth: o.serviceMonth, code: o.code, samePractitioner: o.samePractitioner, source: "form" } });
      }
    }
    return { tenantId, practitionerId: practitioner.id, patients, medicarePayerId };
  });
}
