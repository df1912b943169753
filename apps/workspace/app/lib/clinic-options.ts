/** Choices when onboarding a clinic. */

export const TIME_ZONES = [
  { value: "America/New_York", label: "Eastern (New York)" },
  { value: "America/Chicago", label: "Central (Chicago)" },
  { value: "America/Denver", label: "Mountain (Denver)" },
  { value: "America/Phoenix", label: "Arizona (Phoenix, no daylight saving)" },
  { value: "America/Los_Angeles", label: "Pacific (Los Angeles)" },
  { value: "America/Anchorage", label: "Alaska (Anchorage)" },
  { value: "Pacific/Honolulu", label: "Hawaii (Honolulu)" },
  { value: "America/Puerto_Rico", label: "Atlantic (Puerto Rico)" },
] as const;

export const timeZoneLabel = (zone: string) =>
  TIME_ZONES.find((z) => z.value === zone)?.label.replace(/ \(.*\)$/, "") ?? zone;

export const SETTINGS = [
  { value: "office", label: "Physician office", hint: "Billed under the physician fee schedule." },
  { value: "fqhc", label: "FQHC", hint: "Federally qualified health center: G0511 rules apply." },
  { value: "rhc", label: "Rural health clinic", hint: "RHC: G0511 rules apply." },
] as const;

export const settingLabel = (setting: string) =>
  SETTINGS.find((s) => s.value === setting)?.label ?? setting;

/** "Maple Grove Family Medicine" → "maple-grove-family-medicine". */
export const slugify = (name: string) =>
  name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
