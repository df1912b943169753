// Words and colours for patients, programs and care plans. The same file is in both apps
// (apps/portal and apps/workspace: app/components/patients/labels.ts).
import { Ban, CircleSlash, LogOut, PhoneOff, Send, type LucideIcon } from "lucide-react";
import type { Tone } from "@carefold/ui";

export type ProgramStatus =
  | "identified"
  | "outreach"
  | "consented"
  | "enrolled"
  | "disenrolled"
  | "declined"
  | "ineligible"
  | "unable_to_reach";

export const PROGRAM_STATUSES: ProgramStatus[] = [
  "identified",
  "outreach",
  "consented",
  "enrolled",
  "declined",
  "unable_to_reach",
  "ineligible",
  "disenrolled",
];

export const PROGRAM_STATUS: Record<
  ProgramStatus | "none",
  { label: string; tone: Tone; icon?: LucideIcon | null; description: string }
> = {
  none: {
    label: "Not started",
    tone: "muted",
    description: "Nobody has looked at this patient for CCM yet.",
  },
  identified: {
    label: "Identified",
    tone: "muted",
    description: "Picked out as a CCM candidate; outreach has not started.",
  },
  outreach: {
    label: "In outreach",
    tone: "brand",
    icon: Send,
    description: "The care team is contacting the patient about CCM.",
  },
  consented: {
    label: "Consented",
    tone: "brand",
    description: "Consent is on file; the patient can be enrolled.",
  },
  enrolled: {
    label: "Enrolled",
    tone: "success",
    description: "Receiving Chronic Care Management.",
  },
  declined: {
    label: "Declined",
    tone: "neutral",
    icon: CircleSlash,
    description: "The patient said no to CCM.",
  },
  unable_to_reach: {
    label: "Unable to reach",
    tone: "warning",
    icon: PhoneOff,
    description: "Outreach could not reach the patient.",
  },
  ineligible: {
    label: "Ineligible",
    tone: "neutral",
    icon: Ban,
    description: "Does not qualify for CCM.",
  },
  disenrolled: {
    label: "Disenrolled",
    tone: "neutral",
    icon: LogOut,
    description: "Left the program.",
  },
};

export const programStatusOf = (status: string | null | undefined) =>
  PROGRAM_STATUS[(status ?? "none") as ProgramStatus | "none"] ?? PROGRAM_STATUS.none;

export type Eligibility = "ccm_candidate" | "pcm_candidate" | "not_eligible";

export const ELIGIBILITY: Record<Eligibility, { label: string; tone: Tone; description: string }> =
  {
    ccm_candidate: {
      label: "Eligible for CCM",
      tone: "success",
      description: "Two or more qualifying chronic conditions.",
    },
    pcm_candidate: {
      label: "PCM candidate",
      tone: "brand",
      description: "One complex chronic condition: Principal Care Management may fit.",
    },
    not_eligible: {
      label: "Not eligible",
      tone: "muted",
      description: "Fewer than two qualifying chronic conditions on the problem list.",
    },
  };

export const eligibilityOf = (value: string | null | undefined) =>
  ELIGIBILITY[(value ?? "not_eligible") as Eligibility] ?? ELIGIBILITY.not_eligible;

export const CARE_PLAN_STATUS: Record<string, { label: string; tone: Tone }> = {
  draft: { label: "Draft", tone: "muted" },
  awaiting_signoff: { label: "Awaiting sign-off", tone: "warning" },
  signed: { label: "Signed", tone: "success" },
};

export const carePlanStatusOf = (status: string | null | undefined) =>
  status ? (CARE_PLAN_STATUS[status] ?? { label: status, tone: "neutral" as Tone }) : null;

/** How a patient got their care-plan copy: `option` for pickers, `label` after "shared on <date>". */
export const SHARE_METHODS = [
  { value: "mail", option: "Mail", label: "by mail" },
  { value: "in_person", option: "In person", label: "in person" },
  { value: "patient_portal", option: "Patient portal", label: "through the patient portal" },
  { value: "email", option: "Email", label: "by email" },
  { value: "fax_to_caregiver", option: "Fax to caregiver", label: "by fax to the caregiver" },
] as const;

export const shareMethodLabel = (method: string | null | undefined) =>
  SHARE_METHODS.find((m) => m.value === method)?.label ?? method ?? "";

/** The four disclosures CMS requires before CCM starts, in the words a coordinator says them. */
export const DISCLOSURES = [
  {
    key: "availability",
    label: "CCM is available, and what it includes",
    description:
      "A care plan, a monthly check-in from the care team, and help between visits, any time of day.",
  },
  {
    key: "costSharing",
    label: "It may cost them money",
    description:
      "Medicare coinsurance (usually 20 %) and any deductible apply each month they get CCM, unless other insurance covers it.",
  },
  {
    key: "stopAnyTime",
    label: "They can stop at any time",
    description: "Stopping takes effect at the end of that calendar month.",
  },
  {
    key: "onePractitionerPerMonth",
    label: "Only one practitioner can bill CCM each month",
    description: "If another practice already provides CCM, only one of them can bill for a month.",
  },
] as const;

export type DisclosureKey = (typeof DISCLOSURES)[number]["key"];

export const SEX_LABEL: Record<string, string> = {
  female: "Female",
  male: "Male",
  other: "Other",
  unknown: "Not recorded",
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "1948-03-17" → "Mar 17, 1948" (a calendar date: no time zone involved). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  if (!y || !m || !d) return iso;
  return `${MONTHS[m - 1]} ${d}, ${y}`;
}

/** Age in whole years on a given date (both ISO dates). */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = today.split("-").map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** "+17635550142" → "(763) 555-0142". */
export function formatPhone(e164: string): string {
  const digits = e164.replace(/\D/g, "");
  const national = digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits;
  if (national.length !== 10) return e164;
  return `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`;
}

/** "en" → "English", "es" → "Spanish" (the code itself when unknown). */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** "Garcia, Maria" → "Maria Garcia". */
export const displayName = (p: { firstName: string; lastName: string }) =>
  `${p.firstName} ${p.lastName}`;

export const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** Which funnel moves the API allows from each status (mirrors the enrollment service). */
export const ALLOWED_MOVES: Record<ProgramStatus | "none", ProgramStatus[]> = {
  none: ["outreach", "ineligible", "declined"],
  identified: ["outreach", "ineligible", "declined"],
  outreach: ["declined", "unable_to_reach", "ineligible"],
  unable_to_reach: ["outreach", "declined"],
  consented: ["enrolled", "declined", "disenrolled"],
  enrolled: ["disenrolled"],
  disenrolled: ["outreach"],
  declined: ["outreach"],
  ineligible: ["identified"],
};

/** Statuses from which consent can be recorded (the patient then becomes "consented"). */
export const CAN_RECORD_CONSENT = new Set<string>([
  "none",
  "identified",
  "outreach",
  "unable_to_reach",
  "declined",
  "disenrolled",
]);

/** The button text for moving a patient to a status. */
export const MOVE_LABEL: Record<ProgramStatus, string> = {
  identified: "Mark as identified again",
  outreach: "Start outreach",
  consented: "Record consent",
  enrolled: "Enroll in CCM",
  declined: "Patient declined",
  unable_to_reach: "Unable to reach",
  ineligible: "Not eligible",
  disenrolled: "Disenroll",
};

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  try {
    return new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}
