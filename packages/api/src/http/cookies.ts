import type { AppName } from "../trpc/context.js";

/** Distinct names per app: both apps may share a host name, and cookies ignore ports. */
export const sessionCookieName = (app: AppName) => (app === "portal" ? "cf_portal_session" : "cf_workspace_session");

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** httpOnly, SameSite=Lax, Path=/, Secure on https (or always, when configured). */
export function serializeSessionCookie(
  app: AppName,
  value: string | null,
  opts: { maxAgeSeconds?: number; isSecure: boolean },
): string {
  const parts = [
    `${sessionCookieName(app)}=${value ? encodeURIComponent(value) : ""}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${value ? (opts.maxAgeSeconds ?? 0) : 0}`,
  ];
  if (opts.isSecure) parts.push("Secure");
  return parts.join("; ");
}
