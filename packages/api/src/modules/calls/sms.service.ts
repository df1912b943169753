import { randomUUID } from "node:crypto";
import type { Db, ScopedTx } from "@carefold/db";
import { withSystemScope, withTenantScope } from "@carefold/db";
import { toE164, WEBHOOK_PATHS, type Telephony } from "@carefold/integrations";
import { z } from "zod";
import { conflict, invalidInput, invalidState, notFound } from "../../errors.js";
import { todayIn } from "../patients/today.js";
import { createTask } from "../tasks/tasks.service.js";
import { clinicCallerId } from "./calls.service.js";
import { recordEventOnce, type Outcome } from "./provider-event.js";

export const SMS_TEMPLATE_KINDS = {
  appointment_reminder: "Appointment reminder",
  monthly_check_in: "Monthly check-in",
  callback_request: "Callback request",
} as const;
export type SmsTemplateKind = keyof typeof SMS_TEMPLATE_KINDS;

/** Used until a clinic writes its own. Variables in braces; unknown ones are refused on save. */
export const DEFAULT_SMS_TEMPLATES: Record<SmsTemplateKind, string> = {
  appointment_reminder:
    "Hi {firstName}, this is {clinicName}. A reminder of your appointment on {date}. Reply STOP to opt out.",
  monthly_check_in:
    "Hi {firstName}, your care team at {clinicName} would like to check in this month. We'll call you soon, or call us at {clinicPhone}. Reply STOP to opt out.",
  callback_request:
    "Hi {firstName}, your care team at {clinicName} tried to reach you. Please call us back at {clinicPhone}. Reply STOP to opt out.",
};
export const SMS_VARIABLES = ["firstName", "clinicName", "clinicPhone", "date"] as const;

/** Fills `{variable}`s; a template naming an unknown variable, or a missing value, is refused. */
export function renderSmsTemplate(
  template: string,
  values: Partial<Record<(typeof SMS_VARIABLES)[number], string>>,
): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(SMS_VARIABLES as readonly string[]).includes(name))
      throw invalidInput(
        `The template uses {${name}}, which is not a known variable (${SMS_VARIABLES.map((v) => `{${v}}`).join(", ")}).`,
      );
    const value = values[name as (typeof SMS_VARIABLES)[number]];
    if (!value) throw invalidInput(`Fill in {${name}} before sending.`);
    return value;
  });
}

const STOP_WORDS = new Set([
  "STOP",
  "STOPALL",
  "UNSUBSCRIBE",
  "CANCEL",
  "END",
  "QUIT",
  "OPTOUT",
  "REVOKE",
]);
const START_WORDS = new Set(["START", "YES", "UNSTOP", "OPTIN"]);
const HELP_WORDS = new Set(["HELP", "INFO"]);

/** The carrier keyword a message is (the whole message, case and spaces ignored), if any. */
export function smsKeyword(body: string): "stop" | "start" | "help" | null {
  const word = body
    .trim()
    .toUpperCase()
    .replace(/[^A-Z]/g, "");
  if (STOP_WORDS.has(word)) return "stop";
  if (START_WORDS.has(word)) return "start";
  if (HELP_WORDS.has(word)) return "help";
  return null;
}

/**
 * Why this clinic may not text this number of this patient right now, or null. The one check for
 * queueing and for delivery (a STOP or a withdrawn consent may arrive in between): the patient's
 * phone must carry SMS consent and not be opted out, and the number must not be on the clinic's
 * suppression list.
 */
