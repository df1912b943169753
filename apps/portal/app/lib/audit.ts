/** Words for the audit log: what each recorded action means, and the filters people use. */

const ACTION_LABEL: Record<string, string> = {
  "auth.signIn": "Signed in",
  "auth.signOut": "Signed out",
  "auth.verifyMfa": "Entered a two-step code",
  "auth.useRecoveryCode": "Used a recovery code",
  "auth.startMfaEnrollment": "Started two-step set-up",
  "auth.confirmMfaEnrollment": "Turned on two-step sign-in",
  "auth.requestPasswordReset": "Asked for a password reset",
  "auth.resetPassword": "Reset their password",
  "auth.acceptInvitation": "Accepted an invitation",
  "account.revokeSession": "Signed out a session",
  "account.signOutEverywhere": "Signed out everywhere",
  "account.switchClinic": "Switched clinic",
  "users.invite": "Invited a user",
  "users.deactivate": "Deactivated a user",
  "users.reactivate": "Reactivated a user",
  "audit.clinicCsv": "Exported the audit log",
  "reports.csv": "Downloaded a report section (CSV)",
  "reports.pdf": "Downloaded the report (PDF)",
  "admin.createClinic": "Onboarded a clinic",
  "admin.inviteStaff": "Invited staff",
  "admin.deactivateStaff": "Deactivated staff",
  "admin.assignCoordinator": "Assigned a coordinator to a clinic",
  "admin.unassignCoordinator": "Removed a coordinator from a clinic",
  "admin.clinics": "Opened the clinic list",
  "admin.staff": "Opened the staff list",
  "admin.mailbox": "Opened the mailbox",
  "users.list": "Opened the user list",
  "audit.clinicEvents": "Opened the audit log",
  "audit.allEvents": "Opened the audit log",
  "audit.verifyChains": "Verified the audit log",
  "account.sessions": "Opened account security",
  "workspace.clinics": "Opened the workspace",
};

/** "patients.recordConsent" → "Record consent" when there is no hand-written label. */
export function actionLabel(action: string, outcome: string): string {
  if (action === "auth.signIn" && outcome !== "success") return "Sign-in attempt";
  const known = ACTION_LABEL[action];
  if (known) return known;
  const verb = action.split(".").pop() ?? action;
  const words = verb.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const OBJECT_LABEL: Record<string, string> = {
  user: "User",
  membership: "User access",
  session: "Session",
  tenant: "Clinic",
  audit_log: "Audit log",
  report: "Report",
  coordinator_assignment: "Assignment",
  patient: "Patient",
};

export const objectLabel = (type: string | null) =>
  type ? (OBJECT_LABEL[type] ?? type.replace(/_/g, " ")) : null;

/** Up to three non-PHI details ("role: practitioner") for a compact line under the action. */
export function detailsSummary(details: unknown): string | null {
  if (typeof details !== "object" || details === null || Array.isArray(details)) return null;
  const parts = Object.entries(details as Record<string, unknown>)
    .filter(([, value]) => ["string", "number", "boolean"].includes(typeof value))
    .slice(0, 3)
    .map(
      ([key, value]) =>
        `${key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()}: ${String(value)}`,
    );
  return parts.length ? parts.join(" · ") : null;
}

/** Activity filter of a clinic's own log (portal). */
export const CLINIC_AUDIT_CATEGORIES = [
  { value: "", label: "All activity" },
  { value: "users.", label: "Users and access" },
  { value: "patients.", label: "Patients" },
  { value: "auth.", label: "Invitations and sign-in" },
  { value: "audit.", label: "Audit log exports" },
  { value: "reports.", label: "Report downloads" },
] as const;

/** Activity filter of the vendor admin's view (workspace). */
export const ALL_AUDIT_CATEGORIES = [
  { value: "", label: "All activity" },
  { value: "auth.", label: "Sign-in and two-step" },
  { value: "account.", label: "Sessions" },
  { value: "admin.", label: "Administration" },
  { value: "users.", label: "Clinic users" },
  { value: "patients.", label: "Patients" },
  { value: "audit.", label: "Audit log exports" },
  { value: "reports.", label: "Report downloads" },
] as const;

export const OUTCOMES = [
  { value: "", label: "Any result" },
  { value: "success", label: "Succeeded" },
  { value: "denied", label: "Denied" },
  { value: "failure", label: "Failed" },
] as const;

export type Outcome = "success" | "denied" | "failure";

export interface AuditFilterValues {
  action: string;
  outcome: Outcome | "";
  before: string;
}

/** Filters from the address bar, checked (anything unexpected is ignored). */
export function readAuditFilters(
  url: URL,
  categories: readonly { value: string }[],
): AuditFilterValues {
  const action = url.searchParams.get("action") ?? "";
  const outcome = url.searchParams.get("outcome") ?? "";
  const before = url.searchParams.get("before") ?? "";
  return {
    action: categories.some((c) => c.value === action) ? action : "",
    outcome: (["success", "denied", "failure"] as const).find((o) => o === outcome) ?? "",
    before: before && !Number.isNaN(Date.parse(before)) ? new Date(before).toISOString() : "",
  };
}

/** The procedure input for the filters (empty values left out). */
export function auditQuery(filters: AuditFilterValues) {
  return {
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.outcome ? { outcome: filters.outcome } : {}),
    ...(filters.before ? { before: filters.before } : {}),
  };
}
