import type { PatientMonthResult } from "@carefold/ccm-rules";
import type { ScopedTx } from "@carefold/db";
import { loadRuleOptions } from "./fee-schedule.service.js";
import { loadInitiatingVisitPolicy } from "./initiating-visit-policy.service.js";
import { loadPatientMonths } from "./month-close.loader.js";
import { loadPayers } from "./payer-rates.js";
import { evaluateWorksheetRow, type CloseSettings, type ComputedRow, type LoadedPatientMonth } from "./worksheet-row.js";

/**
 * The one evaluation of a patient-month, for one patient: the close's loader (the same SQL) and
 * the close's `evaluateWorksheetRow`. The chart's month-to-date reads it, so the chart says
 * exactly what the close would write for the same facts (issue 15 item 1).
 */

/** The clinic's settings for evaluating a month: care setting, date-of-service rule, QP, fee schedule, whether it has a billing profile, its initiating-visit policy and its payer directory with each payer's prices. The close, the chart and the month-end fix list all read it. */
export async function loadCloseSettings(tx: ScopedTx, tenantId: string, serviceMonth: string): Promise<CloseSettings> {
  const [row] = await tx.$queryRaw<{ setting: CloseSettings["setting"] }[]>`SELECT t.setting::text AS setting FROM tenant t WHERE t.id = ${tenantId}::uuid`;
  if (!row) throw new Error("The clinic of this close does not exist or is out of scope.");
  const options = await loadRuleOptions(tx, tenantId);
  // Without a billing profile no claim can be built: billable months are blocked (claimability.ts).
  const billingProfile = (await tx.billingSetting.count({ where: { tenantId } })) > 0;
  // Whether CCM must have been discussed at the initiating visit and whether TCM counts (decision 0039).
  const initiatingVisit = await loadInitiatingVisitPolicy(tx, tenantId);
  // The payers the patients' coverages name, each with the options that price its months (decision 0050).
  const payers = await loadPayers(tx, tenantId, options);
  return { serviceMonth, setting: row.setting, dateOfService: options.dateOfService ?? "last_day_of_month", options, billingProfile, initiatingVisit, payers };
}

/**
 * The uuid just below `id` in PostgreSQL's uuid order (bytewise, i.e. the 128-bit number). The
 * batch loader reads the patients after a cursor; starting just below a patient makes its batch
 * of one that patient (if enrolled in the month) and keeps every part's range scan to that one
 * patient, with no change to the close's SQL. The zero uuid has no predecessor: it stays itself
 * and so is never found (gen_random_uuid never makes it).
 */
export function uuidBefore(id: string): string {
  const value = BigInt(`0x${id.replace(/-/g, "")}`);
  const hex = (value === 0n ? 0n : value - 1n).toString(16).padStart(32, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One patient-month as the close loads it, or null when the close would not evaluate the patient
 * (no CCM enrolment active in the month).
 */
export async function loadPatientMonth(tx: ScopedTx, tenantId: string, serviceMonth: string, patientId: string): Promise<LoadedPatientMonth | null> {
  const [loaded] = await loadPatientMonths(tx, tenantId, serviceMonth, uuidBefore(patientId.toLowerCase()), 1);
  return loaded?.patientId === patientId.toLowerCase() ? loaded : null;
}

export interface LivePatientMonth {
  /** The worksheet row the close would write now; null when the patient is not in the close's set. */
  row: ComputedRow | null;
  /** The engine's result behind the row (its `next` threshold is not stored in the row). */
  result: PatientMonthResult | null;
  settings: CloseSettings;
  /** The loaded facts the row was evaluated from (program choice evaluates PCM and APCM on them). */
  loaded: LoadedPatientMonth | null;
}

/** Loads and evaluates one patient-month exactly as the close does, without writing anything. */
export async function evaluatePatientMonthLive(tx: ScopedTx, tenantId: string, serviceMonth: string, patientId: string): Promise<LivePatientMonth> {
  const settings = await loadCloseSettings(tx, tenantId, serviceMonth);
  const loaded = await loadPatientMonth(tx, tenantId, serviceMonth, patientId);
  if (!loaded) return { row: null, result: null, settings, loaded: null };
  const { row, result } = evaluateWorksheetRow(loaded, settings);
  return { row, result, settings, loaded };
}