export async function smsBlockReason(
  tx: ScopedTx,
  tenantId: string,
  patientId: string | null,
  numberE164: string,
): Promise<SmsBlock | null> {
  const phone = patientId
    ? await tx.patientPhone.findFirst({
        where: { tenantId, patientId, numberE164, type: "mobile" },
        orderBy: { isPreferred: "desc" },
      })
    : null;
  if (phone?.optedOutAt)
    return { kind: "opted_out", message: `This number replied STOP on ${phone.optedOutAt.toISOString().slice(0, 10)}, so it cannot be texted. The patient can text START to opt back in.` };
  if (!phone?.hasSmsConsent)
    return { kind: "no_consent", message: "This patient has not agreed to text messages on this number, so it cannot be texted. Record their SMS consent on the chart first." };
  const suppressed = await tx.smsSuppression.findUnique({
    where: { tenantId_numberE164: { tenantId, numberE164 } },
  });
  if (!suppressed) return null;
  const day = suppressed.createdAt.toISOString().slice(0, 10);
  return {
    kind: "opted_out",
    message:
      suppressed.reason === "stop_keyword"
        ? `This number replied STOP to the clinic on ${day}, so it cannot be texted. The patient can text START to opt back in.`
        : `This number is on the clinic's do-not-text list since ${day}.`,
  };
}

export interface SmsBlock {
  kind: "no_consent" | "opted_out";
  message: string;
}

export const SendSmsSchema = z.object({
  patientId: z.string().uuid(),
  clientRequestId: z.string().min(8).max(100),
  templateKind: z
    .enum(Object.keys(SMS_TEMPLATE_KINDS) as [SmsTemplateKind, ...SmsTemplateKind[]])
    .optional(),
  body: z.string().trim().min(1).max(640).optional(),
  date: z.string().trim().max(40).optional(),
});

/**
 * Queues a text to the patient's preferred mobile number from the clinic's number (the worker
 * sends it, with retries). Refused when the number opted out. Idempotent on the request id.
 */
export async function queueSms(tx: ScopedTx, input: z.infer<typeof SendSmsSchema>, userId: string) {
  const patient = await tx.patient.findFirst({
    where: { id: input.patientId },
    include: { phones: true, tenant: { select: { name: true } } },
  });
  if (!patient) throw notFound("That patient");
  const existing = await findSmsByRequestId(tx, patient.tenantId, patient.id, input.clientRequestId);
  if (existing) return existing;
  const phone =
    patient.phones.find((p) => p.type === "mobile" && p.isPreferred) ??
    patient.phones.find((p) => p.type === "mobile");
  if (!phone)
    throw invalidState("This patient has no mobile number on file, so they cannot be texted.");
  const to = toE164(phone.numberE164);
  if (!to) throw invalidState("The patient's mobile number is not a valid number.");
  const blocked = await smsBlockReason(tx, patient.tenantId, patient.id, phone.numberE164);
  if (blocked) throw invalidState(blocked.message);
  const from = await clinicCallerId(tx, patient.tenantId);
  let body = input.body;
  if (input.templateKind) {
    const template = await tx.smsTemplate.findUnique({
      where: { tenantId_kind: { tenantId: patient.tenantId, kind: input.templateKind } },
    });
    body = renderSmsTemplate(template?.body ?? DEFAULT_SMS_TEMPLATES[input.templateKind], {
      firstName: patient.firstName,
      clinicName: patient.tenant.name,
      clinicPhone: from,
      date: input.date,
    });
  }
  if (!body) throw invalidInput("Write a message or choose a template.");
  // ON CONFLICT DO NOTHING: a concurrent send with the same request id waits for the first to
  // commit and then finds its row, instead of failing on the unique index (issue 17 item 12).
  const messageId = randomUUID();
  await tx.smsMessage.createMany({
    skipDuplicates: true,
    data: {
      id: messageId,
      tenantId: patient.tenantId,
      patientId: patient.id,
      direction: "outbound",
      fromE164: from,
      toE164: to,
      body,
      templateKind: input.templateKind ?? null,
      status: "queued",
      nextAttemptAt: new Date(),
      sentBy: userId,
      clientRequestId: input.clientRequestId,
    },
  });
  const stored = await findSmsByRequestId(tx, patient.tenantId, patient.id, input.clientRequestId);
  if (!stored) throw new Error("sms_message insert neither stored nor found a row");
  return { ...stored, isDuplicate: stored.messageId !== messageId };
}

