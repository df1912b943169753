import { assessEligibility } from "@carefold/ccm-rules";
import type { Prisma, ScopedTx } from "@carefold/db";
import { invalidInput, notFound } from "../../errors.js";
import { fromDate, maskMbi, patientColumns, writePatientChildren } from "./patient-record.js";
import type { PatientInput } from "./patients.schemas.js";
import { escapeLike } from "../../search/like-pattern.js";

/** Recomputes the stored eligibility from the active problem list (ccm-rules decides). */
export async function refreshEligibility(tx: ScopedTx, tenantId: string, patientId: string) {
  const problems = await tx.problem.findMany({ where: { tenantId, patientId }, select: { icd10Code: true, resolvedOn: true } });
  const assessment = assessEligibility(problems.map((p) => ({ code: p.icd10Code, status: p.resolvedOn ? ("resolved" as const) : ("active" as const) })));
  await tx.patient.update({
    where: { tenantId_id: { tenantId, id: patientId } },
    data: { eligibility: assessment.status, qualifyingConditions: assessment.qualifying.length },
  });
  return assessment;
}

async function assertPractitioner(tx: ScopedTx, tenantId: string, practitionerId: string | undefined) {
  if (practitionerId && !(await tx.practitioner.findFirst({ where: { tenantId, id: practitionerId } }))) {
    throw invalidInput("Choose a billing practitioner of this clinic.");
  }
}

export async function createPatient(tx: ScopedTx, tenantId: string, clinicTimeZone: string, input: PatientInput) {
  await assertPractitioner(tx, tenantId, input.billingPractitionerId);
  if (input.mbi && (await tx.patient.findFirst({ where: { tenantId, mbi: input.mbi } }))) {
    throw invalidInput(`A patient with MBI ending ${input.mbi.slice(7)} already exists in this clinic.`);
  }
  const patient = await tx.patient.create({ data: patientColumns(tenantId, input, clinicTimeZone) });
  await writePatientChildren(tx, tenantId, patient.id, input);
  await refreshEligibility(tx, tenantId, patient.id);
  return { patientId: patient.id };
}

/** The whole chart of one patient. Callers must audit this read (it is PHI). */
export async function getPatientChart(tx: ScopedTx, tenantId: string | undefined, patientId: string) {
  const patient = await tx.patient.findFirst({
    where: { ...(tenantId ? { tenantId } : {}), id: patientId },
    include: {
      phones: { orderBy: { isPreferred: "desc" } },
      problems: { orderBy: [{ resolvedOn: "asc" }, { icd10Code: "asc" }] },
      medications: { orderBy: { name: "asc" } },
      allergies: true,
      careTeam: true,
      encounters: { orderBy: { occurredOn: "desc" }, include: { practitioner: { select: { name: true } } } },
      enrollments: { include: { events: { orderBy: { at: "asc" } }, consents: { orderBy: { createdAt: "desc" } } } },
      billingPractitioner: { select: { id: true, name: true, npi: true } },
      carePlan: { select: { id: true, currentVersion: true, status: true, updatedAt: true } },
    },
  });
  if (!patient) throw notFound("That patient");
  const eligibility = assessEligibility(
    patient.problems.map((p) => ({ code: p.icd10Code, status: p.resolvedOn ? ("resolved" as const) : ("active" as const) })),
  );
  return {
    id: patient.id,
    tenantId: patient.tenantId,
    firstName: patient.firstName,
    lastName: patient.lastName,
    dateOfBirth: fromDate(patient.dateOfBirth)!,
    sex: patient.sex,
    mbiMasked: maskMbi(patient.mbi),
    hasMbi: patient.mbi !== null,
    medicalRecordNumber: patient.medicalRecordNumber,
    otherInsurance: patient.otherInsurance,
    address: { line1: patient.addressLine1, city: patient.city, state: patient.state, postalCode: patient.postalCode },
    timeZone: patient.timeZone,
    preferredLanguage: patient.preferredLanguage,
    status: patient.status,
    billingPractitioner: patient.billingPractitioner,
    phones: patient.phones.map((p) => ({ id: p.id, number: p.numberE164, type: p.type, isPreferred: p.isPreferred, hasSmsConsent: p.hasSmsConsent, isOptedOut: p.optedOutAt !== null })),
    problems: patient.problems.map((p) => ({ id: p.id, icd10Code: p.icd10Code, description: p.description, conditionGroup: p.conditionGroup, isChronic: p.isChronic, onsetOn: fromDate(p.onsetOn), resolvedOn: fromDate(p.resolvedOn), claimRank: p.claimRank })),
    medications: patient.medications.map((m) => ({ id: m.id, name: m.name, dose: m.dose, frequency: m.frequency, startedOn: fromDate(m.startedOn), stoppedOn: fromDate(m.stoppedOn) })),
    allergies: patient.allergies.map((a) => ({ id: a.id, substance: a.substance, reaction: a.reaction, severity: a.severity })),
    careTeam: patient.careTeam.map((c) => ({ id: c.id, name: c.name, role: c.role, organization: c.organization, phone: c.phone })),
    encounters: patient.encounters.map((e) => ({ id: e.id, kind: e.kind, occurredOn: fromDate(e.occurredOn)!, practitioner: e.practitioner?.name ?? null, isCcmDiscussed: e.isCcmDiscussed })),
    eligibility,
    enrollments: patient.enrollments.map((e) => ({
      id: e.id,
      program: e.program,
      status: e.status,
      statusReason: e.statusReason,
      enrolledOn: fromDate(e.enrolledOn),
      endsOn: fromDate(e.endsOn),
      history: e.events.map((ev) => ({ from: ev.fromStatus, to: ev.toStatus, reason: ev.reason, note: ev.note, at: ev.at.toISOString(), actorUserId: ev.actorUserId })),
      consents: e.consents.map((c) => ({ id: c.id, method: c.method, obtainedOn: fromDate(c.obtainedOn)!, obtainedByName: c.obtainedByName, revokedOn: fromDate(c.revokedOn), revocationEffectiveOn: fromDate(c.revocationEffectiveOn), evidenceDocumentId: c.evidenceDocumentId })),
    })),
    carePlan: patient.carePlan ? { id: patient.carePlan.id, currentVersion: patient.carePlan.currentVersion, status: patient.carePlan.status, updatedAt: patient.carePlan.updatedAt.toISOString() } : null,
  };
}
export type PatientChart = Awaited<ReturnType<typeof getPatientChart>>;

