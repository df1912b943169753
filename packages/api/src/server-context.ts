import { createDb, type Db } from "@carefold/db";
import { loadRuntimeEnv } from "@carefold/env";
import { S3ObjectStorage, StripeInvoicing, createStripeClient, type InvoicingProvider, type ObjectStorage, type Telephony } from "@carefold/integrations";
import { telephonyFromEnv } from "./modules/calls/telephony-from-env.js";
import type { ApiConfig } from "./config.js";

let db: Db | undefined;
let config: ApiConfig | undefined;
let storage: ObjectStorage | undefined;
let telephony: { telephony: Telephony; publicBaseUrl: string } | undefined;

/** Telephony from TELEPHONY_PROVIDER and TWILIO_* (the local Twilio stand-in under `npm start`). */
export function getTelephonySetup() {
  telephony ??= telephonyFromEnv(loadRuntimeEnv());
  return telephony;
}
export const getTelephony = (): Telephony => getTelephonySetup().telephony;

/** The local Twilio stand-in's URL (softphone proxy), or null with a real Twilio account. */
export function getLocalTwilioUrl(): string | null {
  const env = loadRuntimeEnv();
  return env.TELEPHONY_PROVIDER === "local" ? (env.LOCAL_TWILIO_URL ?? null) : null;
}

/** Object storage from the S3_* settings (local S3-compatible server under `npm start`). */
export function getObjectStorage(): ObjectStorage {
  if (!storage) {
    const env = loadRuntimeEnv();
    storage = new S3ObjectStorage({
      bucket: env.S3_BUCKET,
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      forcePathStyle: env.S3_FORCE_PATH_STYLE === "true",
      credentials: env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY } : undefined,
      serverSideEncryption: env.S3_SERVER_SIDE_ENCRYPTION,
      kmsKeyId: env.S3_KMS_KEY_ID,
      sendChecksumSha256: !env.S3_ENDPOINT,
    });
  }
  return storage;
}

/**
 * The process-wide database client of a web app, connected as the runtime role. Created on
 * first use so that importing the API (e.g. in a build step) needs no configuration.
 */
export function getAppDb(): Db {
  if (!db) {
    const env = loadRuntimeEnv();
    db = createDb(env.APP_DATABASE_URL, env.DATABASE_POOL_SIZE);
  }
  return db;
}

export function getApiConfig(): ApiConfig {
  if (!config) {
    const env = loadRuntimeEnv();
    config = {
      encryptionKey: Buffer.from(env.DATA_ENCRYPTION_KEY, "base64"),
      publicUrls: { portal: env.PORTAL_PUBLIC_URL, workspace: env.WORKSPACE_PUBLIC_URL },
      sessionIdleMinutes: env.SESSION_IDLE_MINUTES,
      sessionAbsoluteHours: env.SESSION_ABSOLUTE_HOURS,
      lockoutThreshold: env.SIGN_IN_LOCKOUT_THRESHOLD,
      lockoutMinutes: env.SIGN_IN_LOCKOUT_MINUTES,
      signInAttemptsPerIp: 50,
      cookieSecure: env.COOKIE_SECURE,
      coordinatorHourlyCostCents: env.COORDINATOR_HOURLY_COST_CENTS,
    };
  }
  return config;
}

/** Stripe webhook verification settings (the workspace's /webhooks/stripe route). */
export function getStripeWebhookConfig(): { webhookSecret: string; toleranceSeconds: number } {
  const env = loadRuntimeEnv();
  return { webhookSecret: env.STRIPE_WEBHOOK_SECRET, toleranceSeconds: env.STRIPE_WEBHOOK_TOLERANCE_SECONDS };
}

/** Stripe invoicing from the STRIPE_* settings (the local Stripe lookalike under `npm start`). */
export function createInvoicingProviderFromEnv(): InvoicingProvider {
  const env = loadRuntimeEnv();
  return new StripeInvoicing(createStripeClient({ secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, apiBase: env.STRIPE_API_BASE, webhookToleranceSeconds: env.STRIPE_WEBHOOK_TOLERANCE_SECONDS }));
}
