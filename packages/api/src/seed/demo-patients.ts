import { DEMO_CLINICS, withTenantScope, type Db, type ScopedTx } from "@carefold/db";
import { saveCarePlanVersion, signCarePlan } from "../modules/care-plans/care-plans.service.js";
import { buildPlanFromTemplates, suggestTemplates } from "../modules/care-plans/templates.js";
import { recordConsent } from "../modules/patients/consent.service.js";
import { transitionEnrollment, type EnrollmentStatus } from "../modules/patients/enrollment.service.js";
import { createPatient } from "../modules/patients/patients.service.js";
import { createTimeEntry } from "../modules/time/time-entries.service.js";
import { PatientInputSchema } from "../modules/patients/patients.schemas.js";

const FIRST = ["Maria", "James", "Linda", "Robert", "Patricia", "John", "Barbara", "Michael", "Dorothy", "William", "Helen", "Richard", "Betty", "Joseph", "Ruth", "Thomas", "Shirley", "Charles", "Joyce", "Donald", "Gloria", "George", "Evelyn", "Kenneth"];
const LAST = ["Garcia", "Johnson", "Nguyen", "Olson", "Peterson", "Hernandez", "Larson", "Begay", "Martinez", "Anderson", "Yazzie", "Lopez", "Schmidt", "Kowalski", "Thompson", "Rivera", "Hansen", "Chavez", "Lindqvist", "Washington"];
/** Real ICD-10-CM codes grouped as a clinic's problem lists usually look. */
const PROBLEM_SETS: { code: string; description: string }[][] = [
  [{ code: "E11.9", description: "Type 2 diabetes mellitus without complications" }, { code: "I10", description: "Essential (primary) hypertension" }],
  [{ code: "I50.22", description: "Chronic systolic (congestive) heart failure" }, { code: "I48.91", description: "Unspecified atrial fibrillation" }, { code: "N18.31", description: "Chronic kidney disease, stage 3a" }],
  [{ code: "J44.9", description: "Chronic obstructive pulmonary disease, unspecified" }, { code: "F33.1", description: "Major depressive disorder, recurrent, moderate" }],
  [{ code: "E78.5", description: "Hyperlipidemia, unspecified" }, { code: "I25.10", description: "Atherosclerotic heart disease of native coronary artery" }, { code: "E11.22", description: "Type 2 diabetes mellitus with diabetic chronic kidney disease" }],
  [{ code: "M17.11", description: "Unilateral primary osteoarthritis, right knee" }, { code: "M81.0", description: "Age-related osteoporosis without current pathological fracture" }],
  [{ code: "I10", description: "Essential (primary) hypertension" }],
  [{ code: "G30.9", description: "Alzheimer's disease, unspecified" }, { code: "E03.9", description: "Hypothyroidism, unspecified" }, { code: "I10", description: "Essential (primary) hypertension" }],
];
const MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY";

/** A deterministic pseudo-random sequence, so demo data is the same on every machine. */
function prng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

const FUNNEL: EnrollmentStatus[] = ["identified", "identified", "outreach", "outreach", "consented", "enrolled", "enrolled", "enrolled", "enrolled", "declined", "unable_to_reach", "enrolled"];

/**
 * Seeds practitioners and ~30 synthetic patients per demo clinic across the enrollment funnel,
 * with consents and care plans (some awaiting sign-off). Idempotent: a clinic that already has
 * patients is left alone. All names, MBIs and phone numbers are synthetic (555 numbers).
 */
export async function seedDemoPatients(db: Db, opts: { patientsPerClinic?: number; today: string }): Promise<{ patientsCreated: number }> {
  let patientsCreated = 0;
  for (const [index, clinic] of DEMO_CLINICS.entries()) {
    await withTenantScope(db, { tenantIds: [clinic.id] }, async (tx) => {
      if ((await tx.patient.count({ where: { tenantId: clinic.id } })) > 0) return;
      const practitioner = await ensurePractitioner(tx, clinic.id, index);
      const random = prng(1000 + index);
      const count = opts.patientsPerClinic ?? 30;
      for (let i = 0; i < count; i++) {
        const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
        const problems = pick(PROBLEM_SETS);
        const mbi = `${1 + (i % 9)}${pick([...MBI_LETTERS])}${pick([...MBI_LETTERS])}${i % 10}${pick([...MBI_LETTERS])}${pick([...MBI_LETTERS])}${(i * 7) % 10}${pick([...MBI_LETTERS])}${pick([...MBI_LETTERS])}${(i * 3) % 10}${(i + index) % 10}`;
        const input = PatientInputSchema.parse({
          firstName: pick(FIRST),
          lastName: pick(LAST),
          dateOfBirth: `19${38 + Math.floor(random() * 22)}-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`,
          sex: random() < 0.55 ? "female" : "male",
          mbi,
          // A street address without a random draw (the draws above stay as they were): claims need the patient's address.
          addressLine1: `${100 + i * 7} Main St`,
          state: clinic.location.state,
          city: clinic.location.city,
          postalCode: clinic.location.postalCode,
          billingPractitionerId: practitioner.id,
          phones: [{ number: `${index ? "602" : "763"}555${String(100 + i).padStart(4, "0")}`, hasSmsConsent: random() < 0.6 }],
          problems: problems.map((p) => ({ icd10Code: p.code, description: p.description })),
        });
        const { patientId } = await createPatient(tx, clinic.id, clinic.timeZone, input);
        patientsCreated++;
        const target = problems.length >= 2 ? FUNNEL[i % FUNNEL.length]! : "identified";
        await walkFunnel(tx, clinic.id, patientId, target, practitioner, opts.today, i);
      }
    });
  }
  return { patientsCreated };
}

