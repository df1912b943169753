/** Words people use for roles, outcomes and devices (shared by both apps). */

export const ROLE_LABEL: Record<string, string> = {
  clinic_admin: "Clinic admin",
  practitioner: "Billing practitioner",
  clinic_staff: "Clinic staff",
  vendor_admin: "Vendor admin",
  supervisor: "Supervisor",
  coordinator: "Care coordinator",
  billing: "Billing specialist",
};

export const roleLabel = (role: string | null | undefined) =>
  role ? (ROLE_LABEL[role] ?? role.replace(/_/g, " ")) : "";

/** "Chrome on macOS" from a user-agent string; good enough to recognise one's own devices. */
export function describeDevice(userAgent: string | null | undefined): string {
  if (!userAgent) return "Unknown device";
  const ua = userAgent;
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /OPR\//.test(ua)
      ? "Opera"
      : /Firefox\//.test(ua)
        ? "Firefox"
        : /(Chrome|CriOS|Chromium)\//.test(ua)
          ? "Chrome"
          : /Safari\//.test(ua)
            ? "Safari"
            : /^curl\//.test(ua)
              ? "curl"
              : "A browser";
  const os = /iPhone/.test(ua)
    ? "iPhone"
    : /iPad/.test(ua)
      ? "iPad"
      : /Android/.test(ua)
        ? "Android"
        : /Windows NT/.test(ua)
          ? "Windows"
          : /Mac OS X|Macintosh/.test(ua)
            ? "macOS"
            : /CrOS/.test(ua)
              ? "ChromeOS"
              : /Linux/.test(ua)
                ? "Linux"
                : null;
  return os ? `${browser} on ${os}` : browser;
}

/** Splits a base32 secret into groups of four for reading aloud or typing. */
export const groupSecret = (secret: string) => secret.replace(/(.{4})(?=.)/g, "$1 ");
