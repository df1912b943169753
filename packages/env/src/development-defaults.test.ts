// Issue 17, item 13: with NODE_ENV=production the processes refuse to start while any secret is
// still a development default, naming every one of them in one message.
import { describe, expect, it } from "vitest";
import { ConfigError, loadBootstrapEnv, loadRuntimeEnv, loadWebServerEnv } from "./index.js";

const realKey = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256)).toString("base64");
const production = {
  NODE_ENV: "production",
  APP_DATABASE_URL: "postgresql://carefold_app:Xk2v9q3LzP@db.internal/carefold",
  DATA_ENCRYPTION_KEY: realKey,
  STRIPE_SECRET_KEY: "sk_live_51HxYz",
  STRIPE_WEBHOOK_SECRET: "whsec_9f8e7d6c5b4a",
  TELEPHONY_PROVIDER: "twilio",
  S3_ACCESS_KEY_ID: "AKIAEXAMPLE123",
  S3_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG",
};

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  return [];
}

describe("production refuses development default secrets", () => {
  it("starts with real secrets", () => {
    expect(loadRuntimeEnv(production)).toMatchObject({ NODE_ENV: "production", STRIPE_WEBHOOK_SECRET: "whsec_9f8e7d6c5b4a" });
  });

  it("names every development default in one error", () => {
    const problems = problemsOf(() =>
      loadRuntimeEnv({
        NODE_ENV: "production",
        APP_DATABASE_URL: "postgresql://carefold_app:carefold_app_dev@127.0.0.1:54329/carefold",
        DATA_ENCRYPTION_KEY: Buffer.alloc(32).toString("base64"),
        S3_ACCESS_KEY_ID: "S3RVER",
        S3_SECRET_ACCESS_KEY: "S3RVER",
        TWILIO_AUTH_TOKEN: "local-twilio-auth-token-for-dev",
      }),
    );
    const named = problems.map((p) => p.split(" ")[0]);
    expect(named).toEqual(
      expect.arrayContaining(["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "APP_DATABASE_URL", "DATA_ENCRYPTION_KEY", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "TELEPHONY_PROVIDER", "TWILIO_AUTH_TOKEN"]),
    );
    expect(problems.every((p) => /development default|local stand-in/.test(p))).toBe(true);
    // The message never prints a secret's value.
    expect(problems.join("\n")).not.toMatch(/carefold_app_dev|S3RVER|whsec_carefold_local|local-twilio-auth-token/);
  });

  it("refuses the bootstrap's default role passwords and covers the web server's settings", () => {
    const problems = problemsOf(() => loadBootstrapEnv({ NODE_ENV: "production", DATABASE_URL: "postgresql://postgres@db.internal/postgres" }));
    expect(problems.map((p) => p.split(" ")[0]).sort()).toEqual(["CAREFOLD_APP_PASSWORD", "CAREFOLD_OWNER_PASSWORD"]);
    expect(problemsOf(() => loadWebServerEnv({ ...production, PORT: "3000", STRIPE_WEBHOOK_SECRET: undefined }))).toHaveLength(1);
  });

  it("allows the defaults in development and in a local run of the production build", () => {
    expect(() => loadRuntimeEnv({ APP_DATABASE_URL: "postgresql://a@localhost/b", DATA_ENCRYPTION_KEY: realKey })).not.toThrow();
    expect(() => loadRuntimeEnv({ NODE_ENV: "production", CAREFOLD_LOCAL_RUN: "1", APP_DATABASE_URL: "postgresql://a@localhost/b", DATA_ENCRYPTION_KEY: realKey })).not.toThrow();
  });
});
