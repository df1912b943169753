import type pg from "pg";

export interface RollupCheck {
  /** Patient-months that have entries or a rollup row. */
  patientMonths: number;
  /** Patient-months whose rollup differs from the sum of their entries (0 = consistent). */
  mismatches: number;
  /** Up to five differing patient-months, for the error message. */
  examples: { tenantId: string; patientId: string; serviceMonth: string }[];
}

/**
 * Recomputes every patient-month from the live entries and compares it with `patient_month`:
 * minutes by performer role (US-performed, not rejected, not superseded by a correction), the count
 * of entries that are not superseded, and the latest call. Written independently of the trigger
 * (one aggregate with a join to the corrections) so it can check both the trigger and the
 * generator's set-based rollup. Needs a connection that sees every row (RLS off or bypassed).
 */
export async function checkRollupConsistency(client: pg.ClientBase): Promise<RollupCheck> {
  const { rows } = await client.query<{ patient_months: string; mismatches: string; examples: RollupCheck["examples"] | null }>(`
    WITH live AS (
      SELECT e.tenant_id, e.patient_id, e.service_month,
             coalesce(sum(e.duration_seconds) FILTER (WHERE e.is_counted AND e.performer_role = 'clinical_staff'), 0) AS staff_seconds,
             coalesce(sum(e.duration_seconds) FILTER (WHERE e.is_counted AND e.performer_role = 'billing_practitioner'), 0) AS practitioner_seconds,
             coalesce(sum(e.duration_seconds) FILTER (WHERE e.is_counted AND e.performer_role = 'non_clinical'), 0) AS non_clinical_seconds,
             count(*) FILTER (WHERE NOT e.is_replaced) AS entry_count,
             max(e.performed_on) FILTER (WHERE e.activity IN ('patient_call', 'caregiver_call')) AS last_contact_on
        FROM (SELECT e.*, c.id IS NOT NULL AS is_replaced,
                     c.id IS NULL AND e.performer_in_us AND e.review_status <> 'rejected' AS is_counted
                FROM time_entry e
                LEFT JOIN time_entry c ON c.tenant_id = e.tenant_id AND c.corrects_entry_id = e.id AND c.corrects_entry_id IS NOT NULL) e
       GROUP BY e.tenant_id, e.patient_id, e.service_month
    ), compared AS (
      SELECT coalesce(l.tenant_id, pm.tenant_id) AS tenant_id, coalesce(l.patient_id, pm.patient_id) AS patient_id,
             coalesce(l.service_month, pm.service_month) AS service_month,
             (l.staff_seconds, l.practitioner_seconds, l.non_clinical_seconds, l.staff_seconds / 60, l.practitioner_seconds / 60, l.non_clinical_seconds / 60, l.entry_count, l.last_contact_on)
               IS DISTINCT FROM (pm.staff_seconds, pm.practitioner_seconds, pm.non_clinical_seconds, pm.staff_minutes, pm.practitioner_minutes, pm.non_clinical_minutes, pm.entry_count, pm.last_contact_on) AS differs
        FROM live l FULL JOIN patient_month pm
          ON pm.tenant_id = l.tenant_id AND pm.patient_id = l.patient_id AND pm.service_month = l.service_month
    )
    SELECT count(*) AS patient_months, count(*) FILTER (WHERE differs) AS mismatches,
           (SELECT json_agg(json_build_object('tenantId', tenant_id, 'patientId', patient_id, 'serviceMonth', service_month))
              FROM (SELECT * FROM compared WHERE differs LIMIT 5) d) AS examples
      FROM compared`);
  const row = rows[0]!;
  return { patientMonths: Number(row.patient_months), mismatches: Number(row.mismatches), examples: row.examples ?? [] };
}
