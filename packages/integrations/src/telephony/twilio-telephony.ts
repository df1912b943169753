import twilio from "twilio";
import type { TelephonyConfig } from "./telephony-config.js";
import type {
  DialInstructions,
  SendSmsInput,
  SentSms,
  SentSmsQuery,
  SignedRequest,
  Telephony,
} from "./telephony.js";

const { AccessToken } = twilio.jwt;
const { VoiceGrant } = AccessToken;

type RequestClient = InstanceType<typeof twilio.RequestClient>;

/**
 * An HTTP client for the SDK that sends every request to `baseUrl` instead of `https://*.twilio.com`
 * (the local stand-in, or a test server): the SDK still builds, authenticates and parses requests
 * exactly as it does against Twilio.
 */
export function redirectingHttpClient(baseUrl: string): RequestClient {
  const base = new twilio.RequestClient();
  const target = baseUrl.replace(/\/$/, "");
  const client = Object.create(base) as RequestClient;
  client.request = (opts) =>
    base.request({ ...opts, uri: opts.uri.replace(/^https:\/\/[^/]+/, target) });
  return client;
}

/** The adapter on the official `twilio` SDK (REST, access tokens, TwiML, signatures). */
export class TwilioTelephony implements Telephony {
  readonly provider: "twilio" | "local";
  private readonly client: twilio.Twilio;

  constructor(private readonly config: TelephonyConfig) {
    this.provider = config.provider;
    this.client = twilio(config.apiKeySid, config.apiKeySecret, {
      accountSid: config.accountSid,
      httpClient: config.apiBaseUrl ? redirectingHttpClient(config.apiBaseUrl) : undefined,
      autoRetry: true,
      maxRetries: 2,
    });
  }

  createVoiceToken(identity: string): string {
    const token = new AccessToken(
      this.config.accountSid,
      this.config.apiKeySid,
      this.config.apiKeySecret,
      {
        identity,
        ttl: this.config.tokenTtlSeconds,
      },
    );
    token.addGrant(
      new VoiceGrant({ outgoingApplicationSid: this.config.twimlAppSid, incomingAllow: false }),
    );
    return token.toJwt();
  }

  async sendSms(input: SendSmsInput): Promise<SentSms> {
    const message = await this.client.messages.create({
      from: input.from,
      to: input.to,
      body: input.body,
      statusCallback: input.statusCallbackUrl,
    });
    return { sid: message.sid, status: message.status };
  }

  async findSentSms(query: SentSmsQuery): Promise<SentSms | null> {
    // Newest first. No DateSent filter: a message Twilio accepted but has not sent yet has none.
    const recent = await this.client.messages.list({ from: query.from, to: query.to, limit: 50 });
    const match = recent.find(
      (m) => m.body === query.body && m.dateCreated.getTime() >= query.createdSince.getTime(),
    );
    return match ? { sid: match.sid, status: match.status } : null;
  }

  isValidSignature(request: SignedRequest): boolean {
    if (!request.signature) return false;
    return twilio.validateRequest(
      this.config.authToken,
      request.signature,
      request.url,
      request.params,
    );
  }

  dialTwiml(dial: DialInstructions): string {
    const response = new twilio.twiml.VoiceResponse();
    const verb = response.dial({
      callerId: dial.callerId,
      timeout: dial.timeoutSeconds ?? 30,
      answerOnBridge: true,
      ...(dial.record
        ? {
            record: "record-from-answer-dual" as const,
            recordingStatusCallback: dial.recordingStatusCallbackUrl,
            recordingStatusCallbackEvent: ["completed" as const],
          }
        : {}),
    });
    verb.number(
      {
        statusCallback: dial.statusCallbackUrl,
        statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
        statusCallbackMethod: "POST",
        ...(dial.calleeNoticeUrl ? { url: dial.calleeNoticeUrl } : {}),
      },
      dial.to,
    );
    return response.toString();
  }

  sayTwiml(text: string): string {
    const response = new twilio.twiml.VoiceResponse();
    response.say(text);
    return response.toString();
  }

  rejectTwiml(message: string): string {
    const response = new twilio.twiml.VoiceResponse();
    response.say(message);
    response.hangup();
    return response.toString();
  }

  messagingTwiml(reply?: string): string {
    const response = new twilio.twiml.MessagingResponse();
    if (reply) response.message(reply);
    return response.toString();
  }

  webhookUrl(path: string, query: Record<string, string> = {}): string {
    // Concatenated, not resolved: a base URL with a path prefix (behind a proxy) keeps it.
    const url = new URL(`${this.config.webhookBaseUrl.replace(/\/$/, "")}${path}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    return url.toString();
  }
}

/** The signature Twilio would send for a request (for the local stand-in and tests). */
export function signTwilioRequest(
  authToken: string,
  url: string,
  params: Record<string, string>,
): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}
