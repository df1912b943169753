// Test helpers for API integration tests: config, requests, signed-in callers, users.
import { randomBytes } from "node:crypto";
import { withTenantScope, type Db } from "@carefold/db";
import { DEFAULT_API_CONFIG, type ApiConfig } from "../config.js";
import { createRequestContext } from "../http/request-context.js";
import { hashPassword } from "../modules/auth/password.js";
import { createTotpSecret, generateTotpForStep, totpStepAt } from "../modules/auth/totp.js";
import { encryptSecret } from "../modules/auth/crypto.js";
import type { TenantRole, VendorRole } from "../modules/auth/session.service.js";
import { appRouter } from "../root.js";
import { createTelephony, LOCAL_TELEPHONY_CREDENTIALS, type ObjectStorage, type Telephony } from "@carefold/integrations";
import { startTestObjectStorage } from "@carefold/integrations/testing";
import type { AppName } from "../trpc/context.js";

export const TEST_PASSWORD = "correct horse battery staple";

export const testConfig = (overrides: Partial<ApiConfig> = {}): ApiConfig => ({
  ...DEFAULT_API_CONFIG,
  encryptionKey: randomBytes(32),
  ...overrides,
});

export function makeRequest(app: AppName, opts: { cookie?: string; method?: string; ip?: string } = {}): Request {
  const origin = app === "portal" ? DEFAULT_API_CONFIG.publicUrls.portal : DEFAULT_API_CONFIG.publicUrls.workspace;
  return new Request(`${origin}/x`, {
    method: opts.method ?? "POST",
    headers: {
      origin,
      "user-agent": "vitest",
      "x-carefold-client-ip": opts.ip ?? "203.0.113.7",
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
    },
  });
}

/** A tRPC caller for one request, plus the cookies it would set. */
let testStorage: ObjectStorage | undefined;
/** Tests that touch documents call this (a local S3-compatible server); stop it in afterAll. */
export async function useTestObjectStorage() {
  const started = await startTestObjectStorage();
  testStorage = started.storage;
  return started;
}

export async function callerFor(db: Db, config: ApiConfig, app: AppName, cookie?: string, ip?: string) {
  const storage = () => {
    if (!testStorage) throw new Error("call useTestObjectStorage() in this test file first");
    return testStorage;
  };
  const { ctx, responseCookies } = await createRequestContext(makeRequest(app, { cookie, ip }), app, db, config, storage, () => testTelephony);
  return { caller: appRouter.createCaller(ctx), ctx, responseCookies };
}

/**
 * Telephony for API tests: the real adapter with the local stand-in's credentials. Webhooks are
 * verified against TEST_WEBHOOK_BASE; REST requests go to `apiBaseUrl` (a local server when a
 * test sends texts).
 */
export const TEST_WEBHOOK_BASE = "https://carefold.test";
export const testTelephonyFor = (apiBaseUrl = "http://127.0.0.1:9") =>
  createTelephony({ provider: "local", ...LOCAL_TELEPHONY_CREDENTIALS, webhookBaseUrl: TEST_WEBHOOK_BASE, apiBaseUrl });
const testTelephony: Telephony = testTelephonyFor();

/** A browser-like session: keeps the cookie between calls, like a real client. */
export class TestBrowser {
  cookie: string | undefined;
  constructor(readonly db: Db, readonly config: ApiConfig, readonly app: AppName, readonly ip = "203.0.113.7") {}

  async call<T>(fn: (caller: ReturnType<typeof appRouter.createCaller>) => Promise<T>): Promise<T> {
    const { caller, responseCookies } = await callerFor(this.db, this.config, this.app, this.cookie, this.ip);
    try {
      return await fn(caller);
    } finally {
      for (const c of responseCookies()) {
        const [pair] = c.split(";");
        this.cookie = pair!.endsWith("=") ? undefined : pair;
      }
    }
  }
}

export interface CreatedUser {
  id: string;
  email: string;
  totpSecret: string | null;
}

/** Creates an active user directly (fixtures), optionally with TOTP enabled. */
export async function createUser(
  db: Db,
  config: ApiConfig,
  input: { kind: "vendor" | "clinic"; vendorRoles?: VendorRole[]; memberships?: { tenantId: string; role: TenantRole }[]; withTotp?: boolean; email?: string },
): Promise<CreatedUser> {
  const email = input.email ?? `user-${randomBytes(4).toString("hex")}@example.org`;
  const totpSecret = input.withTotp ? createTotpSecret() : null;
  const tenantIds = (input.memberships ?? []).map((m) => m.tenantId);
  const id = await withTenantScope(db, { tenantIds }, async (tx) => {
    const user = await tx.appUser.create({
      data: {
        email,
        name: `Test ${email.split("@")[0]}`,
        kind: input.kind,
        status: "active",
        passwordHash: await hashPassword(TEST_PASSWORD),
        totpSecretEnc: totpSecret ? encryptSecret(totpSecret, config.encryptionKey) : null,
        totpEnabledAt: totpSecret ? new Date() : null,
      },
    });
    for (const role of input.vendorRoles ?? []) await tx.vendorRoleGrant.create({ data: { userId: user.id, role } });
    for (const m of input.memberships ?? []) await tx.membership.create({ data: { tenantId: m.tenantId, userId: user.id, role: m.role } });
    return user.id;
  });
  return { id, email, totpSecret };
}

const lastTotpStep = new Map<string, number>();

/**
 * A code the server will accept for this user: a used time step is refused (replay guard), so a
 * second sign-in within one 30-second window takes the next step, or waits for the clock.
 */
export async function unusedTotp(user: Pick<CreatedUser, "id" | "totpSecret">): Promise<string> {
  for (;;) {
    const now = totpStepAt(Date.now());
    const step = Math.max(now, (lastTotpStep.get(user.id) ?? -1) + 1);
    if (step <= now + 1) {
      lastTotpStep.set(user.id, step);
      return generateTotpForStep(user.totpSecret!, step);
    }
    await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 50));
  }
}

/** Signs a user in through the real procedures (password, then TOTP when enrolled). */
export async function signIn(browser: TestBrowser, user: CreatedUser) {
  const result = await browser.call((c) => c.auth.signIn({ email: user.email, password: TEST_PASSWORD }));
  if (result.status !== "signed_in") throw new Error(`sign-in failed: ${result.status}`);
  if (result.next === "verify_mfa") {
    const code = await unusedTotp(user);
    const verified = await browser.call((c) => c.auth.verifyMfa({ code }));
    if (!verified.ok) throw new Error("TOTP failed");
  }
  return result;
}
