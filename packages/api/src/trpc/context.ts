import type { Db, ScopedTx } from "@carefold/db";
import type { ObjectStorage, Telephony } from "@carefold/integrations";
import type { ApiConfig } from "../config.js";
import type { AuditNote } from "../modules/audit/audit-note.js";
import type { AuthState } from "../modules/auth/session.service.js";

export type AppName = "portal" | "workspace";

/** Facts about the HTTP request that the audit log and rate limits need (never PHI). */
export interface RequestMeta {
  ip: string;
  userAgent: string | null;
  requestId: string;
}

/** Built once per request by the HTTP handler and by server-side callers in loaders/actions. */
export interface Context {
  db: Db;
  config: ApiConfig;
  /** Documents (consent forms, care-plan PDFs, imports); resolved lazily so tests without it work. */
  storage: () => ObjectStorage;
  /** Calls and texts (Twilio or the local stand-in); resolved lazily like storage. */
  telephony: () => Telephony;
  app: AppName;
  meta: RequestMeta;
  /** The signed-in user, or null. `isMfaVerified` false means only MFA steps are allowed. */
  auth: AuthState | null;
  /** Why a presented session was not accepted (shown on the sign-in page). */
  signedOutReason: "idle_timeout" | "expired" | "revoked" | null;
  /** The raw session token presented by the browser (needed to rotate or revoke it). */
  sessionToken: string | null;
  /** Cookies to send back; the HTTP layer turns them into Set-Cookie headers. */
  cookies: { setSession?: { token: string; maxAgeSeconds: number }; clearSession?: boolean };
}

/** What procedures running inside a unit of work receive in addition. */
export interface ScopedContext extends Context {
  tx: ScopedTx;
  audit: AuditNote;
  /** Tenants in scope for this unit of work. */
  tenantIds: readonly string[];
}
