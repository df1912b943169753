-- A shared contact counts once: its longest entry — now among the entries that count toward
-- billing first. When a non-clinical person and a nurse were on the same call, the rollup kept
-- the non-clinical entry if it was longer (or as long, with the smaller id), so the nurse's
-- minutes vanished from the worklist while @carefold/ccm-rules (the close and the chart) counts
-- the nurse's: non-clinical time never counts, and the group's countable entries keep the
-- longest. Found by the worklist-equals-chart property test (decision 0037).
CREATE OR REPLACE FUNCTION patient_month_refresh(p_tenant uuid, p_patient uuid, p_month char(7)) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO patient_month (tenant_id, patient_id, service_month) VALUES (p_tenant, p_patient, p_month) ON CONFLICT DO NOTHING;
  PERFORM 1 FROM patient_month WHERE tenant_id = p_tenant AND patient_id = p_patient AND service_month = p_month FOR UPDATE;
  WITH live AS (
    SELECT e.* FROM time_entry e
     WHERE e.tenant_id = p_tenant AND e.patient_id = p_patient AND e.service_month = p_month AND NOT e.is_superseded
  ), counted AS (
    SELECT l.performer_role, l.duration_seconds,
           row_number() OVER (PARTITION BY coalesce(l.contact_id, l.id)
                              ORDER BY (l.performer_role = 'non_clinical'), l.duration_seconds DESC, l.id) AS rank_in_contact
      FROM live l WHERE l.performer_in_us AND l.review_status <> 'rejected'
  ), sums AS (
    SELECT coalesce(sum(duration_seconds) FILTER (WHERE performer_role = 'clinical_staff'), 0)::integer AS staff,
           coalesce(sum(duration_seconds) FILTER (WHERE performer_role = 'billing_practitioner'), 0)::integer AS practitioner,
           coalesce(sum(duration_seconds) FILTER (WHERE performer_role = 'non_clinical'), 0)::integer AS non_clinical
      FROM counted WHERE rank_in_contact = 1
  )
  UPDATE patient_month pm SET
    staff_seconds = s.staff, practitioner_seconds = s.practitioner, non_clinical_seconds = s.non_clinical,
    staff_minutes = s.staff / 60, practitioner_minutes = s.practitioner / 60, non_clinical_minutes = s.non_clinical / 60,
    entry_count = (SELECT count(*) FROM live),
    last_contact_on = GREATEST(pm.last_contact_on, (SELECT max(performed_on) FROM live WHERE activity IN ('patient_call', 'caregiver_call'))),
    updated_at = now()
  FROM sums s
  WHERE pm.tenant_id = p_tenant AND pm.patient_id = p_patient AND pm.service_month = p_month;
END $$;

-- Recompute the patient-months that have shared contacts, under a scope of every tenant (the
-- owner is subject to the forced policies too).
SELECT set_config('carefold.system_scope', 'on', true);
SELECT set_config('carefold.tenant_ids', coalesce((SELECT string_agg(id::text, ',') FROM tenant), ''), true);
SELECT set_config('carefold.system_scope', '', true);
SELECT patient_month_refresh(m.tenant_id, m.patient_id, m.service_month)
  FROM (SELECT DISTINCT tenant_id, patient_id, service_month FROM time_entry WHERE contact_id IS NOT NULL) m;
SELECT set_config('carefold.tenant_ids', '', true);
