/** The two demo clinics. Fixed ids make seeding idempotent and demo links stable. */
export const DEMO_CLINICS = [
  {
    id: "5b1d4a8e-2c1f-4f7e-9a51-0d6c2e1b7a01",
    name: "Maple Grove Family Medicine",
    slug: "maple-grove",
    timeZone: "America/Chicago",
    setting: "office" as const,
    /** Caller-ID number for calls and texts (fictional 555 number). */
    phoneNumber: "+17635559000",
    location: {
      name: "Maple Grove Main Office",
      addressLine1: "4100 Maple Grove Pkwy",
      city: "Maple Grove",
      state: "MN",
      postalCode: "55369",
    },
  },
  {
    id: "5b1d4a8e-2c1f-4f7e-9a51-0d6c2e1b7a02",
    name: "Desert Sky Internal Medicine",
    slug: "desert-sky",
    timeZone: "America/Phoenix",
    setting: "fqhc" as const,
    phoneNumber: "+16025559000",
    location: {
      name: "Desert Sky Clinic",
      addressLine1: "2250 E Camelback Rd",
      city: "Phoenix",
      state: "AZ",
      postalCode: "85016",
    },
  },
];
