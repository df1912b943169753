// What differs between the two apps' shared screens (sign-in, account security, …). The route files
// for those screens are identical in apps/portal and apps/workspace; only this file differs.

export const APP = "portal" as const;
export const OTHER_APP = "workspace" as const;

export const PRODUCT = "Carefold Portal";
/** Small label under the logo in the sidebar and on error pages. */
export const PRODUCT_AREA = "Clinic portal";
export const OTHER_PRODUCT = "the coordinator workspace";

export const AUTH_COPY = {
  tagline: "Your clinic's Chronic Care Management program, reviewed in minutes a month.",
  highlights: [
    "See enrollment, minutes and expected revenue at a glance",
    "Sign care plans and approve the monthly billing worksheet",
    "Every chart view and change is recorded in your audit log",
  ],
  audience: "For clinic admins and billing practitioners.",
  needAccount: "Need an account? Ask your clinic's Carefold admin to invite you.",
  emailHint: "name@clinic.org",
  /** Who to ask when something about the account is stuck. */
  helpContact: "your clinic's Carefold admin",
} as const;
