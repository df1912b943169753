import { ConfigError, type RuntimeEnv } from "@carefold/env";
import {
  createTelephony,
  LOCAL_TELEPHONY_CREDENTIALS,
  type Telephony,
} from "@carefold/integrations";

/**
 * The telephony adapter from the environment: the local Twilio stand-in under `npm start`
 * (LOCAL_TWILIO_URL), or a real account when TELEPHONY_PROVIDER=twilio (every TWILIO_* needed).
 */
export function telephonyFromEnv(env: RuntimeEnv): { telephony: Telephony; publicBaseUrl: string } {
  const publicBaseUrl = env.TWILIO_WEBHOOK_BASE_URL ?? env.WORKSPACE_PUBLIC_URL;
  if (env.TELEPHONY_PROVIDER === "local") {
    if (!env.LOCAL_TWILIO_URL)
      throw new ConfigError([
        "LOCAL_TWILIO_URL is required with TELEPHONY_PROVIDER=local (npm start sets it)",
      ]);
    return {
      telephony: createTelephony({
        provider: "local",
        ...LOCAL_TELEPHONY_CREDENTIALS,
        webhookBaseUrl: publicBaseUrl,
        apiBaseUrl: env.LOCAL_TWILIO_URL,
      }),
      publicBaseUrl,
    };
  }
  const required = {
    TWILIO_ACCOUNT_SID: env.TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: env.TWILIO_AUTH_TOKEN,
    TWILIO_API_KEY_SID: env.TWILIO_API_KEY_SID,
    TWILIO_API_KEY_SECRET: env.TWILIO_API_KEY_SECRET,
    TWILIO_TWIML_APP_SID: env.TWILIO_TWIML_APP_SID,
  };
  const missing = Object.entries(required)
    .filter(([, v]) => !v)
    .map(([k]) => `${k} is required with TELEPHONY_PROVIDER=twilio`);
  if (missing.length) throw new ConfigError(missing);
  return {
    telephony: createTelephony({
      provider: "twilio",
      accountSid: env.TWILIO_ACCOUNT_SID!,
      authToken: env.TWILIO_AUTH_TOKEN!,
      apiKeySid: env.TWILIO_API_KEY_SID!,
      apiKeySecret: env.TWILIO_API_KEY_SECRET!,
      twimlAppSid: env.TWILIO_TWIML_APP_SID!,
      webhookBaseUrl: publicBaseUrl,
    }),
    publicBaseUrl,
  };
}
