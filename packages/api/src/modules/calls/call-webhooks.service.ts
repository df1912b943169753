import type { ScopedTx } from "@carefold/db";
import { isRecorded, type RecordingDecision, type Telephony } from "@carefold/integrations";
import { WEBHOOK_PATHS } from "@carefold/integrations";
import { z } from "zod";
import { todayIn } from "../patients/today.js";
import { recordEventOnce, type Outcome } from "./provider-event.js";
import {
  draftMinutesFor,
  isFinalStatus,
  nextCallStatus,
  CALL_STATUSES,
  type CallStatus,
} from "./call-status.js";

const Sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`));
/** Twilio's timestamps are RFC 2822 ("Mon, 16 Aug 2010 03:45:01 +0000"); a missing one means now. */
const When = z
  .string()
  .optional()
  .transform((v) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v) : new Date()));

export const VoiceParamsSchema = z.object({
  CallSid: Sid("CA"),
  From: z.string(),
  callId: z.string().uuid(),
});
export const VoiceStatusParamsSchema = z.object({
  CallSid: Sid("CA"),
  ParentCallSid: Sid("CA").optional(),
  CallStatus: z.enum(CALL_STATUSES),
  CallDuration: z.coerce.number().int().min(0).optional(),
  Timestamp: When,
  SequenceNumber: z.string().optional(),
});
export const RecordingParamsSchema = z.object({
  CallSid: Sid("CA"),
  RecordingSid: Sid("RE"),
  RecordingStatus: z.enum(["in-progress", "completed", "absent", "failed"]),
  RecordingDuration: z.coerce.number().int().min(0).default(0),
  RecordingUrl: z.string().url().optional(),
});
/** What the signed URL says the callback is about (the URL is covered by the signature). */
export const CallRefSchema = z.object({ tenant: z.string().uuid(), call: z.string().uuid() });

async function lockCall(tx: ScopedTx, tenantId: string, callId: string) {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id::text FROM call WHERE tenant_id = ${tenantId}::uuid AND id = ${callId}::uuid FOR UPDATE`;
  if (rows.length === 0) return null;
  return tx.call.findUniqueOrThrow({ where: { tenantId_id: { tenantId, id: callId } } });
}

/**
 * The TwiML app's voice URL: the browser's call arrives here with the call id it was started
 * with. Only the coordinator who started that call (the token's identity) gets a <Dial>, and only
 * once; the patient leg reports to the status URL, signed for this tenant and call.
 */
export async function answerBrowserCall(
  tx: ScopedTx,
  telephony: Telephony,
  tenantId: string,
  params: z.infer<typeof VoiceParamsSchema>,
): Promise<{ twiml: string; outcome: Outcome }> {
  const refuse = (reason: string) => ({
    twiml: telephony.rejectTwiml("This call could not be placed. Start it again from Carefold."),
    outcome: { applied: false, detail: { refused: reason } },
  });
  const call = await lockCall(tx, tenantId, params.callId);
  if (!call) return refuse("unknown_call");
  if (params.From !== `client:${call.userId}`) return refuse("not_the_caller");
  if (call.parentSid && call.parentSid !== params.CallSid) return refuse("already_dialled");
  if (Date.now() - call.createdAt.getTime() > 10 * 60_000) return refuse("stale_call");
  if (!call.parentSid) {
    await tx.call.update({
      where: { tenantId_id: { tenantId, id: call.id } },
      data: {
        parentSid: params.CallSid,
        status: nextCallStatus(call.status as CallStatus, "queued"),
        updatedAt: new Date(),
      },
    });
  }
  const ref = { tenant: tenantId, call: call.id };
  const decision = call.recordingDecision as RecordingDecision;
  const twiml = telephony.dialTwiml({
    callerId: call.fromE164,
    to: call.toE164,
    statusCallbackUrl: telephony.webhookUrl(WEBHOOK_PATHS.voiceStatus, ref),
    record: isRecorded(decision),
    recordingStatusCallbackUrl: isRecorded(decision)
      ? telephony.webhookUrl(WEBHOOK_PATHS.recordingStatus, ref)
      : undefined,
    calleeNoticeUrl:
      decision === "record_after_notice"
        ? telephony.webhookUrl(WEBHOOK_PATHS.calleeNotice, ref)
        : undefined,
  });
  return {
    twiml,
    outcome: {
      applied: !call.parentSid,
      patientId: call.patientId,
      objectId: call.id,
      detail: { recording: decision },
    },
  };
}

/** Played to the patient after they answer and before the coordinator is connected. */
export async function playRecordingNotice(
  tx: ScopedTx,
  telephony: Telephony,
  ref: z.infer<typeof CallRefSchema>,
): Promise<{ twiml: string; outcome: Outcome }> {
  const call = await lockCall(tx, ref.tenant, ref.call);
  const setting = await tx.clinicCallSetting.findUnique({ where: { tenantId: ref.tenant } });
  if (!call || !setting?.recordingNotice)
    return { twiml: telephony.sayTwiml(""), outcome: { applied: false } };
  if (!call.recordingNoticePlayedAt) {
    await tx.call.update({
      where: { tenantId_id: { tenantId: ref.tenant, id: call.id } },
      data: { recordingNoticePlayedAt: new Date() },
    });
  }
  return {
    twiml: telephony.sayTwiml(setting.recordingNotice),
    outcome: {
      applied: !call.recordingNoticePlayedAt,
      patientId: call.patientId,
      objectId: call.id,
    },
  };
}

