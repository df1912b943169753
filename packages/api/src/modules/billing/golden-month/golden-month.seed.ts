import { withTenantScope, type Db, type ScopedTx } from "@carefold/db";
import { addCoverage, addPayer, coverPatientsWithMedicare, MEDICARE_PAYER } from "../../../testing/coverage-fixtures.js";
import { createTestTenant } from "@carefold/db/testing";
import { createUser, testConfig } from "../../../testing/api-test-kit.js";
import { COMPLETE_CARE_PLAN } from "../../../testing/billing-fixtures.js";
import { createPractitioner } from "../../../testing/clinic-fixtures.js";
import { CarePlanBodySchema } from "../../care-plans/care-plan.schemas.js";
import { recordCarePlanShared, saveCarePlanVersion, signCarePlan } from "../../care-plans/care-plans.service.js";
import { addEncounter } from "../../patients/chart-items.service.js";
import { recordConsent, revokeConsent } from "../../patients/consent.service.js";
import { transitionEnrollment } from "../../patients/enrollment.service.js";
import { PatientInputSchema } from "../../patients/patients.schemas.js";
import { createPatient } from "../../patients/patients.service.js";
import { correctTimeEntry, createManualEntry, createTimeEntry, reviewTimeEntry, type Performer } from "../../time/time-entries.service.js";
import { removeIdleSpan, startTimer, stopTimer } from "../../time/timer.service.js";
import { BillingProfileSchema } from "../billing-profile.schemas.js";
import { saveBillingProfile } from "../billing-profile.service.js";
import { attestComplexMdm, withdrawComplexMdm } from "../complex-mdm.service.js";
import { SaveFeeScheduleRateSchema } from "../fee-schedule.schemas.js";
import { saveConversionFactor, saveFeeScheduleRate } from "../fee-schedule.service.js";
import { addOtherService, importOtherServicesCsv } from "../other-services.service.js";
import type { ClinicKey, EntryFact, Facts, GoldenRow, Who } from "./golden-month.table.js";

/**
 * Records the golden month's facts through the services the apps call (patients, consent and
 * enrolment, visits, care plans, complex MDM, other services, time entries, timers, review,
 * billing profile, fee schedule, QP status). Only what has no service is a fixture: the clinic
 * itself, its practitioner and the users.
 *
 * The clock is fixed: every service that reads the time is given the moment the fact happened
 * (an entry is logged the evening it was worked, a consent on its date), so nothing depends on
 * the day the test runs.
 */
export const MONTH = "2026-11";
/** The day after the month, when the vendor closes it. */
export const CLOSE_NOW = new Date("2026-12-02T15:00:00Z");
const TIME_ZONE = "America/Chicago";
const DEFAULT_CONSENT = "2026-09-10";

export interface SeededClinic {
  key: ClinicKey;
  tenantId: string;
  doctorUserId: string;
  /** The patients' billing practitioner, and a second practitioner of the clinic (visits `by: "other"`). */
  practitionerId: string;
  otherPractitionerId: string;
  patients: Map<string, string>;
  /** label → ids of the entries left awaiting review at the close (`left_pending`). */
  pendingEntries: Map<string, string[]>;
}

export interface GoldenWorld {
  clinics: Map<ClinicKey, SeededClinic>;
  vendorAdminId: string;
  /** label → consent date in force for the month (the claim's consent_date). */
  consentDates: Map<string, string>;
}

const date = (d: string) => (d.length === 5 ? `2026-${d}` : d);
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** The evening of a clinic-local date (23:30 UTC is 17:30 or 18:30 in Chicago): "logged the same day". */
const eveningOf = (iso: string) => new Date(`${iso}T23:30:00Z`);
const seconds = (mss: string) => {
  const [m, s] = mss.split(":").map(Number) as [number, number];
  return m * 60 + s;
};

const CLINIC_SETTING: Record<ClinicKey, "office" | "fqhc"> = { office: "office", qp: "office", fqhc: "fqhc", priced: "office" };

