import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { signTwilioRequest } from "./twilio-telephony.js";

/**
 * A local stand-in for Twilio, for `npm start`, the end-to-end tests and integration tests. From
 * the app's side it behaves like Twilio: the SDK's REST requests (Messages) are answered here, the
 * browser softphone connects here (through the workspace), the TwiML app's voice URL is fetched,
 * the patient's phone "rings" and "answers", and the same signed status and recording callbacks
 * arrive at the app's webhook routes. Patient numbers ending in 0002 are busy, 0003 never answer.
 */
export interface LocalTwilioOptions {
  accountSid: string;
  authToken: string;
  apiKeySid: string;
  apiKeySecret: string;
  /** The TwiML app's Voice URL (`<public>/webhooks/twilio/voice`). */
  voiceUrl: string;
  /** The clinic numbers' messaging URL (`<public>/webhooks/twilio/sms`). */
  smsUrl: string;
  port?: number;
  /** How long the patient's phone rings before answering. */
  answerAfterMs?: number;
  log?: (line: string) => void;
}

export interface LocalCallState {
  parentSid: string;
  sid: string | null;
  identity: string;
  to: string | null;
  callerId: string | null;
  status: string;
  answeredAt: number | null;
  /** Set when the voice webhook answered without a <Dial> (e.g. outside calling hours). */
  refusal: string | null;
  noticePlayed: boolean;
  recorded: boolean;
}

export interface LocalMessage {
  sid: string;
  from: string;
  to: string;
  body: string;
  status: string;
  dateCreated: Date;
}

export interface LocalTwilioServer {
  url: string;
  port: number;
  calls(): LocalCallState[];
  messages(): LocalMessage[];
  /** A patient texts a clinic number: the signed inbound-message webhook is posted to the app. */
  sendInboundSms(input: {
    from: string;
    to: string;
    body: string;
  }): Promise<{ status: number; twiml: string }>;
  stop(): Promise<void>;
}

const sid = (prefix: string) => `${prefix}${randomBytes(16).toString("hex")}`;
const FINAL = new Set(["completed", "busy", "no-answer", "failed", "canceled"]);

function attributes(source: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of source.matchAll(/(\w+)="([^"]*)"/g)) {
    out[m[1]!] = m[2]!
      .replace(/&amp;/g, "&")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">");
  }
  return out;
}

/** The parts of our own dial TwiML the stand-in acts on (not a general TwiML interpreter). */
export interface ParsedDial {
  callerId?: string;
  record?: string;
  recordingStatusCallback?: string;
  number: { to: string; statusCallback?: string; url?: string } | null;
}

export function parseDialTwiml(twiml: string): { dial: ParsedDial | null; say: string | null } {
  const dial = /<Dial([^>]*)>([\s\S]*?)<\/Dial>/.exec(twiml);
  if (!dial) return { dial: null, say: /<Say[^>]*>([\s\S]*?)<\/Say>/.exec(twiml)?.[1] ?? null };
  const number = /<Number([^>]*)>([^<]+)<\/Number>/.exec(dial[2]!);
  return {
    dial: {
      ...attributes(dial[1]!),
      number: number ? { ...attributes(number[1]!), to: number[2]!.trim() } : null,
    },
    say: null,
  };
}

/** Verifies an HS256 access token made by the SDK's AccessToken and returns its identity. */
function verifyAccessToken(token: string, secret: string, apiKeySid: string): string | null {
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || !signature) return null;
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  if (
    expected.length !== signature.length ||
    !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))
  )
    return null;
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
    iss?: string;
    exp?: number;
    grants?: { identity?: string };
  };
  if (claims.iss !== apiKeySid || !claims.exp || claims.exp * 1000 < Date.now()) return null;
  return claims.grants?.identity ?? null;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

