import { z } from "zod";

const postgresUrl = z
  .string()
  .url()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), "must be a postgres:// or postgresql:// URL");

const base64Key = z
  .string()
  .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 random bytes, base64-encoded");

const port = z.coerce.number().int().min(1).max(65535);

/** Settings every process shares. */
export const commonShape = {
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /**
   * Set to 1 only by `npm start` (and the end-to-end tests through it): a local run of the
   * production build, where the development default secrets are allowed. Never in a deployment.
   */
  CAREFOLD_LOCAL_RUN: z.enum(["0", "1"]).default("0"),
};

/**
 * Bootstrap (npm start, migrations, test setup). DATABASE_URL is an administrative connection
 * (superuser, or a role with CREATEROLE and CREATEDB); without it an embedded PostgreSQL is started.
 */
export const bootstrapShape = {
  ...commonShape,
  DATABASE_URL: postgresUrl.optional(),
  CAREFOLD_DATABASE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, "must be a lower-case PostgreSQL identifier")
    .default("carefold"),
  CAREFOLD_OWNER_PASSWORD: z.string().min(8).default("carefold_owner_dev"),
  CAREFOLD_APP_PASSWORD: z.string().min(8).default("carefold_app_dev"),
  CAREFOLD_DATA_DIR: z.string().default(".data"),
  EMBEDDED_PG_PORT: port.default(54329),
  PORTAL_PORT: port.default(3000),
  WORKSPACE_PORT: port.default(3001),
  /** The local Twilio stand-in (calls and texts under `npm start`); default WORKSPACE_PORT + 1000. */
  LOCAL_TWILIO_PORT: port.optional(),
  /** The local Stripe lookalike under `npm start` (default: WORKSPACE_PORT + 10). A fixed port keeps stored hosted-invoice links working across restarts. */
  LOCAL_STRIPE_PORT: port.optional(),
  DATA_ENCRYPTION_KEY: base64Key.optional(),
  /** Audit-chain checkpoints under `npm start`: generated into CAREFOLD_DATA_DIR unless given. */
  AUDIT_CHECKPOINT_KEY: base64Key.optional(),
  AUDIT_CHECKPOINT_DIR: z.string().min(1).optional(),
  /** Drop and recreate the product database at start (only honoured for databases named *_e2e). */
  CAREFOLD_RESET_DATABASE: z.enum(["0", "1"]).default("0"),
};

/** A web app or the worker at run time: connects only as the runtime role carefold_app. */
export const runtimeShape = {
  ...commonShape,
  APP_DATABASE_URL: postgresUrl,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** AES-256-GCM key for secrets at rest (TOTP seeds). `npm start` generates one in .data. */
  DATA_ENCRYPTION_KEY: base64Key,
  /** Public base URLs, used in e-mailed links and for the CSRF origin check behind proxies. */
  PORTAL_PUBLIC_URL: z.string().url().default("http://127.0.0.1:3000"),
  WORKSPACE_PUBLIC_URL: z.string().url().default("http://127.0.0.1:3001"),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(60).default(15),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24).default(12),
  SIGN_IN_LOCKOUT_THRESHOLD: z.coerce.number().int().min(3).max(20).default(6),
  SIGN_IN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** `auto`: Secure cookies when the request is https; `always` in production behind TLS. */
  COOKIE_SECURE: z.enum(["auto", "always"]).default("auto"),
  /**
   * Audit chain checkpoints (issue 17): HMAC key (32 random bytes, base64) and a directory the
   * database host cannot write. Without both, the worker writes no checkpoints and says so.
   */
  AUDIT_CHECKPOINT_KEY: base64Key.optional(),
  AUDIT_CHECKPOINT_DIR: z.string().min(1).optional(),
  /** Object storage (S3). `npm start` runs a local S3-compatible server and sets these. */
  S3_BUCKET: z.string().min(3).default("carefold-documents"),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ENDPOINT: z.string().url().optional(),
  S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).default("false"),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_SERVER_SIDE_ENCRYPTION: z.enum(["AES256", "aws:kms"]).optional(),
  S3_KMS_KEY_ID: z.string().min(1).optional(),
  /**
   * Calls and texts. `local`: the local Twilio stand-in that `npm start` runs (LOCAL_TWILIO_URL);
   * `twilio`: a real account (every TWILIO_* below is then required; see packages/integrations).
   */
  TELEPHONY_PROVIDER: z.enum(["local", "twilio"]).default("local"),
  LOCAL_TWILIO_URL: z.string().url().optional(),
  TWILIO_ACCOUNT_SID: z.string().min(1).optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_API_KEY_SID: z.string().min(1).optional(),
  TWILIO_API_KEY_SECRET: z.string().min(1).optional(),
  TWILIO_TWIML_APP_SID: z.string().min(1).optional(),
  /** The public base URL Twilio posts webhooks to and signs (default: WORKSPACE_PUBLIC_URL). */
  TWILIO_WEBHOOK_BASE_URL: z.string().url().optional(),
  /** Stripe (vendor invoicing). `npm start` points STRIPE_API_BASE at the local Stripe lookalike. */
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_\w+$/, "must be a Stripe secret key (sk_test_… or sk_live_…)").default("sk_test_carefold_local"),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\w+$/, "must be a Stripe webhook signing secret (whsec_…)").default("whsec_carefold_local"),
  STRIPE_API_BASE: z.string().url().optional(),
  STRIPE_WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  /** What an hour of coordinator time costs the vendor, in cents (per-clinic P&L). */
  COORDINATOR_HOURLY_COST_CENTS: z.coerce.number().int().min(0).max(100_000).default(4500),
};

/** The worker also owns the job-queue schema, through the same runtime role. */
export const workerShape = {
  ...runtimeShape,
  HEARTBEAT_CRON: z.string().default("* * * * *"),
};

export type BootstrapEnv = z.infer<z.ZodObject<typeof bootstrapShape>>;
export type RuntimeEnv = z.infer<z.ZodObject<typeof runtimeShape>>;
export type WorkerEnv = z.infer<z.ZodObject<typeof workerShape>>;

/** The web server in front of each app (infra/local/serve-app.ts). */
export const webServerShape = {
  ...runtimeShape,
  HOST: z.string().default("127.0.0.1"),
  PORT: port,
  /** Express "trust proxy": "false" (default; use the socket address), "true", a hop count or a subnet list. */
  TRUST_PROXY: z.string().default("false"),
};
export type WebServerEnv = z.infer<z.ZodObject<typeof webServerShape>>;

/** `npm run bench` (database benchmarks): the bootstrap settings plus the scale and its database. */
export const benchShape = {
  ...bootstrapShape,
  /** `full`: 500 clinics × 2,000 patients, 5,000,000 entries (minutes to seed, once); `small`: a quick run. */
  BENCH_SCALE: z.enum(["full", "small"]).default("full"),
  /** Database the seeded data lives in (reused while its scale and month match). Default carefold_bench_workspace[_small]. */
  BENCH_DATABASE: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, "must be a lower-case PostgreSQL identifier").optional(),
};
export type BenchEnv = z.infer<z.ZodObject<typeof benchShape>>;
