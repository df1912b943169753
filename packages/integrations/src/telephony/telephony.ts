/** What the app asks the provider to do with the browser's call (answered by the voice webhook). */
export interface DialInstructions {
  /** The clinic's caller-ID number (E.164). */
  callerId: string;
  /** The patient's number (E.164). */
  to: string;
  /** Absolute URL for the patient leg's status callbacks (initiated, ringing, answered, completed). */
  statusCallbackUrl: string;
  /** Record both sides from answer; the recording callback goes to `recordingStatusCallbackUrl`. */
  record: boolean;
  recordingStatusCallbackUrl?: string;
  /** TwiML played to the patient after they answer, before the coordinator is connected. */
  calleeNoticeUrl?: string;
  /** Seconds to ring before giving up (no-answer). */
  timeoutSeconds?: number;
}

export interface SendSmsInput {
  from: string;
  to: string;
  body: string;
  statusCallbackUrl: string;
}

export interface SentSms {
  sid: string;
  status: string;
}

/** A text we may have handed to the provider before we could record its answer. */
export interface SentSmsQuery {
  from: string;
  to: string;
  body: string;
  /** Only messages the provider created at or after this instant. */
  createdSince: Date;
}

export interface SignedRequest {
  /** The full public URL the provider requested (scheme, host, path and query). */
  url: string;
  /** The form fields of the POST body. */
  params: Record<string, string>;
  /** The X-Twilio-Signature header. */
  signature: string | null;
}

/**
 * The telephony port: everything the app needs from Twilio, behind one small interface. The two
 * implementations (`provider: "twilio"` and `"local"`) differ only in where the SDK sends requests
 * and where the browser softphone connects; webhooks are signed and answered the same way.
 */
export interface Telephony {
  readonly provider: "twilio" | "local";
  /** A short-lived access token with a Voice grant (outgoing calls through the TwiML app). */
  createVoiceToken(identity: string): string;
  sendSms(input: SendSmsInput): Promise<SentSms>;
  /**
   * The provider's newest message matching `query` (same numbers and body, created since), or
   * null when it has none: how a send interrupted by a crash is found out, since messages have no
   * idempotency key.
   */
  findSentSms(query: SentSmsQuery): Promise<SentSms | null>;
  /** Twilio's signature check (HMAC-SHA1 of URL + sorted params with the auth token). */
  isValidSignature(request: SignedRequest): boolean;
  /** TwiML that dials the patient from the clinic's number. */
  dialTwiml(dial: DialInstructions): string;
  /** TwiML that says `text` (e.g. the recording notice) to whoever hears it. */
  sayTwiml(text: string): string;
  /** TwiML that ends an unauthorised call with a short message. */
  rejectTwiml(message: string): string;
  /** Messaging TwiML: an optional auto-reply (STOP/START/HELP), else an empty response. */
  messagingTwiml(reply?: string): string;
  webhookUrl(path: string, query?: Record<string, string>): string;
}
