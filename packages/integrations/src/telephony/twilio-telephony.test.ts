import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelephony, LOCAL_TELEPHONY_CREDENTIALS } from "./create-telephony.js";
import {
  parseDialTwiml,
  startLocalTwilioServer,
  type LocalTwilioServer,
} from "./local-twilio-server.js";
import { WEBHOOK_PATHS } from "./telephony-config.js";
import type { Telephony } from "./telephony.js";
import { signTwilioRequest } from "./twilio-telephony.js";

const creds = LOCAL_TELEPHONY_CREDENTIALS;

async function body(req: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A stand-in for the app: answers the voice webhook with dial TwiML and records every callback. */
describe("TwilioTelephony with the real SDK against local HTTP endpoints", () => {
  let app: Server;
  let appUrl: string;
  let local: LocalTwilioServer;
  let telephony: Telephony;
  const received: { path: string; params: Record<string, string>; valid: boolean }[] = [];
  let record = false;

  beforeAll(async () => {
    app = createServer((req, res) => {
      void (async () => {
        const params = Object.fromEntries(new URLSearchParams(await body(req)));
        const url = `${appUrl}${req.url}`;
        const valid = telephony.isValidSignature({
          url,
          params,
          signature: (req.headers["x-twilio-signature"] as string) ?? null,
        });
        const path = new URL(url).pathname;
        received.push({ path, params, valid });
        res.writeHead(valid ? 200 : 403, { "Content-Type": "text/xml" });
        if (path === WEBHOOK_PATHS.voice) {
          return res.end(
            telephony.dialTwiml({
              callerId: "+16125550100",
              to: params.To_number ?? "+16125550142",
              statusCallbackUrl: telephony.webhookUrl(WEBHOOK_PATHS.voiceStatus, { call: "c1" }),
              record,
              recordingStatusCallbackUrl: telephony.webhookUrl(WEBHOOK_PATHS.recordingStatus, {
                call: "c1",
              }),
              calleeNoticeUrl: record
                ? telephony.webhookUrl(WEBHOOK_PATHS.calleeNotice, { call: "c1" })
                : undefined,
            }),
          );
        }
        if (path === WEBHOOK_PATHS.calleeNotice)
          return res.end(telephony.sayTwiml("This call may be recorded."));
        res.end(
          telephony.messagingTwiml(params.Body === "HELP" ? "Reply STOP to opt out." : undefined),
        );
      })();
    });
    await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    local = await startLocalTwilioServer({
      ...creds,
      voiceUrl: `${appUrl}${WEBHOOK_PATHS.voice}`,
      smsUrl: `${appUrl}${WEBHOOK_PATHS.sms}`,
      answerAfterMs: 100,
    });
    telephony = createTelephony({
      provider: "local",
      ...creds,
      webhookBaseUrl: appUrl,
      apiBaseUrl: local.url,
    });
  });
  afterAll(async () => {
    await local.stop();
    await new Promise((r) => app.close(r));
  });

  it("sends an SMS as POST /2010-04-01/Accounts/<sid>/Messages.json with Basic auth, then signed status callbacks", async () => {
    const seen: { method: string; path: string; auth: string; form: URLSearchParams }[] = [];
    const capture = createServer((req, res) => {
      void body(req).then((text) => {
        seen.push({
          method: req.method!,
          path: req.url!,
          auth: req.headers.authorization ?? "",
          form: new URLSearchParams(text),
        });
        res.writeHead(201, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ sid: "SM" + "1".repeat(32), status: "queued" }));
      });
    });
    await new Promise<void>((r) => capture.listen(0, "127.0.0.1", r));
    const captured = createTelephony({
      provider: "local",
      ...creds,
      webhookBaseUrl: appUrl,
      apiBaseUrl: `http://127.0.0.1:${(capture.address() as AddressInfo).port}`,
    });
    const sent = await captured.sendSms({
      from: "+16125550100",
      to: "+16125550142",
      body: "Hello from the clinic",
      statusCallbackUrl: `${appUrl}/webhooks/twilio/sms-status?message=m1`,
    });
    await new Promise((r) => capture.close(r));
    expect(sent).toEqual({ sid: "SM" + "1".repeat(32), status: "queued" });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe("POST");
    expect(seen[0]!.path).toBe(`/2010-04-01/Accounts/${creds.accountSid}/Messages.json`);
    expect(Buffer.from(seen[0]!.auth.replace("Basic ", ""), "base64").toString()).toBe(
      `${creds.apiKeySid}:${creds.apiKeySecret}`,
    );
    expect(Object.fromEntries(seen[0]!.form)).toEqual({
      From: "+16125550100",
      To: "+16125550142",
      Body: "Hello from the clinic",
      StatusCallback: `${appUrl}/webhooks/twilio/sms-status?message=m1`,
    });

    // The local stand-in answers like Twilio and posts signed delivery callbacks.
    received.length = 0;
    const real = await telephony.sendSms({
      from: "+16125550100",
      to: "+16125550142",
      body: "Hi",
      statusCallbackUrl: `${appUrl}${WEBHOOK_PATHS.smsStatus}?message=m2`,
    });
    expect(real.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(real.status).toBe("queued");
    await expect
      .poll(() => received.map((r) => `${r.params.MessageStatus}:${r.valid}`))
      .toEqual(["sent:true", "delivered:true"]);
  });

  it("finds a message it was handed (GET Messages.json through the SDK) by numbers, body and creation time", async () => {
    const before = new Date(Date.now() - 1000);
    const first = await telephony.sendSms({ from: "+16125550100", to: "+16125550177", body: "Your visit is Tuesday", statusCallbackUrl: `${appUrl}/x` });
    await telephony.sendSms({ from: "+16125550100", to: "+16125550177", body: "Other text", statusCallbackUrl: `${appUrl}/x` });
    const query = { from: "+16125550100", to: "+16125550177", body: "Your visit is Tuesday", createdSince: before };
    expect(await telephony.findSentSms(query)).toMatchObject({ sid: first.sid });
    expect(await telephony.findSentSms({ ...query, body: "Never sent" })).toBeNull();
    expect(await telephony.findSentSms({ ...query, to: "+16125550178" })).toBeNull();
    expect(await telephony.findSentSms({ ...query, createdSince: new Date(Date.now() + 60_000) })).toBeNull();
  });

  it("surfaces Twilio's error for an invalid number (the SDK's RestException)", async () => {
    await expect(
      telephony.sendSms({
        from: "+16125550100",
        to: "12",
        body: "x",
        statusCallbackUrl: `${appUrl}/x`,
      }),
    ).rejects.toMatchObject({ status: 400, code: 21211 });
  });

  it("accepts a valid signature and rejects a tampered body, a wrong token or a different URL", () => {
    const url = `${appUrl}/webhooks/twilio/voice-status?tenant=t&call=c`;
    const params = { CallSid: "CA" + "2".repeat(32), CallStatus: "completed", CallDuration: "61" };
    const signature = signTwilioRequest(creds.authToken, url, params);
    expect(telephony.isValidSignature({ url, params, signature })).toBe(true);
    expect(
      telephony.isValidSignature({ url, params: { ...params, CallDuration: "6100" }, signature }),
    ).toBe(false);
    expect(
      telephony.isValidSignature({
        url,
        params,
        signature: signTwilioRequest("another-auth-token-xyz", url, params),
      }),
    ).toBe(false);
    expect(
      telephony.isValidSignature({ url: url.replace("call=c", "call=d"), params, signature }),
    ).toBe(false);
    expect(telephony.isValidSignature({ url, params, signature: null })).toBe(false);
  });

  it("builds dial TwiML with the clinic's caller ID, progress callbacks and (when allowed) recording", () => {
    const twiml = telephony.dialTwiml({
      callerId: "+16125550100",
      to: "+16125550142",
      statusCallbackUrl: "https://app.example/webhooks/twilio/voice-status?call=c&tenant=t",
      record: true,
      recordingStatusCallbackUrl: "https://app.example/r",
      calleeNoticeUrl: "https://app.example/n",
    });
    expect(twiml).toContain('callerId="+16125550100"');
    expect(twiml).toContain('statusCallbackEvent="initiated ringing answered completed"');
    expect(twiml).toContain('record="record-from-answer-dual"');
    const parsed = parseDialTwiml(twiml).dial!;
    expect(parsed.number).toEqual({
      to: "+16125550142",
      statusCallback: "https://app.example/webhooks/twilio/voice-status?call=c&tenant=t",
      statusCallbackEvent: "initiated ringing answered completed",
      statusCallbackMethod: "POST",
      url: "https://app.example/n",
    });
    expect(
      telephony.dialTwiml({
        callerId: "+1",
        to: "+2",
        statusCallbackUrl: "https://x/",
        record: false,
      }),
    ).not.toContain("record=");
  });

  it("keeps a path prefix of the public URL (behind a proxy)", () => {
    const proxied = createTelephony({
      provider: "twilio",
      ...creds,
      webhookBaseUrl: "https://example.org/carefold/",
    });
    expect(proxied.webhookUrl(WEBHOOK_PATHS.sms, { a: "1" })).toBe(
      "https://example.org/carefold/webhooks/twilio/sms?a=1",
    );
  });

  it("softphone call: token → voice URL → ringing → answered (notice played) → hang up → completed with talk time and a recording", async () => {
    received.length = 0;
    record = true;
    const token = telephony.createVoiceToken("user-1");
    const connect = await fetch(`${local.url}/softphone/connect`, {
      method: "POST",
      body: JSON.stringify({ token, params: { callId: "c1" } }),
    });
    expect(connect.status).toBe(200);
    const { callSid } = (await connect.json()) as { callSid: string };
    await expect
      .poll(
        async () =>
          (
            (await (await fetch(`${local.url}/softphone/calls/${callSid}`)).json()) as {
              status: string;
            }
          ).status,
      )
      .toBe("in-progress");
    await new Promise((r) => setTimeout(r, 1100));
    const hung = (await (
      await fetch(`${local.url}/softphone/calls/${callSid}/hangup`, { method: "POST" })
    ).json()) as { status: string; noticePlayed: boolean; recorded: boolean };
    expect(hung).toMatchObject({ status: "completed", noticePlayed: true, recorded: true });
    expect(received.every((r) => r.valid)).toBe(true);
    expect(received[0]!.path).toBe(WEBHOOK_PATHS.voice);
    expect(received[0]!.params).toMatchObject({
      From: "client:user-1",
      callId: "c1",
      CallSid: callSid,
    });
    const statuses = received
      .filter((r) => r.path === WEBHOOK_PATHS.voiceStatus)
      .map((r) => r.params.CallStatus);
    expect(statuses).toEqual(["initiated", "ringing", "in-progress", "completed"]);
    const completed = received.find((r) => r.params.CallStatus === "completed")!;
    expect(Number(completed.params.CallDuration)).toBeGreaterThanOrEqual(1);
    expect(completed.params.From).toBe("+16125550100");
    const notice = received.findIndex((r) => r.path === WEBHOOK_PATHS.calleeNotice);
    expect(notice).toBeGreaterThan(0);
    expect(received.find((r) => r.path === WEBHOOK_PATHS.recordingStatus)?.params).toMatchObject({
      RecordingStatus: "completed",
      CallSid: completed.params.CallSid,
    });
    record = false;
  });

  it("refuses a softphone connection with a token signed by another key", async () => {
    const other = createTelephony({
      provider: "local",
      ...creds,
      apiKeySecret: "some-other-secret-value",
      webhookBaseUrl: appUrl,
      apiBaseUrl: local.url,
    });
    const response = await fetch(`${local.url}/softphone/connect`, {
      method: "POST",
      body: JSON.stringify({ token: other.createVoiceToken("u"), params: {} }),
    });
    expect(response.status).toBe(401);
  });

  it("posts a signed inbound message to the messaging URL and returns the TwiML reply", async () => {
    const result = await local.sendInboundSms({
      from: "+16125550142",
      to: "+16125550100",
      body: "HELP",
    });
    expect(result.status).toBe(200);
    expect(result.twiml).toContain("<Message>Reply STOP to opt out.</Message>");
  });
});