export async function startLocalTwilioServer(
  options: LocalTwilioOptions,
): Promise<LocalTwilioServer> {
  const log = options.log ?? (() => {});
  const answerAfterMs = options.answerAfterMs ?? 1200;
  const calls = new Map<
    string,
    LocalCallState & {
      chain: Promise<void>;
      dial: ReturnType<typeof parseDialTwiml>["dial"];
      sequence: number;
    }
  >();
  const messages: LocalMessage[] = [];

  async function postSigned(
    url: string,
    params: Record<string, string>,
  ): Promise<{ status: number; text: string }> {
    const signature = signTwilioRequest(options.authToken, url, params);
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": signature,
      },
      body: new URLSearchParams(params),
    });
    const text = await response.text();
    if (!response.ok) log(`callback ${new URL(url).pathname} answered ${response.status}`);
    return { status: response.status, text };
  }

  type Call = typeof calls extends Map<string, infer C> ? C : never;
  /** Queues a status callback for the patient leg, in order, like Twilio. */
  function legStatus(call: Call, status: string, extra: Record<string, string> = {}) {
    call.status = status;
    const number = call.dial?.number;
    const params = {
      AccountSid: options.accountSid,
      ApiVersion: "2010-04-01",
      CallSid: call.sid!,
      ParentCallSid: call.parentSid,
      CallStatus: status,
      Direction: "outbound-dial",
      From: call.callerId ?? "",
      To: call.to ?? "",
      Timestamp: new Date().toUTCString(),
      SequenceNumber: String(call.sequence++),
      CallbackSource: "call-progress-events",
      ...extra,
    };
    call.chain = call.chain.then(async () => {
      if (number?.statusCallback)
        await postSigned(number.statusCallback, params).catch((e: Error) =>
          log(`status callback failed: ${e.message}`),
        );
    });
    return call.chain;
  }

  async function connect(token: string, params: Record<string, string>) {
    const identity = verifyAccessToken(token, options.apiKeySecret, options.apiKeySid);
    if (!identity) return { status: 401, body: { code: 20101, message: "Invalid Access Token" } };
    const parentSid = sid("CA");
    const voice = await postSigned(options.voiceUrl, {
      AccountSid: options.accountSid,
      ApiVersion: "2010-04-01",
      ApplicationSid: "AP" + "0".repeat(32),
      CallSid: parentSid,
      CallStatus: "ringing",
      Direction: "inbound",
      From: `client:${identity}`,
      Caller: `client:${identity}`,
      To: "",
      ...params,
    });
    if (voice.status !== 200)
      return { status: 502, body: { code: 31000, message: `Voice URL answered ${voice.status}` } };
    const { dial, say } = parseDialTwiml(voice.text);
    const call: Call = {
      parentSid,
      sid: null,
      identity,
      to: null,
      callerId: null,
      status: "completed",
      answeredAt: null,
      refusal: null,
      noticePlayed: false,
      recorded: false,
      chain: Promise.resolve(),
      dial,
      sequence: 0,
    };
    calls.set(parentSid, call);
    if (!dial?.number) {
      call.refusal = say ?? "The call was not connected.";
      return {
        status: 200,
        body: { callSid: parentSid, status: call.status, refusal: call.refusal },
      };
    }
    call.sid = sid("CA");
    call.to = dial.number.to;
    call.callerId = dial.callerId ?? null;
    calls.set(call.sid, call);
    void legStatus(call, "initiated");
    void legStatus(call, "ringing");
    const to = call.to;
    setTimeout(() => {
      if (call.status !== "ringing") return;
      if (to.endsWith("0002")) void legStatus(call, "busy", { CallDuration: "0" });
      else if (to.endsWith("0003")) void legStatus(call, "no-answer", { CallDuration: "0" });
      else {
        call.answeredAt = Date.now();
        call.status = "in-progress";
        call.chain = call.chain.then(async () => {
          if (dial.number?.url) {
            await postSigned(dial.number.url, {
              AccountSid: options.accountSid,
              CallSid: call.sid!,
              ParentCallSid: parentSid,
              CallStatus: "in-progress",
            });
            call.noticePlayed = true;
          }
        });
        void legStatus(call, "in-progress");
      }
    }, answerAfterMs);
    return { status: 200, body: { callSid: parentSid, status: "ringing" } };
  }

  async function hangup(call: Call) {
    if (FINAL.has(call.status)) return;
    if (call.status === "in-progress" && call.answeredAt) {
      const seconds = Math.max(1, Math.round((Date.now() - call.answeredAt) / 1000));
      await legStatus(call, "completed", { CallDuration: String(seconds) });
      if (call.dial?.record && call.dial.recordingStatusCallback) {
        call.recorded = true;
        const recordingSid = sid("RE");
        await postSigned(call.dial.recordingStatusCallback, {
          AccountSid: options.accountSid,
          CallSid: call.sid!,
          RecordingSid: recordingSid,
          RecordingUrl: `${server.url}/2010-04-01/Accounts/${options.accountSid}/Recordings/${recordingSid}`,
          RecordingStatus: "completed",
          RecordingDuration: String(seconds),
          RecordingChannels: "2",
          RecordingSource: "DialVerb",
        });
      }
    } else {
      await legStatus(call, "canceled", { CallDuration: "0" });
    }
  }

  function isAuthorised(req: IncomingMessage) {
    const header = req.headers.authorization ?? "";
    const [user, pass] = Buffer.from(header.replace(/^Basic /, ""), "base64")
      .toString("utf8")
      .split(":");
    return (
      (user === options.apiKeySid && pass === options.apiKeySecret) ||
      (user === options.accountSid && pass === options.authToken)
    );
  }

  async function createMessage(req: IncomingMessage, res: ServerResponse) {
    if (!isAuthorised(req))
      return send(res, 401, {
        code: 20003,
        message: "Authenticate",
        more_info: "https://www.twilio.com/docs/errors/20003",
        status: 401,
      });
    const form = new URLSearchParams(await readBody(req));
    const to = form.get("To") ?? "";
    const from = form.get("From") ?? "";
    if (!/^\+[1-9]\d{6,14}$/.test(to))
      return send(res, 400, {
        code: 21211,
        message: `The 'To' number ${to} is not a valid phone number.`,
        status: 400,
      });
    const message: LocalMessage = {
      sid: sid("SM"),
      from,
      to,
      body: form.get("Body") ?? "",
      status: "queued",
      dateCreated: new Date(),
    };
    messages.push(message);
    const callback = form.get("StatusCallback");
    if (callback) {
      void (async () => {
        for (const status of ["sent", "delivered"]) {
          message.status = status;
          await postSigned(callback, {
            AccountSid: options.accountSid,
            MessageSid: message.sid,
            SmsSid: message.sid,
            MessageStatus: status,
            SmsStatus: status,
            From: from,
            To: to,
            ApiVersion: "2010-04-01",
          }).catch(() => {});
        }
      })();
    }
    return send(res, 201, messageResource({ ...message, status: "queued" }));
  }

  /** Twilio's message resource as the REST API returns it. */
  function messageResource(message: LocalMessage) {
    return {
      sid: message.sid,
      account_sid: options.accountSid,
      from: message.from,
      to: message.to,
      body: message.body,
      status: message.status,
      direction: "outbound-api",
      api_version: "2010-04-01",
      num_segments: "1",
      date_created: message.dateCreated.toUTCString(),
      uri: `/2010-04-01/Accounts/${options.accountSid}/Messages/${message.sid}.json`,
    };
  }

  /** GET Messages.json: the account's messages, newest first, filtered by To and From like Twilio. */
  function listMessages(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (!isAuthorised(req)) return send(res, 401, { code: 20003, message: "Authenticate", status: 401 });
    const to = url.searchParams.get("To");
    const from = url.searchParams.get("From");
    const pageSize = Math.min(1000, Number(url.searchParams.get("PageSize") ?? 50) || 50);
    const found = messages
      .filter((m) => (!to || m.to === to) && (!from || m.from === from))
      .reverse()
      .slice(0, pageSize);
    return send(res, 200, {
      messages: found.map(messageResource),
      end: Math.max(0, found.length - 1),
      first_page_uri: url.pathname + url.search,
      next_page_uri: null,
      page: 0,
      page_size: pageSize,
      previous_page_uri: null,
      start: 0,
      uri: url.pathname + url.search,
    });
  }

  const httpServer = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://local");
      const path = url.pathname;
      try {
        if (
          req.method === "POST" &&
          /^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/Messages\.json$/i.test(path)
        )
          return await createMessage(req, res);
        if (
          req.method === "GET" &&
          /^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/Messages\.json$/i.test(path)
        )
          return listMessages(req, res, url);
        if (req.method === "POST" && path === "/softphone/connect") {
          const body = JSON.parse(await readBody(req)) as {
            token?: string;
            params?: Record<string, string>;
          };
          const result = await connect(String(body.token ?? ""), body.params ?? {});
          return send(res, result.status, result.body);
        }
        const callMatch = /^\/softphone\/calls\/(CA[0-9a-f]{32})(\/hangup)?$/.exec(path);
        if (callMatch) {
          const call = calls.get(callMatch[1]!);
          if (!call) return send(res, 404, { message: "No such call" });
          if (req.method === "POST" && callMatch[2]) await hangup(call);
          const { chain: _chain, dial: _dial, ...state } = call;
          return send(res, 200, state);
        }
        if (req.method === "POST" && path === "/sms/inbound") {
          const body = JSON.parse(await readBody(req)) as {
            from: string;
            to: string;
            body: string;
          };
          return send(res, 200, await server.sendInboundSms(body));
        }
        send(res, 404, {
          code: 20404,
          message: "The requested resource was not found",
          status: 404,
        });
      } catch (error) {
        send(res, 500, { message: (error as Error).message });
      }
    })();
  });
  await new Promise<void>((resolve) => httpServer.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (httpServer.address() as AddressInfo).port;

  const server: LocalTwilioServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    calls: () =>
      [...new Set(calls.values())].map(({ chain: _c, dial: _d, sequence: _s, ...state }) => state),
    messages: () => [...messages],
    async sendInboundSms(input) {
      const result = await postSigned(options.smsUrl, {
        AccountSid: options.accountSid,
        ApiVersion: "2010-04-01",
        MessageSid: sid("SM"),
        SmsSid: "",
        From: input.from,
        To: input.to,
        Body: input.body,
        NumMedia: "0",
        NumSegments: "1",
      });
      return { status: result.status, twiml: result.text };
    },
    stop: () => new Promise<void>((resolve) => httpServer.close(() => resolve())),
  };
  return server;
}