/** Measured (span) entries of one person never overlap: each gets the next free slot of its day, from 08:00 clinic time. */
class Slots {
  private next = new Map<string, number>();
  take(userId: string, day: string, lengthSeconds: number): number {
    const key = `${userId}:${day}`;
    // 14:00 UTC = 08:00 CST (November after the 1st); slots advance in whole minutes.
    const start = this.next.get(key) ?? Date.parse(`${day}T14:00:00Z`);
    this.next.set(key, start + (Math.ceil(lengthSeconds / 60) + 1) * 60_000);
    return start;
  }
}

export async function seedGoldenMonth(db: Db, rows: readonly GoldenRow[]): Promise<GoldenWorld> {
  const config = testConfig();
  const vendorUser = async (role: "coordinator" | "supervisor" | "vendor_admin") => (await createUser(db, config, { kind: "vendor", vendorRoles: [role] })).id;
  const vendorAdminId = await vendorUser("vendor_admin");
  const supervisorId = await vendorUser("supervisor");
  const since = new Date("2025-01-01T00:00:00Z");
  const staff: Record<Exclude<Who, "doctor">, Performer> = {
    nurse: { userId: await vendorUser("coordinator"), role: "clinical_staff", isInUs: true, accountCreatedAt: since },
    nurse2: { userId: await vendorUser("coordinator"), role: "clinical_staff", isInUs: true, accountCreatedAt: since },
    offshore: { userId: await vendorUser("coordinator"), role: "clinical_staff", isInUs: false, accountCreatedAt: since },
    scheduler: { userId: await vendorUser("coordinator"), role: "non_clinical", isInUs: true, accountCreatedAt: since },
  };
  const clinics = new Map<ClinicKey, SeededClinic>();
  for (const key of new Set(rows.map((r) => r.clinic))) clinics.set(key, await seedClinic(db, key, vendorAdminId));
  const slots = new Slots();
  const consentDates = new Map<string, string>();
  let n = 0;
  for (const row of rows) {
    n += 1;
    const clinic = clinics.get(row.clinic)!;
    const performerOf = (who: Who = "nurse"): Performer =>
      who === "doctor" ? { userId: clinic.doctorUserId, role: "billing_practitioner", isInUs: true, accountCreatedAt: since } : staff[who];
    const inClinic = <T>(fn: (tx: ScopedTx) => Promise<T>) => withTenantScope(db, { tenantIds: [clinic.tenantId] }, fn);
    const patientId = await inClinic((tx) => recordPatient(tx, clinic, row, n, staff.nurse.userId));
    if (row.facts.coverage) await inClinic((tx) => recordCoverage(tx, clinic.tenantId, patientId, row.facts.coverage!, mbiOf(n), vendorAdminId));
    clinic.patients.set(row.label, patientId);
    consentDates.set(row.label, date(row.facts.reconsentOn ?? row.facts.consent ?? DEFAULT_CONSENT));
    for (const [i, entry] of (row.facts.entries ?? []).entries()) {
      const entryId = await inClinic((tx) => recordEntry(tx, patientId, entry, performerOf(entry.who), supervisorId, slots, `${row.label}-${i}`));
      if (entry.review === "left_pending") clinic.pendingEntries.set(row.label, [...(clinic.pendingEntries.get(row.label) ?? []), entryId!]);
    }
    await recordSharedContacts(inClinic, patientId, row, performerOf);
    await inClinic((tx) => recordOtherServices(tx, clinic, patientId, row.facts, n, vendorAdminId));
    if (row.facts.mdm) {
      await inClinic(async (tx) => {
        const attested = await attestComplexMdm(tx, clinic.tenantId, clinic.doctorUserId, { patientId, serviceMonth: MONTH, mdmLevel: "high", decidedOn: "2026-11-20" }, new Date("2026-11-20T22:00:00Z"));
        if (row.facts.mdm === "withdrawn") await withdrawComplexMdm(tx, clinic.tenantId, clinic.doctorUserId, { attestationId: attested.id, reason: "The decision was documented for the wrong patient." });
      });
    }
  }
  // Issue 24: every golden patient is a traditional Medicare beneficiary (member id = MBI).
  for (const clinic of clinics.values()) await withTenantScope(db, { tenantIds: [clinic.tenantId] }, (tx) => coverPatientsWithMedicare(tx, clinic.tenantId));
  return { clinics, vendorAdminId, consentDates };
}

