import { z } from "zod";

const postgresUrl = z
  .string()
  .url()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), "must be a postgres:// or postgresql:// URL");

const port = z.coerce.number().int().min(1).max(65535);

/** Settings every process shares. */
export const commonShape = {
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
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
};

/** A web app or the worker at run time: connects only as the runtime role carefold_app. */
export const runtimeShape = {
  ...commonShape,
  APP_DATABASE_URL: postgresUrl,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
};

/** The worker also owns the job-queue schema, through the same runtime role. */
export const workerShape = {
  ...runtimeShape,
  HEARTBEAT_CRON: z.string().default("* * * * *"),
};

export type BootstrapEnv = z.infer<z.ZodObject<typeof bootstrapShape>>;
export type RuntimeEnv = z.infer<z.ZodObject<typeof runtimeShape>>;
export type WorkerEnv = z.infer<z.ZodObject<typeof workerShape>>;
