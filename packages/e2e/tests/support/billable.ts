import { withDb } from "./db.js";

/** A month relative to today (UTC): -1 last month, -2 the one before. */
export function monthAgo(months: number): { value: string; label: string; lastDay: string } {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const value = d.toISOString().slice(0, 7);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0))
    .toISOString()
    .slice(0, 10);
  return {
    value,
    label: d.toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" }),
    lastDay: last,
  };
}

/**
 * Records, straight into the database, what makes imported patients' `month` billable the way the
 * demo seed's patients are: CCM enrolment and consent three months before, the billing
 * practitioner's initiating visit (CCM discussed), a complete care plan given to the patient (the
 * body of a demo patient's), two chronic problems, and 25 minutes of approved clinical-staff time
 * by the demo staff member who already bills there. Coverage is NOT touched: that is what the
 * spec tests. For a month no other spec closes.
 */
export async function makeBillable(
  clinicName: string,
  patientIds: string[],
  month: string,
): Promise<void> {
  const start = `${monthAgo(-5).value}-05`;
  await withDb(async (db) => {
    await db.query("BEGIN");
    const tenant = (
      await db.query<{ id: string }>("SELECT id FROM tenant WHERE name = $1", [clinicName])
    ).rows[0]!.id;
    const practitioner = (
      await db.query<{ id: string }>(
        "SELECT billing_practitioner_id AS id FROM patient WHERE tenant_id = $1 AND billing_practitioner_id IS NOT NULL LIMIT 1",
        [tenant],
      )
    ).rows[0]!.id;
    const performer = (
      await db.query<{ id: string }>(
        "SELECT performer_user_id AS id FROM time_entry WHERE tenant_id = $1 AND performer_role = 'clinical_staff' AND review_status = 'approved' AND performer_in_us ORDER BY performed_on LIMIT 1",
        [tenant],
      )
    ).rows[0]!.id;
    const body = (
      await db.query<{ body: unknown }>(
        `SELECT v.body FROM care_plan_version v JOIN care_plan cp ON cp.tenant_id = v.tenant_id AND cp.id = v.care_plan_id AND cp.current_version = v.version
          WHERE v.tenant_id = $1 AND v.shared_with_patient_on IS NOT NULL AND cp.status = 'signed' LIMIT 1`,
        [tenant],
      )
    ).rows[0]!.body;
    for (const [index, patientId] of patientIds.entries()) {
      await db.query(
        `UPDATE patient SET billing_practitioner_id = $3, qualifying_conditions = 2, eligibility = 'ccm_candidate',
                address_line1 = coalesce(address_line1, '12 Birch Lane'), city = coalesce(city, 'Maple Grove'), state = coalesce(state, 'MN'), postal_code = coalesce(postal_code, '55369')
          WHERE tenant_id = $1 AND id = $2`,
        [tenant, patientId, practitioner],
      );
      const enrollment = (
        await db.query<{ id: string }>(
          `INSERT INTO program_enrollment (tenant_id, patient_id, program, status, enrolled_on, billing_practitioner_id)
           VALUES ($1, $2, 'ccm', 'enrolled', $3, $4)
           ON CONFLICT (tenant_id, patient_id, program) DO UPDATE SET status = 'enrolled', enrolled_on = EXCLUDED.enrolled_on, billing_practitioner_id = EXCLUDED.billing_practitioner_id
           RETURNING id`,
          [tenant, patientId, start, practitioner],
        )
      ).rows[0]!.id;
      await db.query(
        `INSERT INTO consent (tenant_id, enrollment_id, patient_id, method, disclosed_availability, disclosed_cost_sharing, disclosed_stop_anytime, disclosed_single_practitioner, obtained_by_name, obtained_on)
         VALUES ($1, $2, $3, 'verbal', true, true, true, true, 'Casey Coordinator, RN', $4)`,
        [tenant, enrollment, patientId, start],
      );
      await db.query(
        "INSERT INTO encounter (tenant_id, patient_id, kind, occurred_on, practitioner_id, is_ccm_discussed) VALUES ($1, $2, 'em_visit', $3, $4, true)",
        [tenant, patientId, start, practitioner],
      );
      const plan = (
        await db.query<{ id: string }>(
          "INSERT INTO care_plan (tenant_id, patient_id, current_version, status, created_at) VALUES ($1, $2, 1, 'signed', $3::date) RETURNING id",
          [tenant, patientId, start],
        )
      ).rows[0]!.id;
      await db.query(
        "INSERT INTO care_plan_version (tenant_id, care_plan_id, version, body, signed_by_practitioner_id, signed_at, shared_with_patient_on, shared_method, created_at) VALUES ($1, $2, 1, $3, $4, $5::date, $5::date, 'in_person', $5::date)",
        [tenant, plan, JSON.stringify(body), practitioner, start],
      );
      for (const [code, description] of [
        ["E11.9", "Type 2 diabetes mellitus without complications"],
        ["I10", "Essential (primary) hypertension"],
      ]) {
        await db.query(
          "INSERT INTO problem (tenant_id, patient_id, icd10_code, description, is_chronic) VALUES ($1, $2, $3, $4, true) ON CONFLICT DO NOTHING",
          [tenant, patientId, code, description],
        );
      }
      // 25 minutes on the 10th, at a different hour per patient (one person, never two at once).
      await db.query(
        `INSERT INTO time_entry (tenant_id, patient_id, service_month, performed_on, minutes, activity, performer_user_id, performer_role, performer_in_us, source, client_request_id)
         VALUES ($1, $2, $3, $4::date, 25, 'patient_call', $5, 'clinical_staff', true, 'manual', $6)`,
        [tenant, patientId, month, `${month}-1${index}`, performer, `e2e-billable-${patientId}`],
      );
    }
    await db.query("COMMIT");
  });
}
