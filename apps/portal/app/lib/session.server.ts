import { data, redirect } from "@remix-run/node";
import { getApiConfig, safeRedirect, serverCaller } from "@carefold/api";
import { APP } from "./app";

export type Caller = Awaited<ReturnType<typeof serverCaller>>["caller"];
export type Me = Awaited<ReturnType<Caller["auth"]["me"]>>;
/** auth.me() for someone who is signed in (their second factor may still be pending). */
export type SignedInMe = Extract<Me, { mfa: unknown }>;

/** Set-Cookie headers (session set, rotated or cleared) as a Headers object for a response. */
export function cookieHeaders(cookies: string[], init?: HeadersInit): Headers {
  const headers = new Headers(init);
  for (const cookie of cookies) headers.append("Set-Cookie", cookie);
  return headers;
}

/**
 * The API for this request. `serverCaller` refuses a cross-site POST with a 403 Response, which is
 * left to propagate. Every response built from here must carry `headers()` (the session cookie).
 */
export async function openApi(request: Request) {
  const { caller, cookies } = await serverCaller(request, APP);
  return { caller, cookies, headers: (init?: HeadersInit) => cookieHeaders(cookies(), init) };
}

/** Only same-app paths, never back into the sign-in flow: the API's one validator (issue 17). */
export { safeRedirect } from "@carefold/api";

/** Where to come back to after signing in: the page asked for (GET only). */
function returnPath(request: Request): string | null {
  if (request.method !== "GET") return null;
  const url = new URL(request.url);
  const path = url.pathname + url.search;
  return path === "/" ? null : safeRedirect(path, "") || null;
}

export function withRedirectTo(path: string, redirectTo: string | null | undefined) {
  if (!redirectTo || redirectTo === "/") return path;
  const joiner = path.includes("?") ? "&" : "?";
  return `${path}${joiner}${new URLSearchParams({ redirectTo })}`;
}

export function signInPath(reason: string | null | undefined, redirectTo?: string | null) {
  const params = new URLSearchParams();
  if (reason) params.set("reason", reason);
  if (redirectTo && redirectTo !== "/") params.set("redirectTo", redirectTo);
  const query = params.toString();
  return query ? `/sign-in?${query}` : "/sign-in";
}

/** The second step a half-signed-in person still owes, or null when they are fully signed in. */
export function pendingMfaPath(me: SignedInMe, redirectTo?: string | null): string | null {
  if (!me.mfa.isRequired || me.mfa.isVerified) return null;
  return withRedirectTo(me.mfa.isEnrolled ? "/sign-in/verify" : "/sign-in/setup-mfa", redirectTo);
}

/**
 * For every page behind sign-in: who is signed in, or a redirect to the sign-in page (with the
 * reason, e.g. idle timeout) or to the pending two-step step.
 */
export async function requireUser(request: Request) {
  const api = await openApi(request);
  const me = await api.caller.auth.me();
  if (!me.user) {
    throw redirect(signInPath(me.signedOutReason, returnPath(request)), { headers: api.headers() });
  }
  const pending = pendingMfaPath(me, returnPath(request));
  if (pending) throw redirect(pending, { headers: api.headers() });
  return { ...api, me };
}

// ---------------------------------------------------------------------------------------------
// Errors from procedures

interface ApiError {
  code: string;
  message: string;
  cause?: unknown;
}

/** A TRPCError from a procedure (checked by shape: the API is a separate package build). */
export function isApiError(error: unknown): error is ApiError {
  return (
    error instanceof Error &&
    error.name === "TRPCError" &&
    typeof (error as Partial<ApiError>).code === "string"
  );
}

/** zod input errors → first message per field ("admin.email" for nested fields). */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  const issues = (error.cause as { issues?: { path: (string | number)[]; message: string }[] })
    ?.issues;
  const errors: Record<string, string> = {};
  if (!Array.isArray(issues)) return errors;
  for (const issue of issues) {
    const key = issue.path.join(".") || "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

/**
 * A page's loader sent the API a value from the address that its schema refused. tRPC's message is
 * then zod's issue list as JSON, which means nothing to a person: name the field instead.
 */
export function invalidInputMessage(error: unknown): string | null {
  const fields = Object.entries(fieldErrorsOf(error));
  if (fields.length === 0) return null;
  const named = fields.map(([field, problem]) => `${field}: ${problem}`).join("; ");
  return `This page's address has a value it can't use (${named}). Open the page from the menu, or check the link.`;
}

const GENERIC_FAILURE =
  "Something went wrong on our side, and nothing was changed. Try again in a moment.";

export interface FormFailure {
  ok: false;
  /** What happened, for a notice above the form (null when field errors say it all). */
  message: string | null;
  fieldErrors: Record<string, string>;
  code: string;
}

/**
 * Turns a procedure's error into something a form can show. A lost session redirects to the
 * sign-in page; anything that is not an API error propagates (e.g. the CSRF 403).
 */
export function formFailure(error: unknown, request: Request, headers: Headers): FormFailure {
  if (!isApiError(error)) throw error;
  if (error.code === "UNAUTHORIZED") {
    throw redirect(signInPath("signed_out", returnPath(request)), { headers });
  }
  const fieldErrors = fieldErrorsOf(error);
  if (Object.keys(fieldErrors).length > 0) {
    return { ok: false, message: null, fieldErrors, code: error.code };
  }
  // The API's messages are safe to show: an unexpected failure already reads "Something went
  // wrong on our side … Quote error <id>" (the id matches the server's log line).
  return { ok: false, message: error.message, fieldErrors: {}, code: error.code };
}

/**
 * For loaders: a procedure's refusal becomes the matching page (403 / 404 with the API's message,
 * shown by the route's error boundary); a lost session goes to sign-in.
 */
export function pageError(
  error: unknown,
  request: Request,
  headers: Headers,
  /** The page's own words for a refusal ("The user list is for clinic administrators."). */
  forbidden?: string,
): never {
  if (!isApiError(error)) throw error;
  if (error.code === "UNAUTHORIZED") {
    throw redirect(signInPath("signed_out", returnPath(request)), { headers });
  }
  const status = { FORBIDDEN: 403, NOT_FOUND: 404, BAD_REQUEST: 400 }[error.code] ?? 500;
  const message =
    status === 500
      ? GENERIC_FAILURE
      : status === 403 && forbidden
        ? forbidden
        : (invalidInputMessage(error) ?? error.message);
  throw data({ message }, { status, headers });
}

/** Public base URL of an app (for links to the other app). */
export function publicUrl(app: "portal" | "workspace"): string {
  return getApiConfig().publicUrls[app];
}

/** The default idle timeout, for messages where the session's own value is no longer known. */
export function defaultIdleMinutes(): number {
  return getApiConfig().sessionIdleMinutes;
}

export function sessionLifetimeHours(): number {
  return getApiConfig().sessionAbsoluteHours;
}
