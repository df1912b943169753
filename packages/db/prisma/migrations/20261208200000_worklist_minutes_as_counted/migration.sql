-- The worklist's minutes are the staff lane's minutes as the rules engine counts them from the
-- same facts: the month's clinical seconds (clinical staff and the billing practitioner acting as
-- staff, shared contacts once) floored ONCE — floor((staff + practitioner seconds) / 60) — not
-- the sum of each role's floored minutes (10:30 by a nurse and 10:30 by the practitioner are 21
-- minutes, which the worklist showed as 20). The chart's month-to-date and the close read the
-- close's evaluation (billing/patient-month.ts); the worklist stays a trigger-kept table for
-- speed (decision 0012) and agrees with them on the minutes it shows (decision 0037).
CREATE OR REPLACE FUNCTION worklist_patient_on_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE worklist_patient
     SET service_month = NEW.service_month, minutes = (NEW.staff_seconds + NEW.practitioner_seconds) / 60, last_contact_on = NEW.last_contact_on
   WHERE tenant_id = NEW.tenant_id AND patient_id = NEW.patient_id AND service_month <= NEW.service_month;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION worklist_patient_rows(p_at timestamptz)
  RETURNS TABLE (tenant_id uuid, patient_id uuid, ccm_status enrollment_status, coordinator_user_id uuid, last_name text, first_name text,
                 time_zone text, service_month char(7), minutes integer, last_contact_on date)
  LANGUAGE sql STABLE AS $$
  SELECT p.tenant_id, p.id, pe.status, pa.coordinator_user_id, p.last_name, p.first_name, p.time_zone, m.month,
         coalesce((pm.staff_seconds + pm.practitioner_seconds) / 60, 0), pm.last_contact_on
    FROM patient p
    JOIN tenant t ON t.id = p.tenant_id
    CROSS JOIN LATERAL (SELECT to_char(p_at AT TIME ZONE t.time_zone, 'YYYY-MM')::char(7) AS month) m
    LEFT JOIN program_enrollment pe ON pe.tenant_id = p.tenant_id AND pe.patient_id = p.id AND pe.program = 'ccm'
    LEFT JOIN panel_assignment pa ON pa.tenant_id = p.tenant_id AND pa.patient_id = p.id
    LEFT JOIN patient_month pm ON pm.tenant_id = p.tenant_id AND pm.patient_id = p.id AND pm.service_month = m.month
$$;

-- Existing rows, under a scope of every tenant (the owner is subject to the forced policies too).
SELECT set_config('carefold.system_scope', 'on', true);
SELECT set_config('carefold.tenant_ids', coalesce((SELECT string_agg(id::text, ',') FROM tenant), ''), true);
SELECT set_config('carefold.system_scope', '', true);
UPDATE worklist_patient w
   SET minutes = (pm.staff_seconds + pm.practitioner_seconds) / 60
  FROM patient_month pm
 WHERE pm.tenant_id = w.tenant_id AND pm.patient_id = w.patient_id AND pm.service_month = w.service_month
   AND w.minutes IS DISTINCT FROM (pm.staff_seconds + pm.practitioner_seconds) / 60;
SELECT set_config('carefold.tenant_ids', '', true);
