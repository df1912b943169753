/**
 * Which of the coordinator's clinics the workspace shows ("all" or one clinic id). A preference,
 * not a permission: the API decides what the person may see; this only narrows the view.
 */
const COOKIE = "cf_workspace_scope";

export function readScope(request: Request): string {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [key, value] = part.trim().split("=");
    if (key === COOKIE && value && /^(all|[0-9a-f-]{36})$/.test(value)) return value;
  }
  return "all";
}

export function scopeCookie(value: string, isSecure: boolean): string {
  return [`${COOKIE}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${30 * 86_400}`]
    .concat(isSecure ? ["Secure"] : [])
    .join("; ");
}