/** A clinic with its billing practitioner (a portal user), billing profile, and — per clinic — QP status or a fee-schedule rate. */
async function seedClinic(db: Db, key: ClinicKey, vendorAdminId: string): Promise<SeededClinic> {
  const tenant = await createTestTenant(db, { timeZone: TIME_ZONE, setting: CLINIC_SETTING[key] });
  const doctor = await createUser(db, testConfig(), { kind: "clinic", memberships: [{ tenantId: tenant.id, role: "practitioner" }] });
  const practitioner = await createPractitioner(db, tenant.id, { name: "Dr. Grace Hopper", npi: "1234567893", userId: doctor.id });
  const other = await createPractitioner(db, tenant.id, { name: "Dr. Alan Turing", npi: "1993999998" });
  await withTenantScope(db, { tenantIds: [tenant.id] }, async (tx) => {
    await saveBillingProfile(tx, tenant.id, BillingProfileSchema.parse({
      billingName: "Golden Family Medicine", billingNpi: "1245319599", taxId: "12-3456789", addressLine1: "100 Main St", city: "Springfield", state: "IL",
      postalCode: "62701-1234", placeOfService: "11", dateOfService: "last_day_of_month", contactPhone: "(217) 555-0100", submitterId: "CAREFOLD01", receiverId: "MEDICAREJ6", payerId: "06102",
    }));
    if (key === "qp") await saveConversionFactor(tx, tenant.id, "qp");
    if (key === "priced") {
      await saveFeeScheduleRate(tx, SaveFeeScheduleRateSchema.parse({ tenantId: tenant.id, code: "99491", year: 2026, amount: "84.50", source: "MAC 2026 locality fee schedule" }), vendorAdminId);
    }
  });
  return { key, tenantId: tenant.id, doctorUserId: doctor.id, practitionerId: practitioner.id, otherPractitionerId: other.id, patients: new Map(), pendingEntries: new Map() };
}

/**
 * A golden row's coverage (issue 24); every other patient gets traditional Medicare from
 * coverPatientsWithMedicare after the loop (it skips a patient who already has a primary).
 */
async function recordCoverage(tx: ScopedTx, tenantId: string, patientId: string, kind: NonNullable<Facts["coverage"]>, mbi: string, enteredBy: string) {
  switch (kind) {
    case "ma_contracted": {
      const maple = await addPayer(tx, tenantId, { name: "Maple Medicare Advantage", planType: "medicare_advantage", ediPayerId: "MAPLE01" });
      await tx.$executeRaw`INSERT INTO payer_fee_schedule_rate (tenant_id, payer_id, code, year, cents, entered_by, source)
                           VALUES (${tenantId}::uuid, ${maple}::uuid, '99490', 2026, 7000, ${enteredBy}::uuid, 'Maple MA contract') ON CONFLICT DO NOTHING`;
      await addCoverage(tx, tenantId, patientId, { payerId: maple, planType: "medicare_advantage", memberId: "MPL-G1" });
      return;
    }
    case "ma_assumed":
      await addCoverage(tx, tenantId, patientId, { payerId: await addPayer(tx, tenantId, { name: "Sunrise Health MA", planType: "medicare_advantage", ediPayerId: "SUN22" }), planType: "medicare_advantage", memberId: "SUN-G2" });
      return;
    case "medigap":
      await addCoverage(tx, tenantId, patientId, { payerId: await addPayer(tx, tenantId, { name: "Blue Medigap", planType: "medigap", ediPayerId: "BLUEGAP" }), rank: "secondary", planType: "medigap", memberId: "GAP-G3" });
      return;
    case "qmb":
      await addCoverage(tx, tenantId, patientId, { payerId: await addPayer(tx, tenantId, { name: "State Medicaid", planType: "medicaid", ediPayerId: "SKIL0" }), rank: "secondary", planType: "qmb", memberId: "QMB-G4" });
      return;
    case "lapsed":
      await addCoverage(tx, tenantId, patientId, { payerId: await addPayer(tx, tenantId, MEDICARE_PAYER), planType: "medicare", memberId: mbi, effectiveTo: "2026-10-31" });
      return;
  }
}

