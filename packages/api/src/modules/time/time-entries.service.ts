import { leanQuery, type ScopedTx } from "@carefold/db";
import { conflict, invalidInput, invalidState, notFound } from "../../errors.js";
import { fromDate, toDate } from "../patients/patient-record.js";
import { todayIn } from "../patients/today.js";
import type { CreateTimeEntry } from "./time.schemas.js";

/** Entries that a supervisor looks at before they count as reviewed (they still count meanwhile). */
export const REVIEW_RULES = { longEntryMinutes: 60, backdatedDays: 7, newStaffDays: 30 };

export interface Performer {
  userId: string;
  role: "clinical_staff" | "billing_practitioner" | "non_clinical";
  isInUs: boolean;
  accountCreatedAt: Date;
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** Maps the database's closed-month refusal to words a coordinator understands. */
export function mapEntryWriteError(error: unknown, serviceMonth: string): never {
  const message = (error as Error).message ?? "";
  if (message.includes("is closed")) {
    throw invalidState(`${monthName(serviceMonth)} is closed for this clinic, so no minutes can be added to it. Ask a vendor admin to reopen the month if this time belongs there.`);
  }
  if (message.includes("keep the patient and the month")) throw invalidInput("A correction must keep the patient and the month of the entry it corrects.");
  throw error;
}

export const monthName = (serviceMonth: string) =>
  new Date(`${serviceMonth}-01T00:00:00Z`).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

/**
 * Logs minutes for a patient. Idempotent on the client's request id: a retried or doubled submit
 * returns the first entry instead of writing a second; the same id with different content is a
 * conflict. The service month is the clinic-local date's month; closed months refuse new time.
 */
export async function createTimeEntry(tx: ScopedTx, input: CreateTimeEntry, performer: Performer, now = new Date(), link: { callId?: string } = {}) {
  // The patient (through RLS), the clinic's time zone and an entry already made with this submit id,
  // in one round trip: this is the hottest write path of the product.
  const [patient] = await leanQuery<{ tenant_id: string; time_zone: string; existing: ExistingEntryJson | null }>(
    tx,
    `SELECT p.tenant_id::text, t.time_zone,
            (SELECT jsonb_build_object('id', e.id, 'tenantId', e.tenant_id, 'patientId', e.patient_id, 'minutes', e.minutes, 'activity', e.activity,
                                       'performedOn', e.performed_on, 'serviceMonth', e.service_month, 'reviewFlags', e.review_flags)
               FROM time_entry e WHERE e.tenant_id = p.tenant_id AND e.client_request_id = $2) AS existing
       FROM patient p JOIN tenant t ON t.id = p.tenant_id
      WHERE p.id = $1::uuid`,
    [input.patientId, input.clientRequestId],
  );
  if (!patient) throw notFound("That patient");
  const tenantId = patient.tenant_id;
  const today = todayIn(patient.time_zone, now);
  const performedOn = input.performedOn ?? (input.startedAt ? todayIn(patient.time_zone, new Date(input.startedAt)) : today);
  if (performedOn > today) throw invalidInput("Time cannot be logged for a future date.");
  const serviceMonth = performedOn.slice(0, 7);

  if (patient.existing) return sameOrConflict({ ...patient.existing, performedOn: new Date(`${patient.existing.performedOn}T00:00:00Z`) }, input, performedOn);

  const flags = [
    ...(input.minutes > REVIEW_RULES.longEntryMinutes ? ["long_entry"] : []),
    ...(daysBetween(performedOn, today) > REVIEW_RULES.backdatedDays ? ["backdated"] : []),
    ...(now.getTime() - performer.accountCreatedAt.getTime() < REVIEW_RULES.newStaffDays * 86_400_000 ? ["new_staff"] : []),
  ];
  const rows = await leanQuery<{ id: string }>(
    tx,
    `INSERT INTO time_entry (tenant_id, patient_id, service_month, performed_on, started_at, minutes, activity, performer_user_id,
                             performer_role, performer_in_us, source, client_request_id, review_status, review_flags, note, call_id)
     VALUES ($1::uuid, $2::uuid, $3, $4::date, $5::timestamptz, $6, $7, $8::uuid, $9, $10, $11, $12, $13, $14::text[], $15, $16::uuid)
     ON CONFLICT (tenant_id, client_request_id) DO NOTHING
     RETURNING id::text`,
    [tenantId, input.patientId, serviceMonth, performedOn, input.startedAt ?? null, input.minutes, input.activity, performer.userId, performer.role,
     performer.isInUs, input.source, input.clientRequestId, flags.length ? "pending" : "approved", flags, input.note ?? null, link.callId ?? null],
  ).catch((e) => mapEntryWriteError(e, serviceMonth));
  if (rows.length === 0) {
    // A concurrent submit with the same id won the race: answer with its entry.
    const winner = await tx.timeEntry.findUniqueOrThrow({ where: { tenantId_clientRequestId: { tenantId, clientRequestId: input.clientRequestId } } });
    return sameOrConflict(winner, input, performedOn);
  }
  return { entryId: rows[0]!.id, tenantId, serviceMonth, isDuplicate: false, reviewFlags: flags };
}

interface ExistingEntryJson {
  id: string;
  tenantId: string;
  patientId: string;
  minutes: number;
  activity: string;
  performedOn: string;
  serviceMonth: string;
  reviewFlags: string[];
}

function sameOrConflict(existing: { id: string; tenantId: string; patientId: string; minutes: number; activity: string; performedOn: Date; serviceMonth: string; reviewFlags: string[] }, input: CreateTimeEntry, performedOn: string) {
  const isSame = existing.patientId === input.patientId && existing.minutes === input.minutes && existing.activity === input.activity && fromDate(existing.performedOn) === performedOn;
  if (!isSame) throw conflict("This submit id was already used for a different entry. Reload the page and log the time again.");
  return { entryId: existing.id, tenantId: existing.tenantId, serviceMonth: existing.serviceMonth.trim(), isDuplicate: true, reviewFlags: existing.reviewFlags };
}

/**
 * Corrects an entry with a new one that names it (the original stays, for the audit trail). The
 * new minutes replace the old in the month's totals; 0 removes the entry's time.
 */
export async function correctTimeEntry(tx: ScopedTx, input: { entryId: string; clientRequestId: string; minutes: number; reason: string }, performer: Performer) {
  const original = await tx.timeEntry.findFirst({ where: { id: input.entryId } });
  if (!original) throw notFound("That time entry");
  const repeat = await tx.timeEntry.findUnique({ where: { tenantId_clientRequestId: { tenantId: original.tenantId, clientRequestId: input.clientRequestId } } });
  if (repeat) {
    if (repeat.correctsEntryId !== original.id || repeat.minutes !== input.minutes) throw conflict("This submit id was already used for a different entry.");
    return { entryId: repeat.id, tenantId: repeat.tenantId, isDuplicate: true };
  }
  if (await tx.timeEntry.findFirst({ where: { tenantId: original.tenantId, correctsEntryId: original.id } })) {
    throw conflict("This entry was already corrected. Correct the latest version instead.");
  }
  const created = await tx.timeEntry
    .create({
      data: {
        tenantId: original.tenantId,
        patientId: original.patientId,
        serviceMonth: original.serviceMonth,
        performedOn: original.performedOn,
        minutes: input.minutes,
        activity: original.activity,
        performerUserId: performer.userId,
        performerRole: original.performerRole,
        performerInUs: original.performerInUs,
        source: "manual",
        correctsEntryId: original.id,
        clientRequestId: input.clientRequestId,
        note: `Correction: ${input.reason}`,
      },
    })
    .catch((e) => mapEntryWriteError(e, original.serviceMonth.trim()));
  return { entryId: created.id, tenantId: created.tenantId, isDuplicate: false };
}

/** A supervisor approves or rejects a flagged entry (rejected minutes stop counting). */
export async function reviewTimeEntry(tx: ScopedTx, input: { entryId: string; decision: "approved" | "rejected"; reason?: string }, reviewerId: string) {
  if (input.decision === "rejected" && !input.reason) throw invalidInput("Say why the entry is rejected; the coordinator sees it.");
  const entry = await tx.timeEntry.findFirst({ where: { id: input.entryId } });
  if (!entry) throw notFound("That time entry");
  await tx.timeEntry.update({
    where: { tenantId_id: { tenantId: entry.tenantId, id: entry.id } },
    data: { reviewStatus: input.decision, reviewReason: input.reason ?? null, reviewedBy: reviewerId, reviewedAt: new Date() },
  });
  return { entryId: entry.id, tenantId: entry.tenantId, patientId: entry.patientId };
}

/** Entries of a patient-month with what replaced what, newest first. */
export async function listMonthEntries(tx: ScopedTx, patientId: string, serviceMonth: string) {
  const entries = await tx.timeEntry.findMany({ where: { patientId, serviceMonth }, orderBy: [{ performedOn: "desc" }, { createdAt: "desc" }] });
  const corrected = new Set(entries.map((e) => e.correctsEntryId).filter(Boolean));
  return entries.map((e) => ({
    id: e.id,
    performedOn: fromDate(e.performedOn)!,
    minutes: e.minutes,
    activity: e.activity,
    performerUserId: e.performerUserId,
    performerRole: e.performerRole,
    performerInUs: e.performerInUs,
    source: e.source,
    reviewStatus: e.reviewStatus,
    reviewFlags: e.reviewFlags,
    correctsEntryId: e.correctsEntryId,
    isSuperseded: corrected.has(e.id),
    note: e.note,
    createdAt: e.createdAt.toISOString(),
  }));
}

export { toDate };
