import { isCallableNow, getClinicLocalTime } from "@carefold/ccm-rules";
import type { ScopedTx } from "@carefold/db";
import { decideRecording, toE164 } from "@carefold/integrations";
import { forbidden, invalidState, notFound } from "../../errors.js";
import type { Span } from "../time/spans.js";
import { createTimeEntry, type Performer } from "../time/time-entries.service.js";
import { absorbCallIntoTimers } from "../time/timer.service.js";
import type { ACTIVITIES } from "../time/time.schemas.js";
import { isFinalStatus, type CallStatus, type Disposition } from "./call-status.js";

export interface StartCallInput {
  patientId: string;
  phoneId?: string;
  /** Needed outside 8:00–21:00 patient time; audited with the call. */
  overrideReason?: string;
}

export type StartCallResult =
  | {
      kind: "outside_calling_hours";
      tenantId: string;
      patientLocalTime: string;
      window: { startHour: number; endHour: number };
    }
  | {
      kind: "ready";
      tenantId: string;
      callId: string;
      fromE164: string;
      toE164: string;
      overridden: boolean;
      recording: string;
    };

const formatLocal = (now: Date, timeZone: string) => {
  const { hour, minute } = getClinicLocalTime(now, timeZone);
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
};

/** The clinic's default caller-ID number (or its first), or a clear refusal. */
export async function clinicCallerId(tx: ScopedTx, tenantId: string): Promise<string> {
  const number = await tx.clinicPhoneNumber.findFirst({
    where: { tenantId },
    orderBy: [{ isDefault: "desc" }, { createdAt: "asc" }],
  });
  if (!number)
    throw invalidState(
      "This clinic has no caller-ID number yet, so it cannot call or text patients. A vendor admin adds one under Admin → Clinics.",
    );
  return number.numberE164;
}

/**
 * Checks the calling-hours guard (the patient's own time zone, the clinic's window) and creates
 * the call record the browser's call will be attached to. Outside the window the call is only
 * created with an override reason, which stays on the call (and in the audit row).
 */
export async function startCall(
  tx: ScopedTx,
  input: StartCallInput,
  userId: string,
  now = new Date(),
): Promise<StartCallResult> {
  const patient = await tx.patient.findFirst({
    where: { id: input.patientId },
    include: { phones: true },
  });
  if (!patient) throw notFound("That patient");
  const phone = input.phoneId
    ? patient.phones.find((p) => p.id === input.phoneId)
    : (patient.phones.find((p) => p.isPreferred) ?? patient.phones[0]);
  if (!phone)
    throw invalidState("This patient has no phone number on file. Add one to the chart first.");
  const to = toE164(phone.numberE164);
  if (!to)
    throw invalidState(
      "The patient's phone number is not a valid number. Correct it on the chart first.",
    );
  const settings = await tx.tenantSetting.findUnique({ where: { tenantId: patient.tenantId } });
  const window = {
    startHour: settings?.callingStartHour ?? 8,
    endHour: settings?.callingEndHour ?? 21,
  };
  const callable = isCallableNow(now, patient.timeZone, window);
  const overrideReason = input.overrideReason?.trim() || null;
  if (!callable && !overrideReason) {
    return {
      kind: "outside_calling_hours",
      tenantId: patient.tenantId,
      patientLocalTime: formatLocal(now, patient.timeZone),
      window,
    };
  }
  const from = await clinicCallerId(tx, patient.tenantId);
  const callSetting = await tx.clinicCallSetting.findUnique({
    where: { tenantId: patient.tenantId },
  });
  const recording = decideRecording({
    recordingEnabled: callSetting?.recordingEnabled ?? false,
    recordingNotice: callSetting?.recordingNotice ?? null,
    patientState: patient.state,
  });
  const call = await tx.call.create({
    data: {
      tenantId: patient.tenantId,
      patientId: patient.id,
      userId,
      direction: "outbound",
      fromE164: from,
      toE164: to,
      callingHoursOverride: callable ? null : overrideReason,
      recordingDecision: recording,
      patientState: patient.state,
    },
  });
  return {
    kind: "ready",
    tenantId: patient.tenantId,
    callId: call.id,
    fromE164: from,
    toE164: to,
    overridden: !callable,
    recording,
  };
}

async function ownCall(tx: ScopedTx, callId: string, userId: string) {
  const call = await tx.call.findFirst({ where: { id: callId } });
  if (!call) throw notFound("That call");
  if (call.userId !== userId) throw forbidden("Only the person who made the call can do that.");
  return call;
}

/** The outcome the coordinator chooses after the call. Can be changed until the draft is confirmed. */
export async function setDisposition(
  tx: ScopedTx,
  input: { callId: string; disposition: Disposition },
  userId: string,
) {
  const call = await ownCall(tx, input.callId, userId);
  if (call.status === "created")
    throw invalidState("This call never started, so it has no outcome.");
  await tx.call.update({
    where: { tenantId_id: { tenantId: call.tenantId, id: call.id } },
    data: { disposition: input.disposition, dispositionAt: new Date(), updatedAt: new Date() },
  });
  return { tenantId: call.tenantId, patientId: call.patientId };
}

/**
 * Turns the call's draft into a real time entry through the ordinary create path (so review
 * flags, closed months and the rollups apply). The entry's client request id is derived from the
 * call, so a retried or doubled confirmation returns the same entry.
 */
