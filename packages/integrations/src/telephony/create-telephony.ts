import { parseTelephonyConfig, type TelephonyConfigInput } from "./telephony-config.js";
import type { Telephony } from "./telephony.js";
import { TwilioTelephony } from "./twilio-telephony.js";

/**
 * Development credentials shared by the app and the local Twilio stand-in under `npm start` and
 * in tests. They only ever sign requests between processes on 127.0.0.1.
 */
export const LOCAL_TELEPHONY_CREDENTIALS = {
  accountSid: "AC" + "0123456789abcdef".repeat(2),
  authToken: "local-twilio-auth-token-for-dev",
  apiKeySid: "SK" + "fedcba9876543210".repeat(2),
  apiKeySecret: "local-twilio-api-key-secret-dev",
  twimlAppSid: "AP" + "00112233445566778899aabbccddeeff",
} as const;

/**
 * Both providers run the official SDK: `"twilio"` against Twilio, `"local"` against the local
 * stand-in (`apiBaseUrl`), so the code under test is the code in production.
 */
export function createTelephony(input: TelephonyConfigInput): Telephony {
  return new TwilioTelephony(parseTelephonyConfig(input));
}
