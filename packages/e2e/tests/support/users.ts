/** The demo accounts `npm start` seeds (packages/api/src/seed/demo-users.ts). Test data only. */

export const DEMO_PASSWORD = "carefold-demo-2026";
/** The shared TOTP seed of the demo accounts that have two-step sign-in. */
export const DEMO_TOTP_SECRET = "CAREFOLDDEMOTOTPSEED2345";

export interface TestUser {
  email: string;
  name: string;
  password?: string;
  /** Base32 TOTP secret when the account has two-step sign-in. */
  totpSecret?: string;
}

export const USERS = {
  vendorAdmin: { email: "admin@carefold.demo", name: "Avery Admin", totpSecret: DEMO_TOTP_SECRET },
  supervisor: {
    email: "supervisor@carefold.demo",
    name: "Sam Supervisor",
    totpSecret: DEMO_TOTP_SECRET,
  },
  coordinator: {
    email: "coordinator@carefold.demo",
    name: "Casey Coordinator, RN",
    totpSecret: DEMO_TOTP_SECRET,
  },
  /** A second coordinator, Maple Grove only, with no patients of their own at first. */
  jordan: {
    email: "jordan@carefold.demo",
    name: "Jordan Reyes, LPN",
    totpSecret: DEMO_TOTP_SECRET,
  },
  mapleAdmin: { email: "admin@maplegrove.demo", name: "Morgan Lee" },
  drPatel: { email: "dr.patel@maplegrove.demo", name: "Dr. Priya Patel" },
  desertAdmin: {
    email: "admin@desertsky.demo",
    name: "Diego Alvarez",
    totpSecret: DEMO_TOTP_SECRET,
  },
} satisfies Record<string, TestUser>;

export const CLINICS = {
  maple: "Maple Grove Family Medicine",
  desert: "Desert Sky Internal Medicine",
} as const;

/** Four letters that make an address or a name unique, so tests can repeat on one database. */
export const uniqueTag = () => Math.random().toString(36).slice(2, 6);

/** "jordan.rivera.k3f2@maplegrove.demo" for "Jordan Rivera". */
export const uniqueEmail = (name: string, domain: string) =>
  `${name
    .toLowerCase()
    .replace(/,.*$/, "")
    .replace(/[^a-z]+/g, ".")}.${uniqueTag()}@${domain}`;

const TOWNS = [
  "Ashford",
  "Brookside",
  "Cedar Falls",
  "Dunmore",
  "Elk Ridge",
  "Fairview",
  "Glenwood",
  "Harlow",
];

/** A clinic name that reads like one and is unique enough for repeated runs. */
export const uniqueClinicName = () =>
  `${TOWNS[Math.floor(Math.random() * TOWNS.length)]} Family Practice ${uniqueTag().toUpperCase()}`;
