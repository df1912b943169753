-- Coordinator workspace, part 1: patient panels, time entries (idempotent, correct-by-new-entry,
-- locked per closed month) and the per-patient-month rollup kept in the same transaction.

CREATE TABLE panel_assignment (
  tenant_id           uuid NOT NULL,
  patient_id          uuid NOT NULL,
  coordinator_user_id uuid NOT NULL,
  assigned_at         timestamptz(6) NOT NULL DEFAULT now(),
  assigned_by         uuid,
  CONSTRAINT panel_assignment_pkey PRIMARY KEY (tenant_id, patient_id),
  CONSTRAINT panel_assignment_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT panel_assignment_coordinator_fkey FOREIGN KEY (coordinator_user_id) REFERENCES app_user (id) ON UPDATE CASCADE
);
CREATE INDEX panel_assignment_coordinator_idx ON panel_assignment (coordinator_user_id, tenant_id);

-- A closed month: its entries can no longer be added to (month close writes this; reopening deletes).
CREATE TABLE service_month_lock (
  tenant_id     uuid NOT NULL,
  service_month char(7) NOT NULL CHECK (service_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  locked_at     timestamptz(6) NOT NULL DEFAULT now(),
  locked_by     uuid,
  CONSTRAINT service_month_lock_pkey PRIMARY KEY (tenant_id, service_month),
  CONSTRAINT service_month_lock_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE time_entry (
  tenant_id          uuid NOT NULL,
  id                 uuid NOT NULL DEFAULT gen_random_uuid(),
  patient_id         uuid NOT NULL,
  service_month      char(7) NOT NULL,
  performed_on       date NOT NULL,
  started_at         timestamptz(6),
  minutes            integer NOT NULL CHECK (minutes BETWEEN 0 AND 600),
  activity           text NOT NULL CHECK (activity IN ('care_plan_review', 'medication_reconciliation', 'patient_call', 'caregiver_call',
                       'provider_coordination', 'transition_follow_up', 'community_resources', 'lab_review', 'documentation', 'other')),
  performer_user_id  uuid NOT NULL,
  performer_role     text NOT NULL CHECK (performer_role IN ('clinical_staff', 'billing_practitioner', 'non_clinical')),
  performer_in_us    boolean NOT NULL,
  source             text NOT NULL CHECK (source IN ('timer', 'manual', 'call')),
  call_id            uuid,
  corrects_entry_id  uuid,
  client_request_id  text NOT NULL CHECK (length(client_request_id) BETWEEN 8 AND 100),
  review_status      text NOT NULL DEFAULT 'approved' CHECK (review_status IN ('approved', 'pending', 'rejected')),
  review_flags       text[] NOT NULL DEFAULT '{}',
  review_reason      text,
  reviewed_by        uuid,
  reviewed_at        timestamptz(6),
  note               text,
  created_at         timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT time_entry_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT time_entry_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON UPDATE CASCADE,
  CONSTRAINT time_entry_corrects_fkey FOREIGN KEY (tenant_id, corrects_entry_id) REFERENCES time_entry (tenant_id, id) ON UPDATE CASCADE,
  CONSTRAINT time_entry_performer_fkey FOREIGN KEY (performer_user_id) REFERENCES app_user (id) ON UPDATE CASCADE,
  CONSTRAINT time_entry_month_matches_date CHECK (service_month = to_char(performed_on, 'YYYY-MM'))
);
CREATE UNIQUE INDEX time_entry_client_request_key ON time_entry (tenant_id, client_request_id);
-- An entry is corrected at most once (a correction can itself be corrected).
CREATE UNIQUE INDEX time_entry_corrects_key ON time_entry (tenant_id, corrects_entry_id) WHERE corrects_entry_id IS NOT NULL;
CREATE INDEX time_entry_patient_month_idx ON time_entry (tenant_id, patient_id, service_month);
CREATE INDEX time_entry_review_idx ON time_entry (tenant_id, review_status) WHERE review_status = 'pending';

-- Raw minutes per patient-month by performer role (US-based, not rejected, not superseded by a
-- correction). Maintained by triggers in the same transaction, so worklists never sum live entries;
-- billing still evaluates the entries themselves with @carefold/ccm-rules.
CREATE TABLE patient_month (
  tenant_id             uuid NOT NULL,
  patient_id            uuid NOT NULL,
  service_month         char(7) NOT NULL,
  staff_minutes         integer NOT NULL DEFAULT 0,
  practitioner_minutes  integer NOT NULL DEFAULT 0,
  non_clinical_minutes  integer NOT NULL DEFAULT 0,
  entry_count           integer NOT NULL DEFAULT 0,
  last_contact_on       date,
  updated_at            timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT patient_month_pkey PRIMARY KEY (tenant_id, patient_id, service_month),
  CONSTRAINT patient_month_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE
);

-- Refuses entries for a locked (closed) month, and corrections that cross months or patients.
CREATE FUNCTION time_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE corrected time_entry;
BEGIN
  IF EXISTS (SELECT 1 FROM service_month_lock l WHERE l.tenant_id = NEW.tenant_id AND l.service_month = NEW.service_month) THEN
    RAISE EXCEPTION 'service month % is closed', NEW.service_month USING ERRCODE = 'P0001', HINT = 'month_locked';
  END IF;
  IF NEW.corrects_entry_id IS NOT NULL THEN
    SELECT * INTO corrected FROM time_entry WHERE tenant_id = NEW.tenant_id AND id = NEW.corrects_entry_id;
    IF corrected.patient_id <> NEW.patient_id OR corrected.service_month <> NEW.service_month THEN
      RAISE EXCEPTION 'a correction must keep the patient and the month' USING ERRCODE = 'P0001', HINT = 'correction_scope';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER time_entry_guard BEFORE INSERT ON time_entry FOR EACH ROW EXECUTE FUNCTION time_entry_guard();

-- Adds (sign = 1) or removes (sign = -1) one entry's contribution to its patient-month.
CREATE FUNCTION patient_month_apply(e time_entry, sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE counted integer := CASE WHEN e.performer_in_us AND e.review_status <> 'rejected' THEN e.minutes ELSE 0 END;
BEGIN
  INSERT INTO patient_month AS pm (tenant_id, patient_id, service_month, staff_minutes, practitioner_minutes, non_clinical_minutes, entry_count, last_contact_on)
  VALUES (e.tenant_id, e.patient_id, e.service_month,
          sign * CASE WHEN e.performer_role = 'clinical_staff' THEN counted ELSE 0 END,
          sign * CASE WHEN e.performer_role = 'billing_practitioner' THEN counted ELSE 0 END,
          sign * CASE WHEN e.performer_role = 'non_clinical' THEN counted ELSE 0 END,
          sign,
          CASE WHEN sign > 0 AND e.activity IN ('patient_call', 'caregiver_call') THEN e.performed_on END)
  ON CONFLICT (tenant_id, patient_id, service_month) DO UPDATE SET
    staff_minutes = pm.staff_minutes + EXCLUDED.staff_minutes,
    practitioner_minutes = pm.practitioner_minutes + EXCLUDED.practitioner_minutes,
    non_clinical_minutes = pm.non_clinical_minutes + EXCLUDED.non_clinical_minutes,
    entry_count = pm.entry_count + EXCLUDED.entry_count,
    last_contact_on = GREATEST(pm.last_contact_on, EXCLUDED.last_contact_on),
    updated_at = now();
END $$;

CREATE FUNCTION time_entry_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE corrected time_entry;
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM patient_month_apply(NEW, 1);
    IF NEW.corrects_entry_id IS NOT NULL THEN
      SELECT * INTO corrected FROM time_entry WHERE tenant_id = NEW.tenant_id AND id = NEW.corrects_entry_id;
      PERFORM patient_month_apply(corrected, -1);
    END IF;
  ELSIF OLD.review_status IS DISTINCT FROM NEW.review_status
        AND NOT EXISTS (SELECT 1 FROM time_entry c WHERE c.tenant_id = NEW.tenant_id AND c.corrects_entry_id = NEW.id) THEN
    PERFORM patient_month_apply(OLD, -1);
    PERFORM patient_month_apply(NEW, 1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER time_entry_rollup AFTER INSERT OR UPDATE OF review_status ON time_entry FOR EACH ROW EXECUTE FUNCTION time_entry_rollup();

-- Only review facts may change on an entry; minutes, dates and who are never edited in place.
CREATE FUNCTION time_entry_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.minutes, NEW.performed_on, NEW.service_month, NEW.patient_id, NEW.performer_user_id, NEW.performer_role, NEW.performer_in_us, NEW.activity, NEW.corrects_entry_id)
     IS DISTINCT FROM (OLD.minutes, OLD.performed_on, OLD.service_month, OLD.patient_id, OLD.performer_user_id, OLD.performer_role, OLD.performer_in_us, OLD.activity, OLD.corrects_entry_id) THEN
    RAISE EXCEPTION 'time entries are never edited; add a correcting entry instead' USING ERRCODE = 'P0001', HINT = 'immutable';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER time_entry_is_immutable BEFORE UPDATE ON time_entry FOR EACH ROW EXECUTE FUNCTION time_entry_is_immutable();

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['panel_assignment', 'service_month_lock', 'time_entry', 'patient_month'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = ANY (rls.scope_tenant_ids())) WITH CHECK (tenant_id = ANY (rls.scope_tenant_ids()))', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON panel_assignment, service_month_lock TO carefold_app;
GRANT SELECT, INSERT, UPDATE ON time_entry TO carefold_app;
-- The rollup is written by the triggers (running as the inserting role) and read by the app.
GRANT SELECT, INSERT, UPDATE ON patient_month TO carefold_app;

-- Who performs care work, from the user's profile: CMS counts clinical staff and billing
-- practitioner minutes only, and only when furnished from inside the United States.
ALTER TABLE app_user
  ADD COLUMN performer_role text NOT NULL DEFAULT 'clinical_staff' CHECK (performer_role IN ('clinical_staff', 'billing_practitioner', 'non_clinical')),
  ADD COLUMN works_in_us boolean NOT NULL DEFAULT true;
