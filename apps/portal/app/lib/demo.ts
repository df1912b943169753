// Placeholder context until the identity issue adds sessions: every page shows this clinic.
export const DEMO_CLINIC = {
  name: "Maple Grove Family Medicine",
  timeZone: "America/Chicago",
} as const;