/**
 * What a typed word can name besides a name or MRN: a whole MBI, the last four of an MBI (as lists
 * show it), a date of birth (YYYY-MM-DD or MM/DD/YYYY) or a phone number (7+ digits, compared on its
 * last 10). Only exact, structured matches: no wildcard ever reaches these columns.
 */
function identifierMatches(word: string): Prisma.PatientWhereInput[] {
  const matches: Prisma.PatientWhereInput[] = [];
  const compact = word.replace(/-/g, "").toUpperCase();
  if (/^[0-9A-Z]{11}$/.test(compact)) matches.push({ mbi: { equals: compact } });
  if (/^[0-9A-Z]{4}$/.test(compact) && /\d/.test(compact)) matches.push({ mbi: { endsWith: escapeLike(compact) } });
  const date = readSearchDate(word);
  if (date) matches.push({ dateOfBirth: { equals: date } });
  const digits = word.replace(/\D/g, "");
  if (!date && isPhoneLike(word)) matches.push({ phones: { some: { numberE164: { endsWith: escapeLike(digits.slice(-10)) } } } });
  return matches;
}

const isPhoneLike = (term: string) => /^[\d\s().+-]+$/.test(term) && term.replace(/\D/g, "").length >= 7;

/** A search word that is a real calendar date, as a Date at UTC midnight (how dates are stored). */
function readSearchDate(word: string): Date | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(word);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(word);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : us ? [us[3], us[1], us[2]] : [];
  if (!y || !m || !d) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d) ? date : null;
}

/** Patient list for one or more clinics in scope: searchable, filterable, paged, MBIs masked. */
export async function listPatients(
  tx: ScopedTx,
  filter: { search?: string; programStatus?: string; eligibility?: string; billingPractitionerId?: string; page: number; pageSize: number },
) {
  const term = filter.search?.trim() ?? "";
  // A phone number typed with spaces ("(312) 555-0142") is one word, not three.
  const words = isPhoneLike(term) ? [term] : term.split(/\s+/).filter(Boolean);
  const where: Prisma.PatientWhereInput = {
    AND: [
      ...words.map((w) => ({
        OR: [
          { firstName: { contains: escapeLike(w), mode: "insensitive" as const } },
          { lastName: { contains: escapeLike(w), mode: "insensitive" as const } },
          { medicalRecordNumber: { equals: w } },
          ...identifierMatches(w),
        ],
      })),
      ...(filter.eligibility ? [{ eligibility: filter.eligibility }] : []),
      ...(filter.billingPractitionerId ? [{ billingPractitionerId: filter.billingPractitionerId }] : []),
      ...(filter.programStatus === "none"
        ? [{ enrollments: { none: { program: "ccm" as const } } }]
        : filter.programStatus
          ? [{ enrollments: { some: { program: "ccm" as const, status: filter.programStatus as never } } }]
          : []),
    ],
  };
  // One after the other: a transaction is one connection, which runs one statement at a time.
  const total = await tx.patient.count({ where });
  const rows = await tx.patient.findMany({
    where,
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
    skip: (filter.page - 1) * filter.pageSize,
    take: filter.pageSize,
    include: { enrollments: { where: { program: "ccm" }, select: { status: true } }, billingPractitioner: { select: { name: true } }, tenant: { select: { name: true } } },
  });
  return {
    total,
    page: filter.page,
    pageSize: filter.pageSize,
    rows: rows.map((p) => ({
      id: p.id,
      clinic: p.tenant.name,
      name: `${p.lastName}, ${p.firstName}`,
      dateOfBirth: fromDate(p.dateOfBirth)!,
      mbiMasked: maskMbi(p.mbi),
      eligibility: p.eligibility,
      qualifyingConditions: p.qualifyingConditions,
      programStatus: p.enrollments[0]?.status ?? null,
      billingPractitioner: p.billingPractitioner?.name ?? null,
    })),
  };
}
