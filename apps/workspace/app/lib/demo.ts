// Placeholder context until the identity issue adds sessions: the coordinator's clinic scope.
export const DEMO_SCOPE = {
  label: "All assigned clinics (2)",
} as const;
