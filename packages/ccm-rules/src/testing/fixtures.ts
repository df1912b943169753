import type { PatientMonthInput, PerformerRole, TimeEntryInput } from "../types.js";

let nextId = 0;

/** A countable entry (US clinical staff, in March 2026) unless overridden. */
export function entry(minutes: number, overrides: Partial<TimeEntryInput> = {}): TimeEntryInput {
  nextId += 1;
  return {
    id: `e${nextId}`,
    minutes,
    performedOn: "2026-03-10",
    performerRole: "clinical_staff",
    performerInUS: true,
    ...overrides,
  };
}

export function byRole(minutes: number, performerRole: PerformerRole): TimeEntryInput {
  return entry(minutes, { performerRole });
}

/**
 * The §15 defaults: 2026, office, 2+ conditions, consent before the month, no initiating visit
 * needed, care plan in place, no other services.
 */
export function month(overrides: Partial<PatientMonthInput> = {}): PatientMonthInput {
  return {
    serviceMonth: "2026-03",
    qualifyingChronicConditions: 2,
    consent: { obtainedOn: "2023-06-01" },
    initiatingVisit: { required: false },
    carePlan: { exists: true },
    complexMdm: false,
    setting: "office",
    otherServices: [],
    entries: [],
    ...overrides,
  };
}

export function staffMonth(
  minutes: number,
  overrides: Partial<PatientMonthInput> = {},
): PatientMonthInput {
  return month({ entries: [entry(minutes)], ...overrides });
}
