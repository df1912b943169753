-- The patient-month rollup adds a plain new entry's seconds instead of recomputing the month.
-- A plain entry (no shared contact, not a correction) is its own contact group, so adding its
-- seconds to its role gives exactly what patient_month_refresh computes; shared contacts,
-- corrections and review changes still recompute the month (the longest entry of a contact, a
-- replaced entry and a rejected one change what counts). The recompute read every entry of the
-- patient-month on each write, a cost that grew with the month (docs/benchmarks.md, issue 14).
CREATE OR REPLACE FUNCTION time_entry_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE counted integer;
BEGIN
  IF TG_OP = 'INSERT' AND NEW.contact_id IS NULL AND NEW.corrects_entry_id IS NULL AND NOT NEW.is_superseded THEN
    counted := CASE WHEN NEW.performer_in_us AND NEW.review_status <> 'rejected' THEN NEW.duration_seconds ELSE 0 END;
    INSERT INTO patient_month AS pm (tenant_id, patient_id, service_month, staff_seconds, practitioner_seconds, non_clinical_seconds,
                                     staff_minutes, practitioner_minutes, non_clinical_minutes, entry_count, last_contact_on)
    VALUES (NEW.tenant_id, NEW.patient_id, NEW.service_month,
            CASE WHEN NEW.performer_role = 'clinical_staff' THEN counted ELSE 0 END,
            CASE WHEN NEW.performer_role = 'billing_practitioner' THEN counted ELSE 0 END,
            CASE WHEN NEW.performer_role = 'non_clinical' THEN counted ELSE 0 END,
            CASE WHEN NEW.performer_role = 'clinical_staff' THEN counted / 60 ELSE 0 END,
            CASE WHEN NEW.performer_role = 'billing_practitioner' THEN counted / 60 ELSE 0 END,
            CASE WHEN NEW.performer_role = 'non_clinical' THEN counted / 60 ELSE 0 END,
            1,
            CASE WHEN NEW.activity IN ('patient_call', 'caregiver_call') THEN NEW.performed_on END)
    ON CONFLICT (tenant_id, patient_id, service_month) DO UPDATE SET
      staff_seconds = pm.staff_seconds + EXCLUDED.staff_seconds,
      practitioner_seconds = pm.practitioner_seconds + EXCLUDED.practitioner_seconds,
      non_clinical_seconds = pm.non_clinical_seconds + EXCLUDED.non_clinical_seconds,
      -- Minutes are the month's seconds floored once, never a sum of floored entries.
      staff_minutes = (pm.staff_seconds + EXCLUDED.staff_seconds) / 60,
      practitioner_minutes = (pm.practitioner_seconds + EXCLUDED.practitioner_seconds) / 60,
      non_clinical_minutes = (pm.non_clinical_seconds + EXCLUDED.non_clinical_seconds) / 60,
      entry_count = pm.entry_count + 1,
      last_contact_on = GREATEST(pm.last_contact_on, EXCLUDED.last_contact_on),
      updated_at = now();
  ELSIF TG_OP = 'INSERT' OR OLD.review_status IS DISTINCT FROM NEW.review_status THEN
    PERFORM patient_month_refresh(NEW.tenant_id, NEW.patient_id, NEW.service_month);
  END IF;
  RETURN NULL;
END $$;
