import type { OtherService, PatientMonthInput, PerformerRole, TimeEntryInput } from "../types.js";

/** Mulberry32: a small, fast, deterministic PRNG so every run measures the same data. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MONTHS = [
  ["2026-03", 30],
  ["2026-01", 20],
  ["2025-11", 20],
  ["2025-06", 15],
  ["2024-05", 10],
  ["2024-02", 5],
] as const;

const OTHER_SERVICES: readonly OtherService[][] = [
  [{ code: "99457", samePractitioner: true }],
  [{ code: "99495", samePractitioner: true }],
  [{ code: "99484", samePractitioner: true }],
  [{ code: "99424", samePractitioner: false }],
  [{ code: "99426", samePractitioner: true }],
  [{ code: "G0557", samePractitioner: true }],
  [{ code: "G0181", samePractitioner: false }],
  [{ code: "G0511", samePractitioner: true }],
];
const NO_SERVICES: OtherService[] = [];
const OLD_CONSENT = { obtainedOn: "2023-06-01", revokedOn: undefined };
const REVOKED_CONSENT = { obtainedOn: "2023-06-01", revokedOn: "2023-12-15" };
const NO_VISIT = { required: false, completedOn: undefined };
const VISIT_DONE = { required: true, completedOn: "2023-05-20" };
const VISIT_MISSING = { required: true, completedOn: undefined };
const PLAN = { exists: true };
const NO_PLAN = { exists: false };
const IDS = Array.from({ length: 8 }, (_, i) => `e${i + 1}`);
const DAYS = Array.from({ length: 28 }, (_, i) => String(i + 1).padStart(2, "0"));

function pickMonth(random: () => number): string {
  let r = random() * 100;
  for (const [month, weight] of MONTHS) {
    if (r < weight) return month;
    r -= weight;
  }
  return MONTHS[0][0];
}

function pickRole(r: number): PerformerRole {
  if (r < 0.7) return "clinical_staff";
  return r < 0.9 ? "billing_practitioner" : "non_clinical";
}

function pickContact(r: number): boolean | undefined {
  if (r < 0.45) return true;
  return r < 0.5 ? false : undefined;
}

function createEntry(
  random: () => number,
  month: string,
  index: number,
  datePool: Map<string, string[]>,
): TimeEntryInput {
  const dates = datePool.get(month) as string[];
  const r = random();
  const minutes = 1 + Math.floor(random() * 45);
  const performedOn =
    r < 0.03 ? "2019-12-30" : (dates[Math.floor(random() * dates.length)] as string);
  const performerRole = pickRole(random());
  const performerInUS = random() < 0.97;
  const extra = random();
  // Most entries carry the measured seconds (timer and calls, issue 14); older and typed ones
  // only minutes. Seconds fall inside the typed minute, so the month floors them.
  const measured = random();
  return {
    id: IDS[index] as string,
    minutes,
    seconds: measured < 0.6 ? minutes * 60 - Math.floor(measured * 99) : undefined,
    performedOn,
    performerRole,
    performerInUS,
    countedForService: extra < 0.03 ? "99457" : undefined,
    concurrentGroup: extra >= 0.03 && extra < 0.08 ? "huddle" : undefined,
    partOfFaceToFaceVisit: extra >= 0.08 && extra < 0.11 ? true : undefined,
  };
}

/**
 * `count` varied patient-months (1–8 entries each) covering every lane, most findings and all
 * rate years. Objects have one shape each, with absent optional fields present as `undefined`,
 * as a row mapper from the database would produce them. Immutable sub-objects are shared (the
 * evaluator never mutates input), which keeps a million months in a few hundred MB without
 * changing what the evaluator has to do.
 */
export function generatePatientMonths(count: number, seed = 20260301): PatientMonthInput[] {
  const random = createRandom(seed);
  const datePool = new Map(MONTHS.map(([m]) => [m, DAYS.map((d) => `${m}-${d}`)]));
  const months: PatientMonthInput[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const serviceMonth = pickMonth(random);
    const entryCount = 1 + Math.floor(random() * 8);
    const entries: TimeEntryInput[] = new Array(entryCount);
    for (let e = 0; e < entryCount; e++)
      entries[e] = createEntry(random, serviceMonth, e, datePool);
    const c = random();
    const consentInMonth = {
      obtainedOn: `${serviceMonth}-${DAYS[Math.floor(random() * 28)] as string}`,
      revokedOn: undefined,
    };
    const input: PatientMonthInput = {
      serviceMonth,
      qualifyingChronicConditions: random() < 0.04 ? 1 : 2 + Math.floor(random() * 4),
      consent:
        c < 0.9 ? OLD_CONSENT : c < 0.95 ? consentInMonth : c < 0.98 ? null : REVOKED_CONSENT,
      initiatingVisit: random() < 0.95 ? NO_VISIT : random() < 0.5 ? VISIT_DONE : VISIT_MISSING,
      carePlan: random() < 0.98 ? PLAN : NO_PLAN,
      complexMdm: random() < 0.25,
      setting: random() < 0.92 ? "office" : random() < 0.6 ? "fqhc" : "rhc",
      otherServices:
        random() < 0.85
          ? NO_SERVICES
          : (OTHER_SERVICES[Math.floor(random() * OTHER_SERVICES.length)] as OtherService[]),
      entries,
      ccmBilledByAnotherPractitioner: random() < 0.01,
      g0506:
        random() < 0.02
          ? { withInitiatingVisit: random() < 0.7, previouslyBilled: random() < 0.3 }
          : undefined,
      hadInteractiveContact: pickContact(random()),
    };
    months[i] = input;
  }
  return months;
}
