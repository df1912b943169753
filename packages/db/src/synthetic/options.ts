/** What the synthetic generator builds. Every count is exact, so results are comparable across runs. */
export interface SyntheticOptions {
  /** Clinics (tenants). */
  clinics: number;
  patientsPerClinic: number;
  /** Time entries per patient (clinic-local dates; which months: `entryMonths`). */
  entriesPerPatient: number;
  /**
   * Where the entries fall. `previous-and-current` (default): from the first of the previous month
   * to today, as a live system looks mid-month (the worklist). `previous`: every entry in the
   * previous month, a month that has ended and can be closed (the month-close benchmark).
   */
  entryMonths?: "previous-and-current" | "previous";
  /** Clinics a coordinator works (coordinators come in groups that share the same clinics). Default 20. */
  clinicsPerCoordinator?: number;
  /** Coordinators per group; a clinic's panel is split between them (every 10th patient is unassigned). Default 2. */
  coordinatorsPerGroup?: number;
  /** Same seed, same options, same `now` → the same rows, ids included. Default 1. */
  seed?: number;
  /** Defines each clinic's "current month" and "today" (in the clinic's time zone). Default: now. */
  now?: Date;
  /**
   * How `patient_month` is built. `set-based` (default): entries are bulk-inserted with row triggers
   * off and the rollups aggregated in one statement; `triggers`: every entry goes through the
   * product's rollup trigger (slow; the integration test compares the two).
   */
  rollups?: "set-based" | "triggers";
  /** Progress lines (the 1M-patient scale takes minutes). */
  log?: (line: string) => void;
}

/** The scales used by benchmarks and tests. */
export const SYNTHETIC_SCALES = {
  /** The product's scale target: 1,000,000 patients, 5,000,000 time entries (issue #6, #8). */
  full: { clinics: 500, patientsPerClinic: 2_000, entriesPerPatient: 5 },
  /** The same scale with all 5,000,000 entries in the previous month, the one a month close closes (issue #8). */
  fullClose: { clinics: 500, patientsPerClinic: 2_000, entriesPerPatient: 5, entryMonths: "previous" },
  /** A quick run of the benchmarks: still 20+ clinics for a coordinator. */
  small: { clinics: 40, patientsPerClinic: 500, entriesPerPatient: 5 },
  /** Integration tests. */
  tiny: { clinics: 3, patientsPerClinic: 20, entriesPerPatient: 3, clinicsPerCoordinator: 2 },
} as const satisfies Record<string, SyntheticOptions>;

export type SyntheticScaleName = keyof typeof SYNTHETIC_SCALES;

/** What was generated (also stored as the database comment, so a benchmark can reuse the data). */
export interface SyntheticSummary {
  seed: number;
  clinics: number;
  patientsPerClinic: number;
  entriesPerPatient: number;
  /** Absent in summaries written before the option existed: "previous-and-current". */
  entryMonths?: "previous-and-current" | "previous";
  clinicsPerCoordinator: number;
  coordinatorsPerGroup: number;
  /** The UTC instant the data is relative to (ISO). */
  now: string;
  counts: { tenants: number; coordinators: number; patients: number; enrollments: number; timeEntries: number; patientMonths: number };
  rollups: "set-based" | "triggers";
  seconds: number;
}

export function resolveOptions(options: SyntheticOptions) {
  const resolved = {
    clinics: options.clinics,
    patientsPerClinic: options.patientsPerClinic,
    entriesPerPatient: options.entriesPerPatient,
    entryMonths: options.entryMonths ?? "previous-and-current",
    clinicsPerCoordinator: options.clinicsPerCoordinator ?? 20,
    coordinatorsPerGroup: options.coordinatorsPerGroup ?? 2,
    seed: options.seed ?? 1,
    now: options.now ?? new Date(),
    rollups: options.rollups ?? "set-based",
    log: options.log ?? (() => {}),
  };
  for (const key of ["clinics", "patientsPerClinic", "entriesPerPatient", "clinicsPerCoordinator", "coordinatorsPerGroup"] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 1) throw new Error(`Synthetic option ${key} must be a positive integer.`);
  }
  if (!Number.isInteger(resolved.seed) || resolved.seed < 0 || resolved.seed > 0xffff_ffff) throw new Error("Synthetic seed must be an integer in 0..2^32-1.");
  if (resolved.patientsPerClinic > 999_999) throw new Error("At most 999,999 patients per clinic (MBIs are numbered within a clinic).");
  return resolved;
}

export type ResolvedOptions = ReturnType<typeof resolveOptions>;

/** How many coordinator groups the clinics need (the last group may work fewer clinics). */
export const groupsOf = (o: Pick<ResolvedOptions, "clinics" | "clinicsPerCoordinator">) => Math.ceil(o.clinics / o.clinicsPerCoordinator);