export async function confirmCallTime(
  tx: ScopedTx,
  input: { callId: string; minutes: number; activity: keyof typeof ACTIVITIES; note?: string; contactId?: string },
  performer: Performer,
  now = new Date(),
) {
  const call = await ownCall(tx, input.callId, performer.userId);
  const draft = await tx.callTimeDraft.findUnique({
    where: { tenantId_callId: { tenantId: call.tenantId, callId: call.id } },
  });
  if (!draft)
    throw invalidState(
      "This call has no talk time to log yet. Wait for the call to finish, or log the time by hand.",
    );
  if (draft.status === "discarded") throw invalidState("The time of this call was discarded.");
  // The talk time as measured by the carrier. The typed
  // minutes are the claim beside it. The call absorbs the caller's timers over that span, so the
  // same seconds are never counted on a timer entry too (decision 0020).
  // The carrier reports when the call ended and how long it talked: [ended - talk, ended).
  const talkEnd = (call.endedAt ?? now).getTime();
  const talk: Span = [talkEnd - draft.talkSeconds * 1000, talkEnd];
  await absorbCallIntoTimers(tx, performer.userId, talk, now);
  const entry = await createTimeEntry(
    tx,
    {
      patientId: call.patientId,
      clientRequestId: `call:${call.id}`,
      claimedMinutes: input.minutes,
      activity: input.activity,
      source: "call",
      note: input.note,
      contactId: input.contactId,
      spans: [talk],
    },
    performer,
    now,
    { callId: call.id },
  );
  if (draft.status === "pending") {
    await tx.callTimeDraft.update({
      where: { tenantId_callId: { tenantId: call.tenantId, callId: call.id } },
      data: { status: "confirmed", timeEntryId: entry.entryId, resolvedAt: new Date() },
    });
  }
  return { ...entry, patientId: call.patientId, suggestedMinutes: draft.minutes };
}

export async function discardCallTime(tx: ScopedTx, callId: string, userId: string) {
  const call = await ownCall(tx, callId, userId);
  const draft = await tx.callTimeDraft.findUnique({
    where: { tenantId_callId: { tenantId: call.tenantId, callId: call.id } },
  });
  if (!draft) throw invalidState("This call has no talk time to discard.");
  if (draft.status === "confirmed")
    throw invalidState("This time was already logged. Correct the time entry instead.");
  await tx.callTimeDraft.update({
    where: { tenantId_callId: { tenantId: call.tenantId, callId: call.id } },
    data: { status: "discarded", resolvedAt: new Date() },
  });
  return { tenantId: call.tenantId, patientId: call.patientId };
}

/** One call with its status timeline, draft time and recording, for the call panel. */
export async function getCall(tx: ScopedTx, callId: string) {
  const call = await tx.call.findFirst({ where: { id: callId } });
  if (!call) throw notFound("That call");
  const events = await tx.providerEvent.findMany({
    where: { tenantId: call.tenantId, callId: call.id },
    orderBy: [{ occurredAt: "asc" }, { receivedAt: "asc" }],
  });
  const draft = await tx.callTimeDraft.findUnique({
    where: { tenantId_callId: { tenantId: call.tenantId, callId: call.id } },
  });
  const recordings = await tx.callRecording.findMany({ where: { tenantId: call.tenantId, callId: call.id } });
  return {
    id: call.id,
    tenantId: call.tenantId,
    patientId: call.patientId,
    userId: call.userId,
    status: call.status as CallStatus,
    isFinal: isFinalStatus(call.status as CallStatus),
    fromE164: call.fromE164,
    toE164: call.toE164,
    answeredAt: call.answeredAt?.toISOString() ?? null,
    endedAt: call.endedAt?.toISOString() ?? null,
    talkSeconds: call.talkSeconds,
    disposition: call.disposition as Disposition | null,
    callingHoursOverride: call.callingHoursOverride,
    recordingDecision: call.recordingDecision,
    recordingNoticePlayedAt: call.recordingNoticePlayedAt?.toISOString() ?? null,
    createdAt: call.createdAt.toISOString(),
    timeline: events.map((e) => ({ event: e.event, occurredAt: e.occurredAt.toISOString() })),
    draft: draft
      ? {
          minutes: draft.minutes,
          talkSeconds: draft.talkSeconds,
          status: draft.status,
          timeEntryId: draft.timeEntryId,
        }
      : null,
    recordings: recordings.map((r) => ({
      sid: r.recordingSid,
      durationSeconds: r.durationSeconds,
      storageLocation: r.storageLocation,
      consentId: r.consentId,
    })),
  };
}

/** Recent calls of a patient (newest first) for the chart. */
export async function listPatientCalls(tx: ScopedTx, patientId: string, take = 20) {
  const calls = await tx.call.findMany({
    where: { patientId },
    orderBy: { createdAt: "desc" },
    take,
  });
  const users = new Map(
    (
      await tx.appUser.findMany({
        where: { id: { in: [...new Set(calls.map((c) => c.userId))] } },
        select: { id: true, name: true },
      })
    ).map((u) => [u.id, u.name]),
  );
  return calls.map((c) => ({
    id: c.id,
    createdAt: c.createdAt.toISOString(),
    direction: c.direction,
    status: c.status,
    talkSeconds: c.talkSeconds,
    disposition: c.disposition,
    caller: users.get(c.userId) ?? null,
    overridden: c.callingHoursOverride !== null,
  }));
}

