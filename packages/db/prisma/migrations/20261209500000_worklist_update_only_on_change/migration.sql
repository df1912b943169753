-- Decision 0057: the worklist row is rewritten only when what it shows changed. Every time-entry
-- write updates its patient-month (the seconds always move), but the worklist shows whole minutes
-- (floored once), the month and the last contact: most writes of a few seconds change none of them.
-- An UPDATE that sets the same values still writes a new row version (and, because the rank index
-- covers the minutes, a new entry in that index when the version lands on another page), fires the
-- count trigger with its transition tables and leaves a dead row behind. The condition below skips
-- exactly those no-op updates; every update that changes a value runs as before.
CREATE OR REPLACE FUNCTION worklist_patient_on_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE worklist_patient
     SET service_month = NEW.service_month, minutes = (NEW.staff_seconds + NEW.practitioner_seconds) / 60, last_contact_on = NEW.last_contact_on
   WHERE tenant_id = NEW.tenant_id AND patient_id = NEW.patient_id AND service_month <= NEW.service_month
     AND (service_month, minutes, last_contact_on) IS DISTINCT FROM (NEW.service_month, (NEW.staff_seconds + NEW.practitioner_seconds) / 60, NEW.last_contact_on);
  RETURN NULL;
END $$;
