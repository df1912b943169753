/**
 * Secrets that are published in this repository (defaults in schemas.ts and the local stand-ins'
 * fixed credentials under `npm start`). With NODE_ENV=production a process refuses to start while
 * any of them is in use, naming each variable (never its value) in one error. The literals mirror
 * LOCAL_TELEPHONY_CREDENTIALS and LOCAL_S3_CREDENTIALS in @carefold/integrations (this package
 * imports nothing internal).
 *
 * `npm start` and the end-to-end tests run the production build locally with these secrets; they
 * say so with CAREFOLD_LOCAL_RUN=1, which a real deployment never sets.
 */
const DEV_ROLE_PASSWORDS = ["carefold_owner_dev", "carefold_app_dev"];
const PUBLISHED_VALUES: Record<string, string[]> = {
  STRIPE_SECRET_KEY: ["sk_test_carefold_local"],
  STRIPE_WEBHOOK_SECRET: ["whsec_carefold_local"],
  CAREFOLD_OWNER_PASSWORD: DEV_ROLE_PASSWORDS,
  CAREFOLD_APP_PASSWORD: DEV_ROLE_PASSWORDS,
  S3_ACCESS_KEY_ID: ["S3RVER"],
  S3_SECRET_ACCESS_KEY: ["S3RVER"],
  TWILIO_AUTH_TOKEN: ["local-twilio-auth-token-for-dev"],
  TWILIO_API_KEY_SECRET: ["local-twilio-api-key-secret-dev"],
};
const DATABASE_URLS = ["DATABASE_URL", "APP_DATABASE_URL"];

/** Problems (one per variable) for the development defaults found in a parsed configuration. */
export function findDevelopmentDefaults(env: Record<string, unknown>): string[] {
  if (env.NODE_ENV !== "production" || env.CAREFOLD_LOCAL_RUN === "1") return [];
  const problems: string[] = [];
  for (const [name, published] of Object.entries(PUBLISHED_VALUES)) {
    if (typeof env[name] === "string" && published.includes(env[name])) {
      problems.push(`${name} is the development default; set this deployment's own secret`);
    }
  }
  for (const name of DATABASE_URLS) {
    const password = passwordOf(env[name]);
    if (password !== null && DEV_ROLE_PASSWORDS.includes(password)) {
      problems.push(`${name} uses a development default role password; set the role's own password`);
    }
  }
  if (typeof env.DATA_ENCRYPTION_KEY === "string" && isPlaceholderKey(env.DATA_ENCRYPTION_KEY)) {
    problems.push("DATA_ENCRYPTION_KEY is a placeholder (too few distinct bytes), like the development default; generate 32 random bytes");
  }
  if (env.TELEPHONY_PROVIDER === "local" && "APP_DATABASE_URL" in env) {
    problems.push("TELEPHONY_PROVIDER is `local`: the local stand-in's published credentials; set `twilio` and its TWILIO_* secrets");
  }
  return problems;
}

function passwordOf(url: unknown): string | null {
  if (typeof url !== "string") return null;
  try {
    return decodeURIComponent(new URL(url).password) || null;
  } catch {
    return null;
  }
}

/** An all-zero (or otherwise near-constant) key: tests and examples use those, never a real one. */
const isPlaceholderKey = (base64: string) => new Set(Buffer.from(base64, "base64")).size < 8;