/** A valid MBI per patient (position 1 a digit 1–9, the last two digits from the row number). */
const mbiOf = (n: number) => `${(n % 9) + 1}EG4TE5MK${String(n % 100).padStart(2, "0")}`;

/** The patient, problems, consent and enrolment (and any revocation or new consent), the initiating visit and the care plan. */
async function recordPatient(tx: ScopedTx, clinic: SeededClinic, row: GoldenRow, n: number, nurseId: string): Promise<string> {
  const f: Facts = row.facts;
  const input = PatientInputSchema.parse({
    firstName: row.label, lastName: "Golden", dateOfBirth: `19${40 + (n % 20)}-0${(n % 9) + 1}-1${n % 10}`, sex: n % 2 ? "female" : "male", mbi: mbiOf(n),
    addressLine1: "1 Elm St", city: "Springfield", state: "IL", postalCode: "62701", billingPractitionerId: clinic.practitionerId,
    problems: (f.dx ?? ["E11.9", "I10"]).map((code) => ({ icd10Code: code, description: code })),
  });
  const { patientId } = await createPatient(tx, clinic.tenantId, TIME_ZONE, input);
  const consentOn = date(f.consent ?? DEFAULT_CONSENT);
  const consent = async (on: string) => {
    const recorded = await recordConsent(tx, clinic.tenantId, {
      patientId, program: "ccm", method: "verbal", disclosures: { availability: true, costSharing: true, stopAnyTime: true, onePractitionerPerMonth: true }, obtainedOn: on, obtainedByName: "Nurse Joy",
    }, nurseId, on);
    await transitionEnrollment(tx, { tenantId: clinic.tenantId, patientId, program: "ccm", to: "enrolled", actorUserId: nurseId, today: on });
    return recorded.consentId;
  };
  const consentId = await consent(consentOn);
  if (f.revokedOn) await revokeConsent(tx, clinic.tenantId, { consentId, revokedOn: date(f.revokedOn), note: "Patient asked to stop." }, nurseId);
  if (f.reconsentOn) await consent(date(f.reconsentOn));
  const visit = f.visit === undefined ? { kind: "em_visit" as const, on: consentOn } : f.visit;
  if (visit) {
    await addEncounter(tx, clinic.tenantId, patientId, {
      kind: visit.kind, occurredOn: date(visit.on), practitionerId: visit.by === "other" ? clinic.otherPractitionerId : clinic.practitionerId, isCcmDiscussed: visit.ccmDiscussed ?? true,
    });
  }
  const plan = f.plan ?? "shared";
  if (plan !== "none") {
    const body = CarePlanBodySchema.parse(COMPLETE_CARE_PLAN);
    const savedOn = addDays(consentOn, 1);
    await saveCarePlanVersion(tx, clinic.tenantId, { patientId, expectedVersion: 0, body }, clinic.doctorUserId, eveningOf(savedOn));
    await signCarePlan(tx, clinic.tenantId, { patientId, version: 1 }, clinic.doctorUserId);
    if (plan !== "not_shared") await recordCarePlanShared(tx, clinic.tenantId, { patientId, version: 1, sharedOn: addDays(consentOn, 2), method: "in_person" });
    if (plan === "v2_after_month") {
      await saveCarePlanVersion(tx, clinic.tenantId, { patientId, expectedVersion: 1, body: { ...body, medicationManagement: "Reconcile medications every two weeks." } }, clinic.doctorUserId, new Date("2026-12-01T18:00:00Z"));
    }
  }
  return patientId;
}

/**
 * One entry as its person recorded it: a measured entry, a manual (back-dated form) entry or a
 * timer, then any review decision or correction. Entries with a contact are recorded together
 * (recordSharedContacts).
 */