async function ensurePractitioner(tx: ScopedTx, tenantId: string, index: number) {
  const existing = await tx.practitioner.findFirst({ where: { tenantId } });
  if (existing) return existing;
  const userEmail = index === 0 ? "dr.patel@maplegrove.demo" : null;
  const user = userEmail ? await tx.appUser.findUnique({ where: { email: userEmail } }) : null;
  return tx.practitioner.create({
    data: { tenantId, name: index === 0 ? "Dr. Priya Patel" : "Dr. Samuel Whitehorse", npi: index === 0 ? "1234567893" : "1456789019", credentials: index === 0 ? "MD" : "DO", userId: user?.id ?? null },
  });
}

async function walkFunnel(tx: ScopedTx, tenantId: string, patientId: string, target: EnrollmentStatus, practitioner: { id: string; userId: string | null }, today: string, i: number) {
  const coordinator = await tx.appUser.findUnique({ where: { email: "coordinator@carefold.demo" }, select: { id: true } });
  const actor = coordinator?.id ?? "00000000-0000-0000-0000-000000000000";
  const base = { tenantId, patientId, program: "ccm" as const, actorUserId: actor, today };
  if (target === "identified") return;
  await transitionEnrollment(tx, { ...base, to: "outreach" });
  if (target === "outreach") return;
  if (target === "declined") return void (await transitionEnrollment(tx, { ...base, to: "declined", reason: i % 2 ? "financial" : "not_interested" }));
  if (target === "unable_to_reach") return void (await transitionEnrollment(tx, { ...base, to: "unable_to_reach", reason: "no_answer" }));
  const obtainedOn = i % 3 === 0 ? `${today.slice(0, 7)}-01` : shiftMonths(today, -((i % 5) + 1));
  await recordConsent(tx, tenantId, { patientId, program: "ccm", method: "verbal", obtainedOn, obtainedByName: "Casey Coordinator, RN", disclosures: { availability: true, costSharing: true, stopAnyTime: true, onePractitionerPerMonth: true } }, actor, today);
  if (target === "consented") return;
  await transitionEnrollment(tx, { ...base, to: "enrolled" });
  // An annual wellness visit by the billing practitioner the month before CCM started (so no
  // initiating visit is owed: issue 15), the coordinator's panel, and this month's minutes so
  // far: the worklist and the month-to-date panel have data.
  await tx.encounter.create({ data: { tenantId, patientId, kind: "awv", occurredOn: new Date(`${shiftMonths(obtainedOn, -1)}T00:00:00Z`), practitionerId: practitioner.id, isCcmDiscussed: true } });
  if (coordinator) {
    await tx.panelAssignment.create({ data: { tenantId, patientId, coordinatorUserId: coordinator.id } });
    const day = Number(today.slice(8, 10));
    const minutes = [0, 8, 14, 19, 25, 33, 41, 12, 58][i % 9]!;
    if (minutes > 0 && day > 1) {
      await createTimeEntry(
        tx,
        { patientId, clientRequestId: `demo-${patientId}`, minutes, activity: i % 2 ? "patient_call" : "care_plan_review", source: "manual", performedOn: `${today.slice(0, 8)}${String(Math.max(1, day - (i % 5) - 1)).padStart(2, "0")}` },
        { userId: coordinator.id, role: "clinical_staff", isInUs: true, accountCreatedAt: new Date("2025-01-01") },
      );
    }
  }
  const problems = await tx.problem.findMany({ where: { tenantId, patientId }, select: { icd10Code: true, description: true } });
  const body = buildPlanFromTemplates(suggestTemplates(problems.map((p) => p.icd10Code)), problems, shiftMonths(today, 3));
  await saveCarePlanVersion(tx, tenantId, { patientId, expectedVersion: 0, body }, actor);
  if (i % 4 !== 1 && practitioner.userId) await signCarePlan(tx, tenantId, { patientId, version: 1 }, practitioner.userId);
}

function shiftMonths(iso: string, months: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}
