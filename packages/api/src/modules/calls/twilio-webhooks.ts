import { randomUUID } from "node:crypto";
import { withSystemScope, withTenantScope, type Db, type ScopedTx } from "@carefold/db";
import type { Telephony, WebhookKind } from "@carefold/integrations";
import { z } from "zod";
import { AuditNote } from "../audit/audit-note.js";
import { writeAuditEvent } from "../audit/audit.writer.js";
import {
  answerBrowserCall,
  applyCallStatus,
  applyRecordingStatus,
  CallRefSchema,
  playRecordingNotice,
  RecordingParamsSchema,
  VoiceParamsSchema,
  VoiceStatusParamsSchema,
} from "./call-webhooks.service.js";
import type { Outcome } from "./provider-event.js";
import {
  applySmsStatus,
  InboundSmsParamsSchema,
  MessageRefSchema,
  receiveInboundSms,
  SmsStatusParamsSchema,
} from "./sms.service.js";

export interface TwilioWebhookDeps {
  db: Db;
  telephony: Telephony;
  /** The public base URL Twilio was given (what it signed), e.g. behind a proxy. */
  publicBaseUrl: string;
  log?: (line: string) => void;
}

const MAX_BODY_BYTES = 64 * 1024;
const xml = (body: string, status = 200) =>
  new Response(body, { status, headers: { "Content-Type": "text/xml; charset=utf-8" } });
const plain = (body: string, status: number) =>
  new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
const TenantParam = z.object({ tenantId: z.string().uuid() });

const OBJECT_TYPE: Record<WebhookKind, string> = {
  voice: "call",
  voiceStatus: "call",
  recordingStatus: "call_recording",
  calleeNotice: "call",
  sms: "sms_message",
  smsStatus: "sms_message",
};

/**
 * Twilio's webhooks (voice, call status, recording status, recording notice, inbound SMS, SMS
 * status). Each request is verified with Twilio's signature over the PUBLIC URL (configurable
 * for proxies) and refused with 403 before anything is read or written. Accepted callbacks act
 * in the tenant named by the signed URL (or, for inbound SMS, found from the clinic number), are
 * idempotent by SID + event, and write one audit row when they change something.
 */
export async function handleTwilioWebhook(
  request: Request,
  kind: WebhookKind,
  deps: TwilioWebhookDeps,
): Promise<Response> {
  if (request.method !== "POST") return plain("Method not allowed", 405);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return plain("Payload too large", 413);
  const params = Object.fromEntries(new URLSearchParams(text));
  const url = new URL(request.url);
  const signedUrl = `${deps.publicBaseUrl.replace(/\/$/, "")}${url.pathname}${url.search}`;
  if (
    !deps.telephony.isValidSignature({
      url: signedUrl,
      params,
      signature: request.headers.get("x-twilio-signature"),
    })
  ) {
    deps.log?.(`twilio webhook ${kind}: invalid signature, refused`);
    return plain("Invalid signature", 403);
  }
  const query = Object.fromEntries(url.searchParams);
  const meta = {
    ip: request.headers.get("x-carefold-client-ip")?.slice(0, 64) || "unknown",
    userAgent: request.headers.get("user-agent")?.slice(0, 400) ?? null,
    requestId: request.headers.get("i-twilio-idempotency-token") ?? randomUUID(),
  };

  /** Runs the effect and, when it changed something, its audit row, in one transaction. */
  const audited = async <O extends Outcome & { tenantId?: string }>(
    tx: ScopedTx,
    tenantIds: readonly string[],
    run: () => Promise<O>,
    tenantId?: string,
  ): Promise<O> => {
    const outcome = await run();
    if (outcome.applied) {
      const note = new AuditNote(`webhook.twilio.${kind}`);
      note.actor = { userId: null, label: "Twilio webhook" };
      note.describe({
        tenantId: outcome.tenantId ?? tenantId,
        patientId: outcome.patientId,
        objectType: OBJECT_TYPE[kind],
        objectId: outcome.objectId,
        details: outcome.detail,
      });
      await writeAuditEvent(tx, { auth: null, meta }, note, "success", tenantIds);
    }
    return outcome;
  };

  try {
    switch (kind) {
      case "voice": {
        const p = VoiceParamsSchema.merge(TenantParam).safeParse(params);
        if (!p.success) return xml(deps.telephony.rejectTwiml("This call could not be placed."));
        let twiml = "";
        await withTenantScope(deps.db, { tenantIds: [p.data.tenantId] }, (tx) =>
          audited(
            tx,
            [p.data.tenantId],
            async () => {
              const answer = await answerBrowserCall(tx, deps.telephony, p.data.tenantId, p.data);
              twiml = answer.twiml;
              return answer.outcome;
            },
            p.data.tenantId,
          ),
        );
        return xml(twiml);
      }
      case "calleeNotice": {
        const ref = CallRefSchema.safeParse(query);
        if (!ref.success) return plain("Unknown call", 400);
        let twiml = "";
        await withTenantScope(deps.db, { tenantIds: [ref.data.tenant] }, (tx) =>
          audited(
            tx,
            [ref.data.tenant],
            async () => {
              const answer = await playRecordingNotice(tx, deps.telephony, ref.data);
              twiml = answer.twiml;
              return answer.outcome;
            },
            ref.data.tenant,
          ),
        );
        return xml(twiml);
      }
      case "voiceStatus":
      case "recordingStatus": {
        const ref = CallRefSchema.safeParse(query);
        const body =
          kind === "voiceStatus"
            ? VoiceStatusParamsSchema.safeParse(params)
            : RecordingParamsSchema.safeParse(params);
        if (!ref.success || !body.success) return plain("Unexpected callback", 400);
        await withTenantScope(deps.db, { tenantIds: [ref.data.tenant] }, (tx) =>
          audited(
            tx,
            [ref.data.tenant],
            () =>
              kind === "voiceStatus"
                ? applyCallStatus(
                    tx,
                    ref.data,
                    body.data as z.infer<typeof VoiceStatusParamsSchema>,
                  )
                : applyRecordingStatus(
                    tx,
                    ref.data,
                    body.data as z.infer<typeof RecordingParamsSchema>,
                  ),
            ref.data.tenant,
          ),
        );
        return xml("<Response/>");
      }
      case "smsStatus": {
        const ref = MessageRefSchema.safeParse(query);
        const body = SmsStatusParamsSchema.safeParse(params);
        if (!ref.success || !body.success) return plain("Unexpected callback", 400);
        await withTenantScope(deps.db, { tenantIds: [ref.data.tenant] }, (tx) =>
          audited(
            tx,
            [ref.data.tenant],
            () => applySmsStatus(tx, ref.data, body.data),
            ref.data.tenant,
          ),
        );
        return xml("<Response/>");
      }
      case "sms": {
        const body = InboundSmsParamsSchema.safeParse(params);
        if (!body.success) return plain("Unexpected message", 400);
        // The clinic is known only from the number the patient texted.
        const outcome = await withSystemScope(
          deps.db,
          "twilio inbound sms: clinic found by its number",
          (tx, ids) => audited(tx, ids, () => receiveInboundSms(tx, body.data)),
        );
        return xml(deps.telephony.messagingTwiml(outcome.reply));
      }
    }
  } catch (error) {
    deps.log?.(`twilio webhook ${kind} failed: ${(error as Error).message}`);
    return plain("Temporary failure", 500);
  }
}
