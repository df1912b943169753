import { ConfigError } from "@carefold/env";
import { z } from "zod";

/**
 * Configuration of the telephony adapter. `provider: "local"` points the same Twilio SDK at the
 * local Twilio stand-in (`startLocalTwilioServer`) through `apiBaseUrl`; `"twilio"` talks to
 * Twilio. The api layer builds this from `@carefold/env`.
 */
export const TelephonyConfigSchema = z
  .object({
    provider: z.enum(["twilio", "local"]),
    accountSid: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, "must be a Twilio account SID (AC + 32 hex)"),
    /** Signs webhooks (X-Twilio-Signature) and authenticates REST calls when no API key is set. */
    authToken: z.string().min(16),
    /** API key for REST calls and browser access tokens (SK…). */
    apiKeySid: z
      .string()
      .regex(/^SK[0-9a-fA-F]{32}$/, "must be a Twilio API key SID (SK + 32 hex)"),
    apiKeySecret: z.string().min(16),
    /** The TwiML app whose Voice URL is `<webhookBaseUrl>/webhooks/twilio/voice` (AP…). */
    twimlAppSid: z.string().regex(/^AP[0-9a-fA-F]{32}$/, "must be a TwiML app SID (AP + 32 hex)"),
    /**
     * The public base URL Twilio calls (what it signs). Behind a proxy this is the outside URL,
     * not the address the app listens on.
     */
    webhookBaseUrl: z.string().url(),
    /** Only for the local stand-in: every REST request goes here instead of *.twilio.com. */
    apiBaseUrl: z.string().url().optional(),
    /** Browser access-token lifetime. */
    tokenTtlSeconds: z.number().int().min(60).max(86_400).default(3600),
  })
  .strict()
  .refine((c) => c.provider === "twilio" || c.apiBaseUrl !== undefined, {
    message: 'provider "local" needs apiBaseUrl (the local Twilio server)',
    path: ["apiBaseUrl"],
  });

export type TelephonyConfig = z.output<typeof TelephonyConfigSchema>;
export type TelephonyConfigInput = z.input<typeof TelephonyConfigSchema>;

export function parseTelephonyConfig(input: unknown): TelephonyConfig {
  const result = TelephonyConfigSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((i) => `telephony.${i.path.join(".") || "(root)"}: ${i.message}`),
  );
}

/** The webhook paths the app serves (configure these in Twilio; see the README). */
export const WEBHOOK_PATHS = {
  voice: "/webhooks/twilio/voice",
  voiceStatus: "/webhooks/twilio/voice-status",
  recordingStatus: "/webhooks/twilio/recording-status",
  calleeNotice: "/webhooks/twilio/callee-notice",
  sms: "/webhooks/twilio/sms",
  smsStatus: "/webhooks/twilio/sms-status",
} as const;
export type WebhookKind = keyof typeof WEBHOOK_PATHS;