/**
 * A status callback of the patient leg. Recorded once per (CallSid, CallStatus); the call's
 * status only moves forward, so `completed` before `ringing` still ends `completed`. A completed
 * connected call leaves one draft time entry (keyed by the call) for the coordinator to confirm.
 */
export async function applyCallStatus(
  tx: ScopedTx,
  ref: z.infer<typeof CallRefSchema>,
  params: z.infer<typeof VoiceStatusParamsSchema>,
): Promise<Outcome> {
  const call = await lockCall(tx, ref.tenant, ref.call);
  if (!call) return { applied: false, detail: { ignored: "unknown_call" } };
  if (call.sid && call.sid !== params.CallSid)
    return { applied: false, detail: { ignored: "other_leg" } };
  const isNew = await recordEventOnce(tx, {
    tenantId: ref.tenant,
    sid: params.CallSid,
    event: params.CallStatus,
    callId: call.id,
    occurredAt: params.Timestamp,
    detail: { sequence: params.SequenceNumber ?? null },
  });
  if (!isNew) return { applied: false, detail: { duplicate: true } };

  const current = call.status as CallStatus;
  const status = nextCallStatus(current, params.CallStatus);
  const data: Parameters<typeof tx.call.update>[0]["data"] = {
    sid: params.CallSid,
    updatedAt: new Date(),
  };
  if (status !== current) data.status = status;
  if (params.CallStatus === "in-progress" && !call.answeredAt) data.answeredAt = params.Timestamp;
  if (isFinalStatus(params.CallStatus) && !isFinalStatus(current)) {
    data.endedAt = params.Timestamp;
    data.talkSeconds = params.CallStatus === "completed" ? (params.CallDuration ?? 0) : 0;
  }
  await tx.call.update({ where: { tenantId_id: { tenantId: ref.tenant, id: call.id } }, data });

  const talkSeconds = data.talkSeconds as number | undefined;
  if (talkSeconds && talkSeconds > 0) {
    await tx.$executeRaw`
      INSERT INTO call_time_draft (tenant_id, call_id, patient_id, user_id, talk_seconds, minutes)
      VALUES (${ref.tenant}::uuid, ${call.id}::uuid, ${call.patientId}::uuid, ${call.userId}::uuid, ${talkSeconds}, ${draftMinutesFor(talkSeconds)})
      ON CONFLICT (tenant_id, call_id) DO NOTHING`;
  }
  return {
    applied: true,
    patientId: call.patientId,
    objectId: call.id,
    detail: {
      event: params.CallStatus,
      from: current,
      to: status,
      talkSeconds: talkSeconds ?? null,
    },
  };
}

/**
 * A finished recording: its metadata (SID, duration, where the audio is) is linked to the call,
 * and, when the patient's verbal consent was recorded that day, to that consent as evidence.
 * A recording of a call that policy said not to record is kept (it exists) but flagged.
 */
export async function applyRecordingStatus(
  tx: ScopedTx,
  ref: z.infer<typeof CallRefSchema>,
  params: z.infer<typeof RecordingParamsSchema>,
): Promise<Outcome> {
  const call = await lockCall(tx, ref.tenant, ref.call);
  if (!call) return { applied: false, detail: { ignored: "unknown_call" } };
  const isNew = await recordEventOnce(tx, {
    tenantId: ref.tenant,
    sid: params.RecordingSid,
    event: `recording-${params.RecordingStatus}`,
    callId: call.id,
    occurredAt: new Date(),
  });
  if (!isNew || params.RecordingStatus !== "completed")
    return { applied: isNew, objectId: call.id };
  const patient = await tx.patient.findFirstOrThrow({
    where: { tenantId: ref.tenant, id: call.patientId },
    select: { tenant: { select: { timeZone: true } } },
  });
  const callDay = todayIn(patient.tenant.timeZone, call.createdAt);
  const consent = await tx.consent.findFirst({
    where: {
      tenantId: ref.tenant,
      patientId: call.patientId,
      method: "verbal",
      obtainedOn: new Date(`${callDay}T00:00:00Z`),
    },
    orderBy: { createdAt: "desc" },
  });
  await tx.callRecording.create({
    data: {
      tenantId: ref.tenant,
      callId: call.id,
      recordingSid: params.RecordingSid,
      durationSeconds: params.RecordingDuration,
      storageLocation: params.RecordingUrl ?? `twilio:${params.RecordingSid}`,
      consentId: consent?.id ?? null,
    },
  });
  const allowed =
    isRecorded(call.recordingDecision as RecordingDecision) &&
    (call.recordingDecision !== "record_after_notice" || call.recordingNoticePlayedAt !== null);
  return {
    applied: true,
    patientId: call.patientId,
    objectId: call.id,
    detail: {
      recordingSid: params.RecordingSid,
      consentLinked: consent !== null,
      policyViolation: !allowed,
    },
  };
}
