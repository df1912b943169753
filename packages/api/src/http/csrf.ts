/**
 * CSRF defence for every state-changing request: the browser's Origin header (or, failing that,
 * Referer) must be this app's own origin. Together with SameSite=Lax session cookies this stops
 * cross-site form posts and fetches. Requests with neither header are refused.
 */
export function isSameOriginRequest(request: Request, allowedOrigins: readonly string[]): boolean {
  if (["GET", "HEAD", "OPTIONS"].includes(request.method)) return true;
  const own = new URL(request.url).origin;
  const allowed = new Set([own, ...allowedOrigins.map((o) => new URL(o).origin)]);
  const origin = request.headers.get("origin");
  if (origin && origin !== "null") return allowed.has(origin);
  const referer = request.headers.get("referer");
  if (referer) {
    try {
      return allowed.has(new URL(referer).origin);
    } catch {
      return false;
    }
  }
  return false;
}
