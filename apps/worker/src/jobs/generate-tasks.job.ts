import { withSystemScope, type Db } from "@carefold/db";

export const GENERATE_TASKS_QUEUE = "tasks.generate";

/**
 * Creates the automatic follow-up tasks once a day, idempotently (each carries a key such as
 * `below_pace:<patient>:<month>`, unique per clinic, so a second run adds nothing):
 * - care-plan review due within 7 days (from the current version's review date);
 * - outreach due: patients in outreach for 7+ days without consent;
 * - below pace: from the 15th, enrolled patients under 20 minutes with fewer than 4 minutes a
 *   remaining day to spare (a coarse early warning; the worklist orders by the full forecast).
 */
export async function generateAutomaticTasks(db: Db, now = new Date()): Promise<{ created: number }> {
  return withSystemScope(db, "daily automatic tasks", async (tx) => {
    const created = await tx.$executeRaw`
      WITH clinic_today AS (
        SELECT id AS tenant_id, (now() AT TIME ZONE time_zone)::date AS today FROM tenant
      ), candidates AS (
        SELECT v.tenant_id, cp.patient_id, 'care_plan_review_due' AS kind,
               'Care-plan review due ' || (v.body->>'reviewDueOn') AS title,
               (v.body->>'reviewDueOn')::date AS due_on,
               'care_plan_review_due:' || cp.patient_id || ':' || (v.body->>'reviewDueOn') AS source_key
          FROM care_plan cp
          JOIN care_plan_version v ON v.tenant_id = cp.tenant_id AND v.care_plan_id = cp.id AND v.version = cp.current_version
          JOIN clinic_today c ON c.tenant_id = cp.tenant_id
         WHERE (v.body->>'reviewDueOn') ~ '^\\d{4}-\\d{2}-\\d{2}$' AND (v.body->>'reviewDueOn')::date <= c.today + 7
        UNION ALL
        SELECT pe.tenant_id, pe.patient_id, 'outreach_due', 'Outreach attempt due: no consent yet', c.today,
               'outreach_due:' || pe.patient_id || ':' || to_char(c.today, 'IYYY-IW')
          FROM program_enrollment pe JOIN clinic_today c ON c.tenant_id = pe.tenant_id
         WHERE pe.program = 'ccm' AND pe.status = 'outreach' AND pe.updated_at < ${now}::timestamptz - interval '7 days'
        UNION ALL
        SELECT pe.tenant_id, pe.patient_id, 'below_pace',
               'Below pace: ' || coalesce(pm.staff_minutes + pm.practitioner_minutes, 0) || ' of 20 minutes this month',
               c.today,
               'below_pace:' || pe.patient_id || ':' || to_char(c.today, 'YYYY-MM')
          FROM program_enrollment pe
          JOIN clinic_today c ON c.tenant_id = pe.tenant_id
          LEFT JOIN patient_month pm ON pm.tenant_id = pe.tenant_id AND pm.patient_id = pe.patient_id AND pm.service_month = to_char(c.today, 'YYYY-MM')
         WHERE pe.program = 'ccm' AND pe.status = 'enrolled' AND extract(day FROM c.today) >= 15
           AND coalesce(pm.staff_minutes + pm.practitioner_minutes, 0) < 20
           AND (20 - coalesce(pm.staff_minutes + pm.practitioner_minutes, 0))
               > 4 * ((date_trunc('month', c.today) + interval '1 month - 1 day')::date - c.today + 1)
      )
      INSERT INTO task (tenant_id, patient_id, kind, title, due_on, assignee_user_id, source_key)
      SELECT cand.tenant_id, cand.patient_id, cand.kind, cand.title, cand.due_on, pa.coordinator_user_id, cand.source_key
        FROM candidates cand
        LEFT JOIN panel_assignment pa ON pa.tenant_id = cand.tenant_id AND pa.patient_id = cand.patient_id
      ON CONFLICT (tenant_id, source_key) WHERE source_key IS NOT NULL DO NOTHING`;
    return { created };
  });
}
