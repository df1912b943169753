// What differs between the two apps' shared screens (sign-in, account security, …). The route files
// for those screens are identical in apps/portal and apps/workspace; only this file differs.

export const APP = "workspace" as const;
export const OTHER_APP = "portal" as const;

export const PRODUCT = "Carefold Workspace";
/** Small label under the logo in the sidebar and on error pages. */
export const PRODUCT_AREA = "Workspace";
export const OTHER_PRODUCT = "the clinic portal";

export const AUTH_COPY = {
  tagline: "One worklist across every clinic you care for, built for the keyboard.",
  highlights: [
    "Patients ordered by month-end risk and the right time to call",
    "Timer, calls and notes in one place, with shortcuts for each",
    "Month-to-date minutes against every billing threshold",
  ],
  audience: "For care coordinators, supervisors and admins.",
  needAccount: "Need an account? Ask your supervisor or a Carefold admin.",
  emailHint: "name@company.com",
  /** Who to ask when something about the account is stuck. */
  helpContact: "a Carefold admin",
} as const;
