/** Settings the API needs, built from the environment by the apps and explicitly by tests. */
export interface ApiConfig {
  /** 32-byte key for AES-256-GCM encryption of secrets at rest (TOTP seeds). */
  encryptionKey: Buffer;
  publicUrls: { portal: string; workspace: string };
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  /** Sign-in attempts allowed per IP address in a 15-minute window. */
  signInAttemptsPerIp: number;
  cookieSecure: "auto" | "always";
  /** What an hour of coordinator time costs the vendor, in cents (per-clinic P&L). */
  coordinatorHourlyCostCents: number;
}

export const DEFAULT_API_CONFIG: Omit<ApiConfig, "encryptionKey"> = {
  publicUrls: { portal: "http://127.0.0.1:3000", workspace: "http://127.0.0.1:3001" },
  sessionIdleMinutes: 15,
  sessionAbsoluteHours: 12,
  lockoutThreshold: 6,
  lockoutMinutes: 15,
  signInAttemptsPerIp: 50,
  cookieSecure: "auto",
  coordinatorHourlyCostCents: 4500,
};