/** The message already queued under this request id (the first send's answer), or null. */
async function findSmsByRequestId(tx: ScopedTx, tenantId: string, patientId: string, clientRequestId: string) {
  const existing = await tx.smsMessage.findFirst({ where: { tenantId, clientRequestId } });
  if (!existing) return null;
  if (existing.patientId !== patientId) throw conflict("This submit id was already used for another message.");
  return { tenantId, messageId: existing.id, isDuplicate: true };
}

export const MAX_SMS_ATTEMPTS = 5;

/** The short reason stored on a message the worker refused to send (no PHI, no number). */
const BLOCKED_AT_DELIVERY: Record<SmsBlock["kind"], string> = {
  no_consent: "no SMS consent at delivery",
  opted_out: "opted out before sending",
};

/**
 * The worker's job: claims due messages, re-checks opt-out (a STOP may have arrived since the
 * message was queued), sends through the telephony port, and schedules a retry with backoff
 * (1, 2, 4, 8 minutes) on failure, giving up after {@link MAX_SMS_ATTEMPTS}.
 */
export async function deliverQueuedSms(db: Db, telephony: Telephony, now = new Date()) {
  const claimed = await withSystemScope(
    db,
    "sms delivery job",
    (tx) =>
      tx.$queryRaw<
        {
          tenant_id: string;
          id: string;
          from_e164: string;
          patient_id: string | null;
          to_e164: string;
          body: string;
          attempts: number;
        }[]
      >`
      UPDATE sms_message SET status = 'sending', attempts = attempts + 1, updated_at = now()
       WHERE (tenant_id, id) IN (SELECT tenant_id, id FROM sms_message WHERE status = 'queued' AND next_attempt_at <= ${now}
                                  ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED)
      RETURNING tenant_id::text, id::text, patient_id::text, from_e164, to_e164, body, attempts`,
  );
  let sent = 0;
  let failed = 0;
  for (const m of claimed) {
    const blocked = await withTenantScope(db, { tenantIds: [m.tenant_id] }, (tx) =>
      smsBlockReason(tx, m.tenant_id, m.patient_id, m.to_e164),
    );
    let update: {
      status: string;
      sid?: string;
      lastError?: string | null;
      nextAttemptAt?: Date | null;
    };
    if (blocked) update = { status: "failed", lastError: BLOCKED_AT_DELIVERY[blocked.kind] };
    else {
      try {
        const result = await telephony.sendSms({
          from: m.from_e164,
          to: m.to_e164,
          body: m.body,
          statusCallbackUrl: telephony.webhookUrl(WEBHOOK_PATHS.smsStatus, {
            tenant: m.tenant_id,
            message: m.id,
          }),
        });
        update = { status: "sent", sid: result.sid, lastError: null, nextAttemptAt: null };
        sent++;
      } catch (error) {
        const last = m.attempts >= MAX_SMS_ATTEMPTS;
        update = {
          status: last ? "failed" : "queued",
          lastError: String((error as Error).message).slice(0, 300),
          nextAttemptAt: last ? null : new Date(now.getTime() + 2 ** (m.attempts - 1) * 60_000),
        };
      }
    }
    if (update.status === "failed") failed++;
    await withTenantScope(db, { tenantIds: [m.tenant_id] }, (tx) =>
      tx.smsMessage.update({
        where: { tenantId_id: { tenantId: m.tenant_id, id: m.id } },
        data: { ...update, updatedAt: new Date() },
      }),
    );
  }
  return { claimed: claimed.length, sent, failed };
}

/** A claim older than this with no answer recorded means the worker stopped mid-send. */
export const STUCK_SENDING_AFTER_MS = 5 * 60_000;
const PROVIDER_STATUSES = new Set(["sent", "delivered", "undelivered", "failed"]);

/**
 * Texts left in `sending` by a worker that stopped between handing a message to the provider and
 * recording its answer. Twilio messages have no idempotency key, so a blind retry could text the
 * patient twice: each one is looked up at the provider first (same numbers and body, created since
 * the claim). Found, it takes the provider's sid and status; not found, it goes back to the queue
 * (or fails, once its attempts are used up). When the provider cannot be asked, it stays as it is
 * until the next sweep. A delivery callback that arrives meanwhile wins (the update checks the
 * status is still `sending`).
 */
