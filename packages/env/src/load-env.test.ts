import { describe, expect, it } from "vitest";
import { ConfigError, loadRuntimeEnv, loadBootstrapEnv } from "./index.js";

describe("loadEnv", () => {
  it("names every missing and invalid variable in one error", () => {
    try {
      loadRuntimeEnv({ NODE_ENV: "staging", DATABASE_POOL_SIZE: "0", DATA_ENCRYPTION_KEY: Buffer.alloc(32).toString("base64") });
      expect.unreachable("should have thrown");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain("APP_DATABASE_URL is required but not set");
      expect(message).toContain("NODE_ENV:");
      expect(message).toContain("DATABASE_POOL_SIZE:");
      expect((error as ConfigError).problems).toHaveLength(3);
    }
  });

  it("rejects a non-PostgreSQL URL", () => {
    expect(() => loadRuntimeEnv({ APP_DATABASE_URL: "mysql://x@localhost/db", DATA_ENCRYPTION_KEY: Buffer.alloc(32).toString("base64") })).toThrow(
      /APP_DATABASE_URL: must be a postgres/,
    );
  });

  it("applies defaults and coerces numbers", () => {
    const env = loadBootstrapEnv({ EMBEDDED_PG_PORT: "6000" });
    expect(env.EMBEDDED_PG_PORT).toBe(6000);
    expect(env.CAREFOLD_DATABASE).toBe("carefold");
    expect(env.DATABASE_URL).toBeUndefined();
  });
});

describe("Stripe settings", () => {
  const base = { APP_DATABASE_URL: "postgresql://a@localhost/b", DATA_ENCRYPTION_KEY: Buffer.alloc(32).toString("base64") };
  it("defaults to local test keys and checks key shapes", () => {
    expect(loadRuntimeEnv(base)).toMatchObject({ STRIPE_SECRET_KEY: "sk_test_carefold_local", STRIPE_WEBHOOK_SECRET: "whsec_carefold_local", STRIPE_WEBHOOK_TOLERANCE_SECONDS: 300 });
    expect(() => loadRuntimeEnv({ ...base, STRIPE_SECRET_KEY: "pk_live_abc", STRIPE_WEBHOOK_SECRET: "secret" })).toThrow(/STRIPE_SECRET_KEY: must be a Stripe secret key[\s\S]*STRIPE_WEBHOOK_SECRET: must be/);
  });
});
