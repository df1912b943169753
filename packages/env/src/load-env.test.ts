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