export async function recoverStuckSms(db: Db, telephony: Telephony, now = new Date()) {
  const stuck = await withSystemScope(db, "sms stuck-sending recovery", (tx) =>
    tx.$queryRaw<{ tenant_id: string; id: string; from_e164: string; to_e164: string; body: string; attempts: number; claimed_at: Date }[]>`
      SELECT tenant_id::text, id::text, from_e164, to_e164, body, attempts, updated_at AS claimed_at FROM sms_message
       WHERE status = 'sending' AND updated_at < ${new Date(now.getTime() - STUCK_SENDING_AFTER_MS)}
       ORDER BY updated_at LIMIT 50`,
  );
  const outcome = { found: 0, requeued: 0, failed: 0, unknown: 0 };
  for (const m of stuck) {
    let found: Awaited<ReturnType<Telephony["findSentSms"]>>;
    try {
      // A minute of slack for clocks: the provider stamps its own creation time.
      found = await telephony.findSentSms({ from: m.from_e164, to: m.to_e164, body: m.body, createdSince: new Date(m.claimed_at.getTime() - 60_000) });
    } catch {
      outcome.unknown++;
      continue;
    }
    const isLastAttempt = m.attempts >= MAX_SMS_ATTEMPTS;
    const data = found
      ? { status: PROVIDER_STATUSES.has(found.status) ? found.status : "sent", sid: found.sid, lastError: null, nextAttemptAt: null }
      : isLastAttempt
        ? { status: "failed", lastError: "The worker stopped while sending and the provider never received the text; attempts used up.", nextAttemptAt: null }
        : { status: "queued", lastError: "The worker stopped while sending; the provider never received the text, so it was queued again.", nextAttemptAt: now };
    const updated = await withTenantScope(db, { tenantIds: [m.tenant_id] }, (tx) =>
      tx.smsMessage.updateMany({ where: { tenantId: m.tenant_id, id: m.id, status: "sending" }, data: { ...data, updatedAt: now } }),
    );
    if (updated.count === 0) continue;
    if (found) outcome.found++;
    else if (isLastAttempt) outcome.failed++;
    else outcome.requeued++;
  }
  return outcome;
}

const SMS_RANK: Record<string, number> = {
  queued: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  undelivered: 3,
  failed: 3,
  received: 3,
};

export const SmsStatusParamsSchema = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/),
  MessageStatus: z.string().min(1).max(30),
  ErrorCode: z.string().optional(),
});
export const MessageRefSchema = z.object({ tenant: z.string().uuid(), message: z.string().uuid() });

/** Delivery reports: once per (sid, status), forward only. */
export async function applySmsStatus(
  tx: ScopedTx,
  ref: z.infer<typeof MessageRefSchema>,
  params: z.infer<typeof SmsStatusParamsSchema>,
): Promise<Outcome> {
  const message = await tx.smsMessage.findFirst({
    where: { tenantId: ref.tenant, id: ref.message },
  });
  if (!message) return { applied: false, detail: { ignored: "unknown_message" } };
  const isNew = await recordEventOnce(tx, {
    tenantId: ref.tenant,
    sid: params.MessageSid,
    event: params.MessageStatus,
    messageId: message.id,
    occurredAt: new Date(),
  });
  if (!isNew) return { applied: false, detail: { duplicate: true } };
  const status =
    params.MessageStatus in SMS_RANK &&
    SMS_RANK[params.MessageStatus]! > (SMS_RANK[message.status] ?? 0)
      ? params.MessageStatus
      : message.status;
  await tx.smsMessage.update({
    where: { tenantId_id: { tenantId: ref.tenant, id: message.id } },
    data: {
      status,
      sid: params.MessageSid,
      lastError: params.ErrorCode ? `error ${params.ErrorCode}` : message.lastError,
      updatedAt: new Date(),
    },
  });
  return {
    applied: true,
    patientId: message.patientId ?? undefined,
    objectId: message.id,
    detail: { status },
  };
}

