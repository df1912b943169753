import type { ScopedTx } from "@carefold/db";
import type { LoadedPatientMonth } from "./worksheet-row.js";
import { lastDayOf } from "./worksheet-row.js";

/** Encounters that count as the CCM initiating visit (E/M, AWV, IPPE, TCM face-to-face) within 12 months. */
const INITIATING_KINDS = ["em_visit", "awv", "ippe", "tcm_face_to_face"];

const monthBounds = (serviceMonth: string) => {
  const yearBefore = `${Number(serviceMonth.slice(0, 4)) - 1}${serviceMonth.slice(4)}-01`;
  return { start: `${serviceMonth}-01`, end: lastDayOf(serviceMonth), yearBefore };
};

/**
 * The patients a close evaluates: CCM enrolment active in the month (enrolled, or disenrolled
 * with an end date inside or after it), enrolled on or before the month's last day. The same
 * condition is written in loadPatientMonths and removeStaleRows.
 */
export async function countEnrolled(tx: ScopedTx, tenantId: string, serviceMonth: string): Promise<number> {
  const { start, end } = monthBounds(serviceMonth);
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM program_enrollment pe
     WHERE pe.tenant_id = ${tenantId}::uuid AND pe.program = 'ccm'
       AND (pe.status = 'enrolled' OR (pe.status = 'disenrolled' AND pe.ends_on >= ${start}::date))
       AND (pe.enrolled_on IS NULL OR pe.enrolled_on <= ${end}::date)`;
  return Number(row?.n ?? 0);
}

/** Deletes rows of patients no longer in the month's enrolled set (e.g. enrolment ended before it). */
export async function removeStaleRows(tx: ScopedTx, tenantId: string, serviceMonth: string): Promise<number> {
  const { start, end } = monthBounds(serviceMonth);
  return tx.$executeRaw`
    DELETE FROM worksheet_row w
     WHERE w.tenant_id = ${tenantId}::uuid AND w.service_month = ${serviceMonth}
       AND NOT EXISTS (SELECT 1 FROM program_enrollment pe
                        WHERE pe.tenant_id = w.tenant_id AND pe.patient_id = w.patient_id AND pe.program = 'ccm'
                          AND (pe.status = 'enrolled' OR (pe.status = 'disenrolled' AND pe.ends_on >= ${start}::date))
                          AND (pe.enrolled_on IS NULL OR pe.enrolled_on <= ${end}::date))`;
}

interface RawRow {
  patient_id: string;
  qualifying_conditions: number;
  practitioner_id: string | null;
  consent_on: string | null;
  consent_revoked_on: string | null;
  has_visit: boolean;
  plan_version: number | null;
  plan_body: unknown;
  plan_shared_on: string | null;
  dx: string[] | null;
  entries: [string, number, string, LoadedPatientMonth["entries"][number]["performerRole"], boolean][] | null;
  logged: number | null;
  contact: boolean | null;
  others: [string, boolean][] | null;
}

/**
 * Reads the next `limit` patient-months after `afterPatientId` (patient id order) in ONE query:
 * enrolment, consent in force, initiating visit, the care-plan version in force at month end,
 * chronic diagnoses, countable entries (corrections applied, rejected and zero-minute entries
 * dropped) and other services. No query per patient.
 */
export async function loadPatientMonths(tx: ScopedTx, tenantId: string, serviceMonth: string, afterPatientId: string | null, limit: number): Promise<LoadedPatientMonth[]> {
  const { start, end, yearBefore } = monthBounds(serviceMonth);
  const after = afterPatientId ?? "00000000-0000-0000-0000-000000000000";
  const rows = await tx.$queryRaw<RawRow[]>`
    WITH batch AS MATERIALIZED (
      SELECT pe.patient_id, pe.id AS enrollment_id, p.qualifying_conditions,
             coalesce(pe.billing_practitioner_id, p.billing_practitioner_id) AS practitioner_id
        FROM program_enrollment pe
        JOIN patient p ON p.tenant_id = pe.tenant_id AND p.id = pe.patient_id
       WHERE pe.tenant_id = ${tenantId}::uuid AND pe.program = 'ccm'
         AND (pe.status = 'enrolled' OR (pe.status = 'disenrolled' AND pe.ends_on >= ${start}::date))
         AND (pe.enrolled_on IS NULL OR pe.enrolled_on <= ${end}::date)
         AND pe.patient_id > ${after}::uuid
       ORDER BY pe.patient_id
       LIMIT ${limit}
    ), countable AS (
      -- Corrections applied (a corrected entry is replaced by its correction), rejected and
      -- zero-minute entries dropped; the anti-join uses time_entry_corrects_key.
      SELECT te.* FROM time_entry te JOIN batch b ON te.patient_id = b.patient_id
       WHERE te.tenant_id = ${tenantId}::uuid AND te.service_month = ${serviceMonth}
         AND te.review_status <> 'rejected' AND te.minutes > 0
         AND NOT EXISTS (SELECT 1 FROM time_entry c WHERE c.tenant_id = te.tenant_id AND c.corrects_entry_id = te.id)
    ), entries AS (
      SELECT c.patient_id,
             json_agg(json_build_array(c.id, c.minutes, to_char(c.performed_on, 'YYYY-MM-DD'), c.performer_role, c.performer_in_us)) AS entries,
             sum(c.minutes) FILTER (WHERE c.performer_in_us) AS logged,
             bool_or(c.activity IN ('patient_call', 'caregiver_call')) AS contact
        FROM countable c GROUP BY c.patient_id
    ), consents AS (
      SELECT DISTINCT ON (c.patient_id) c.patient_id, c.obtained_on, c.revoked_on
        FROM consent c JOIN batch b ON c.enrollment_id = b.enrollment_id
       WHERE c.tenant_id = ${tenantId}::uuid AND (c.revoked_on IS NULL OR c.revoked_on >= ${start}::date)
       ORDER BY c.patient_id, c.obtained_on DESC
    ), visits AS (
      SELECT DISTINCT e.patient_id FROM encounter e JOIN batch b ON e.patient_id = b.patient_id
       WHERE e.tenant_id = ${tenantId}::uuid AND e.kind::text = ANY (${INITIATING_KINDS}::text[])
         AND e.occurred_on >= ${yearBefore}::date AND e.occurred_on <= ${end}::date
    ), plans AS (
      SELECT DISTINCT ON (cp.patient_id) cp.patient_id, v.version, v.body, v.shared_with_patient_on
        FROM care_plan cp JOIN batch b ON cp.patient_id = b.patient_id
        JOIN care_plan_version v ON v.tenant_id = cp.tenant_id AND v.care_plan_id = cp.id
       WHERE cp.tenant_id = ${tenantId}::uuid AND v.created_at::date <= ${end}::date
       ORDER BY cp.patient_id, v.version DESC
    ), dx AS (
      SELECT pr.patient_id, array_agg(pr.icd10_code ORDER BY pr.icd10_code) AS codes
        FROM problem pr JOIN batch b ON pr.patient_id = b.patient_id
       WHERE pr.tenant_id = ${tenantId}::uuid AND pr.is_chronic AND (pr.resolved_on IS NULL OR pr.resolved_on >= ${start}::date)
       GROUP BY pr.patient_id
    ), others AS (
      SELECT o.patient_id, json_agg(json_build_array(o.code, o.same_practitioner)) AS others
        FROM other_service o JOIN batch b ON o.patient_id = b.patient_id
       WHERE o.tenant_id = ${tenantId}::uuid AND o.service_month = ${serviceMonth}
       GROUP BY o.patient_id
    )
    SELECT b.patient_id::text, b.qualifying_conditions, b.practitioner_id::text,
           to_char(cs.obtained_on, 'YYYY-MM-DD') AS consent_on, to_char(cs.revoked_on, 'YYYY-MM-DD') AS consent_revoked_on,
           (vi.patient_id IS NOT NULL) AS has_visit,
           pl.version AS plan_version, pl.body AS plan_body, to_char(pl.shared_with_patient_on, 'YYYY-MM-DD') AS plan_shared_on,
           dx.codes AS dx, en.entries, en.logged::int AS logged, en.contact, ot.others
      FROM batch b
      LEFT JOIN entries en ON en.patient_id = b.patient_id
      LEFT JOIN consents cs ON cs.patient_id = b.patient_id
      LEFT JOIN visits vi ON vi.patient_id = b.patient_id
      LEFT JOIN plans pl ON pl.patient_id = b.patient_id
      LEFT JOIN dx ON dx.patient_id = b.patient_id
      LEFT JOIN others ot ON ot.patient_id = b.patient_id
     ORDER BY b.patient_id`;
  return rows.map(toLoaded);
}

function toLoaded(r: RawRow): LoadedPatientMonth {
  const entries = (r.entries ?? []).map(([id, minutes, performedOn, performerRole, performerInUs]) => ({ id, minutes, performedOn, performerRole, performerInUs }));
  return {
    patientId: r.patient_id,
    qualifyingConditions: r.qualifying_conditions,
    billingPractitionerId: r.practitioner_id,
    consent: r.consent_on ? { obtainedOn: r.consent_on, revokedOn: r.consent_revoked_on } : null,
    hasInitiatingVisit: r.has_visit,
    carePlan: r.plan_version === null ? null : { version: r.plan_version, body: r.plan_body, sharedWithPatientOn: r.plan_shared_on },
    diagnosisCodes: r.dx ?? [],
    // No entries at all: unknown (nothing raised); entries without a call: no interactive contact.
    ...(entries.length > 0 ? { hadInteractiveContact: Boolean(r.contact) } : {}),
    loggedMinutes: r.logged ?? 0,
    entries,
    otherServices: (r.others ?? []).map(([code, samePractitioner]) => ({ code, samePractitioner })),
  };
}
