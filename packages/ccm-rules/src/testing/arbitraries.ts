import fc from "fast-check";
import type { RuleOptions } from "../options.js";
import type { OtherService, PatientMonthInput, TimeEntryInput } from "../types.js";

const MONTHS = ["2024-02", "2024-03", "2025-06", "2025-11", "2026-03", "2027-01"] as const;

function entryArbitrary(serviceMonth: string): fc.Arbitrary<TimeEntryInput> {
  return fc.record(
    {
      id: fc.uuid(),
      minutes: fc.oneof(
        { weight: 20, arbitrary: fc.integer({ min: 1, max: 70 }) },
        { weight: 2, arbitrary: fc.constantFrom(0, -5, 2.5, 20.5, 0.5) },
      ),
      // The measured duration (issue 14): absent on typed entries, rarely invalid.
      seconds: fc.oneof(
        { weight: 10, arbitrary: fc.constant(undefined) },
        { weight: 10, arbitrary: fc.integer({ min: 0, max: 4200 }) },
        { weight: 1, arbitrary: fc.constantFrom(-1, 90.5) },
      ),
      performedOn: fc.oneof(
        {
          weight: 12,
          arbitrary: fc
            .integer({ min: 1, max: 28 })
            .map((d) => `${serviceMonth}-${String(d).padStart(2, "0")}`),
        },
        { weight: 1, arbitrary: fc.constant("2019-01-15") },
        // Impossible or malformed dates: never counted (issue 15).
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            `${serviceMonth}-32`,
            `${serviceMonth}-00`,
            "2026-02-30",
            "3/10/2026",
          ),
        },
      ),
      performerRole: fc.oneof(
        {
          weight: 20,
          arbitrary: fc.constantFrom(
            "clinical_staff",
            "clinical_staff",
            "billing_practitioner",
            "non_clinical",
          ),
        },
        // A role outside the contract (e.g. from a newer database enum): never counted.
        { weight: 1, arbitrary: fc.constant("scribe") },
      ),
      performerInUS: fc.oneof(
        { weight: 12, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: fc.constant(false) },
      ),
      countedForService: fc.oneof(
        { weight: 10, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom("99457", "99495") },
      ),
      concurrentGroup: fc.oneof(
        { weight: 6, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom("g1", "g2") },
      ),
      partOfFaceToFaceVisit: fc.oneof(
        { weight: 10, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
      pendingReview: fc.oneof(
        { weight: 10, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
    },
    { requiredKeys: ["id", "minutes", "performedOn", "performerRole", "performerInUS"] },
  ) as fc.Arbitrary<TimeEntryInput>;
}

const otherServiceArbitrary: fc.Arbitrary<OtherService> = fc.record({
  code: fc.constantFrom("99457", "99495", "99484", "99426", "G0557", "G0181", "G0511", "99490"),
  samePractitioner: fc.boolean(),
});

/**
 * Varied patient-months. `eligibleBias` makes most months pass the prerequisites so lane
 * properties get exercised rather than mostly blocked months.
 */
export function patientMonthArbitrary(): fc.Arbitrary<PatientMonthInput> {
  return fc.constantFrom(...MONTHS).chain((serviceMonth) =>
    fc.record(
      {
        serviceMonth: fc.constant(serviceMonth),
        qualifyingChronicConditions: fc.oneof(
          { weight: 15, arbitrary: fc.integer({ min: 2, max: 5 }) },
          { weight: 1, arbitrary: fc.integer({ min: 0, max: 1 }) },
        ),
        consent: fc.oneof(
          { weight: 16, arbitrary: fc.constant({ obtainedOn: "2023-06-01" }) },
          {
            weight: 2,
            arbitrary: fc
              .integer({ min: 1, max: 28 })
              .map((d) => ({ obtainedOn: `${serviceMonth}-${String(d).padStart(2, "0")}` })),
          },
          { weight: 1, arbitrary: fc.constant(null) },
          {
            weight: 1,
            arbitrary: fc.constant({ obtainedOn: "2023-06-01", revokedOn: "2023-09-01" }),
          },
        ),
        initiatingVisit: fc.oneof(
          { weight: 15, arbitrary: fc.constant({ required: false }) },
          { weight: 1, arbitrary: fc.constant({ required: true }) },
          {
            weight: 1,
            arbitrary: fc.integer({ min: 1, max: 28 }).map((d) => ({
              required: true,
              completedOn: `${serviceMonth}-${String(d).padStart(2, "0")}`,
            })),
          },
        ),
        carePlan: fc.record({
          exists: fc.oneof(
            { weight: 20, arbitrary: fc.constant(true) },
            { weight: 1, arbitrary: fc.constant(false) },
          ),
          substantiallyRevised: fc.boolean(),
        }),
        complexMdm: fc.boolean(),
        setting: fc.oneof(
          { weight: 10, arbitrary: fc.constant("office") },
          { weight: 1, arbitrary: fc.constantFrom("fqhc", "rhc") },
        ),
        otherServices: fc.oneof(
          { weight: 8, arbitrary: fc.constant([]) },
          { weight: 1, arbitrary: fc.array(otherServiceArbitrary, { maxLength: 2 }) },
        ),
        ccmBilledByAnotherPractitioner: fc.oneof(
          { weight: 10, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.boolean() },
        ),
        g0506: fc.oneof(
          { weight: 6, arbitrary: fc.constant(undefined) },
          {
            weight: 1,
            arbitrary: fc.record({
              withInitiatingVisit: fc.boolean(),
              previouslyBilled: fc.boolean(),
            }),
          },
        ),
        entries: fc.array(entryArbitrary(serviceMonth), { minLength: 0, maxLength: 8 }),
        hadInteractiveContact: fc.oneof(
          { weight: 3, arbitrary: fc.constant(undefined) },
          { weight: 3, arbitrary: fc.constant(true) },
          { weight: 1, arbitrary: fc.constant(false) },
        ),
      },
      {
        requiredKeys: [
          "serviceMonth",
          "qualifyingChronicConditions",
          "consent",
          "initiatingVisit",
          "carePlan",
          "complexMdm",
          "setting",
          "otherServices",
          "entries",
        ],
      },
    ),
  ) as fc.Arbitrary<PatientMonthInput>;
}

export const ruleOptionsArbitrary: fc.Arbitrary<Partial<RuleOptions>> = fc.record(
  {
    cap99437: fc.option(fc.integer({ min: 0, max: 4 })),
    cap99489: fc.option(fc.integer({ min: 0, max: 4 })),
    requireSubstantialRevisionForComplex: fc.boolean(),
    conversionFactor: fc.constantFrom("non_qp", "qp"),
    dateOfService: fc.constantFrom("last_day_of_month", "first_day_of_month"),
    interactiveContact: fc.constantFrom("off", "warn", "warn", "warn", "block"),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<Partial<RuleOptions>>;

/**
 * A countable entry (clinical staff or practitioner, US, inside the month, after consent).
 * `seconds`, when given, is the measured duration (minutes is then its ceiling, as typed).
 */
export function countableEntry(
  input: PatientMonthInput,
  minutes: number,
  isPractitioner: boolean,
  id: string,
  seconds?: number,
): TimeEntryInput {
  const lastDay = input.serviceMonth === "2024-02" ? "29" : "28";
  return {
    id,
    minutes: seconds === undefined ? minutes : Math.max(1, Math.ceil(seconds / 60)),
    ...(seconds === undefined ? {} : { seconds }),
    performedOn: `${input.serviceMonth}-${lastDay}`,
    performerRole: isPractitioner ? "billing_practitioner" : "clinical_staff",
    performerInUS: true,
  };
}

/** The seconds an entry contributes when valid (the engine's rule), else 0. */
export function entrySeconds(entry: TimeEntryInput): number {
  if (entry.seconds != null) {
    return Number.isInteger(entry.seconds) && entry.seconds >= 0 ? entry.seconds : 0;
  }
  return entry.minutes > 0 && Number.isFinite(entry.minutes) ? Math.floor(entry.minutes) * 60 : 0;
}

/** Flips the case of every letter where `flips` says so (cycled). */
export function flipCase(code: string, flips: readonly boolean[]): string {
  return [...code]
    .map((c, i) => (flips[i % Math.max(1, flips.length)] === true ? c.toLowerCase() : c))
    .join("");
}