export const InboundSmsParamsSchema = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/),
  From: z.string().min(3),
  To: z.string().min(3),
  Body: z.string().max(1600).default(""),
});

/**
 * A text to one of the clinic numbers. Runs in system scope because the clinic is only known from
 * the number it was sent to. STOP/START/HELP are handled per clinic (suppression list + reply);
 * every message is threaded on the patient whose number sent it, and a task asks for a reply.
 */
export async function receiveInboundSms(
  tx: ScopedTx,
  params: z.infer<typeof InboundSmsParamsSchema>,
  now = new Date(),
): Promise<Outcome & { reply?: string; tenantId?: string }> {
  const clinicNumber = await tx.clinicPhoneNumber.findFirst({ where: { numberE164: params.To } });
  if (!clinicNumber) return { applied: false, detail: { ignored: "unknown_number" } };
  const tenantId = clinicNumber.tenantId;
  const isNew = await recordEventOnce(tx, {
    tenantId,
    sid: params.MessageSid,
    event: "received",
    occurredAt: now,
  });
  if (!isNew) return { applied: false, tenantId, detail: { duplicate: true } };
  const tenant = await tx.tenant.findUniqueOrThrow({
    where: { id: tenantId },
    select: { name: true, timeZone: true },
  });
  const from = toE164(params.From) ?? params.From;
  const keyword = smsKeyword(params.Body);
  let reply: string | undefined;
  if (keyword === "stop") {
    await tx.smsSuppression.upsert({
      where: { tenantId_numberE164: { tenantId, numberE164: from } },
      create: { tenantId, numberE164: from, reason: "stop_keyword" },
      update: {},
    });
    await tx.patientPhone.updateMany({
      where: { tenantId, numberE164: from, optedOutAt: null },
      data: { optedOutAt: now },
    });
    reply = `You will no longer get texts from ${tenant.name}. Reply START to get them again.`;
  } else if (keyword === "start") {
    await tx.smsSuppression.deleteMany({ where: { tenantId, numberE164: from } });
    await tx.patientPhone.updateMany({
      where: { tenantId, numberE164: from },
      data: { optedOutAt: null },
    });
    reply = `You will get texts from ${tenant.name} again. Reply STOP to opt out.`;
  } else if (keyword === "help") {
    reply = `${tenant.name} care team. For help call ${clinicNumber.numberE164}. Reply STOP to opt out. Msg & data rates may apply.`;
  }
  const phone = await tx.patientPhone.findFirst({
    where: { tenantId, numberE164: from },
    orderBy: { isPreferred: "desc" },
  });
  const message = await tx.smsMessage.create({
    data: {
      tenantId,
      patientId: phone?.patientId ?? null,
      direction: "inbound",
      fromE164: from,
      toE164: params.To,
      body: params.Body,
      status: "received",
      sid: params.MessageSid,
    },
  });
  if (phone && !keyword) {
    // The reply is for the patient's own coordinator when they have one (else anyone's queue).
    const panel = await tx.panelAssignment.findFirst({ where: { tenantId, patientId: phone.patientId } });
    await createTask(
      tx,
      {
        tenantId,
        patientId: phone.patientId,
        assigneeUserId: panel?.coordinatorUserId ?? null,
        kind: "inbound_message",
        title: "Reply to the patient's text message",
        dueOn: todayIn(tenant.timeZone, now),
        sourceKey: `sms:${params.MessageSid}`,
      },
      null,
    );
  }
  return {
    applied: true,
    tenantId,
    reply,
    patientId: phone?.patientId,
    objectId: message.id,
    detail: { keyword, matchedPatient: phone !== null },
  };
}

/** The text thread of a patient, oldest first (as a conversation reads). */
export async function patientThread(tx: ScopedTx, patientId: string) {
  const messages = await tx.smsMessage.findMany({
    where: { patientId },
    orderBy: { createdAt: "asc" },
    take: 200,
  });
  return messages.map((m) => ({
    id: m.id,
    direction: m.direction,
    body: m.body,
    status: m.status,
    createdAt: m.createdAt.toISOString(),
    lastError: m.lastError,
  }));
}