async function recordEntry(tx: ScopedTx, patientId: string, e: EntryFact, performer: Performer, supervisorId: string, slots: Slots, requestId: string): Promise<string | undefined> {
  if (e.contact) return undefined;
  const on = date(e.on);
  const length = seconds(e.lasted);
  const activity = e.activity ?? "patient_call";
  const loggedAt = eveningOf(date(e.loggedOn ?? e.on));
  let entryId: string;
  let flags: string[];
  if (e.via === "timer") {
    const start = slots.take(performer.userId, on, length);
    const { timer } = await startTimer(tx, performer, { patientId, activity }, new Date(start));
    if (e.idle) await removeIdleSpan(tx, performer.userId, { timerId: timer.timerId, idleFrom: new Date(start + seconds(e.idle[0]) * 1000).toISOString(), idleTo: new Date(start + seconds(e.idle[1]) * 1000).toISOString() }, new Date(start + seconds(e.idle[1]) * 1000));
    const stopped = await stopTimer(tx, performer, { timerId: timer.timerId, clientRequestId: `golden-${requestId}` }, new Date(start + length * 1000));
    entryId = stopped.entry!.entryId;
    flags = stopped.entry!.reviewFlags;
  } else if (e.via === "manual") {
    const start = new Date(slots.take(performer.userId, on, length));
    const startTime = `${String(start.getUTCHours() - 6).padStart(2, "0")}:${String(start.getUTCMinutes()).padStart(2, "0")}`;
    const created = await createManualEntry(tx, { patientId, clientRequestId: `golden-${requestId}`, date: on, startTime, durationMinutes: length / 60, activity }, performer, loggedAt);
    entryId = created.entryId;
    flags = created.reviewFlags;
  } else {
    const created = await createTimeEntry(tx, { patientId, clientRequestId: `golden-${requestId}`, durationSeconds: length, activity, source: "manual", performedOn: on }, performer, loggedAt);
    entryId = created.entryId;
    flags = created.reviewFlags;
  }
  // A row that says its entry waits for review must have an entry the service flagged.
  if (e.review === "left_pending" && flags.length === 0) throw new Error(`golden entry ${requestId} is marked left_pending but was not flagged for review`);
  if (e.review && e.review !== "left_pending") await reviewTimeEntry(tx, { entryId, decision: e.review, ...(e.review === "rejected" ? { reason: "Not care management: a billing question." } : {}) }, supervisorId);
  if (e.correctTo !== undefined) await correctTimeEntry(tx, { entryId, clientRequestId: `golden-${requestId}-fix`, minutes: e.correctTo, reason: "Typed the wrong duration" }, performer);
  return entryId;
}

/** Entries of one contact share a contact id (one call, two staff): the rules count it once. */
async function recordSharedContacts(inClinic: <T>(fn: (tx: ScopedTx) => Promise<T>) => Promise<T>, patientId: string, row: GoldenRow, performerOf: (who?: Who) => Performer) {
  const contacts = new Map<string, string>();
  for (const [i, e] of (row.facts.entries ?? []).entries()) {
    if (!e.contact) continue;
    const contactId = contacts.get(e.contact) ?? crypto.randomUUID();
    contacts.set(e.contact, contactId);
    const on = date(e.on);
    await inClinic((tx) =>
      createTimeEntry(tx, { patientId, clientRequestId: `golden-${row.label}-${i}`, durationSeconds: seconds(e.lasted), activity: e.activity ?? "patient_call", source: "manual", performedOn: on, contactId }, performerOf(e.who), eveningOf(on)),
    );
  }
}

/** Services billed elsewhere: typed in the portal form (which upper-cases the code) or imported by CSV as given. */
async function recordOtherServices(tx: ScopedTx, clinic: SeededClinic, patientId: string, f: Facts, n: number, userId: string) {
  for (const o of f.other ?? []) {
    if (o.via === "csv") {
      const result = await importOtherServicesCsv(tx, clinic.tenantId, `mbi,service_month,code,same_practitioner\n${mbiOf(n)},${MONTH},${o.code},${o.samePractitioner ? "yes" : "no"}\n`, userId);
      if (result.errors.length) throw new Error(`other-services import refused: ${JSON.stringify(result.errors)}`);
    } else {
      await addOtherService(tx, clinic.tenantId, { patientId, serviceMonth: MONTH, code: o.code.toUpperCase(), samePractitioner: o.samePractitioner }, "form", userId);
    }
  }
}
