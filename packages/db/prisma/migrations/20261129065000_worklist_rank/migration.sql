-- Worklist at scale (issue #6, decision 0012): one narrow row per patient with everything the
-- coordinator worklist filters and sorts on, kept by triggers in the same transaction as the
-- facts it copies, and one partial index whose order IS the worklist order within a clinic. The
-- worklist then reads the top rows of each clinic from the index and merges them, instead of
-- joining and sorting every patient of 20 clinics on each request.

CREATE TABLE worklist_patient (
  tenant_id           uuid NOT NULL,
  patient_id          uuid NOT NULL,
  -- Status of the patient's CCM enrolment (NULL: none); the worklist shows enrolled and consented.
  ccm_status          enrollment_status,
  coordinator_user_id uuid,
  last_name           text NOT NULL,
  first_name          text NOT NULL,
  time_zone           text NOT NULL,
  -- The clinic-local month that minutes and last_contact_on belong to. The worklist moves rows of
  -- a past month to the current one (0 minutes) before reading, so the index order stays exact.
  service_month       char(7) NOT NULL,
  -- Staff + billing-practitioner minutes of service_month (from patient_month).
  minutes             integer NOT NULL DEFAULT 0,
  last_contact_on     date,
  -- Order within a clinic: below 20 minutes first (fewest minutes first), then 20–59 by minutes
  -- still needed for the next threshold (40 or 60), then met (60+). Ties: minutes still needed are
  -- equal exactly when the ranks are equal, so per-clinic order = global order restricted to a clinic.
  risk_rank           smallint GENERATED ALWAYS AS (
                        CASE WHEN minutes < 20 THEN minutes WHEN minutes < 40 THEN minutes + 80 WHEN minutes < 60 THEN minutes + 60 ELSE 200 END) STORED,
  CONSTRAINT worklist_patient_pkey PRIMARY KEY (tenant_id, patient_id),
  CONSTRAINT worklist_patient_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE
);
-- Covers the per-clinic walk (index-only when pages are all-visible).
CREATE INDEX worklist_patient_rank_idx ON worklist_patient
  (tenant_id, service_month, risk_rank, last_contact_on NULLS FIRST, last_name, first_name, patient_id)
  INCLUDE (coordinator_user_id, time_zone, minutes, ccm_status)
  WHERE ccm_status IN ('enrolled', 'consented');
-- Narrow, for the total: "mine" is two equality ranges (owner, unassigned), counted index-only.
CREATE INDEX worklist_patient_count_idx ON worklist_patient (tenant_id, service_month, coordinator_user_id) INCLUDE (time_zone)
  WHERE ccm_status IN ('enrolled', 'consented');

ALTER TABLE worklist_patient ENABLE ROW LEVEL SECURITY;
ALTER TABLE worklist_patient FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON worklist_patient USING (tenant_id = ANY (rls.scope_tenant_ids())) WITH CHECK (tenant_id = ANY (rls.scope_tenant_ids()));
-- Written by the triggers (as the writing role) and by the worklist's month roll-over.
GRANT SELECT, INSERT, UPDATE ON worklist_patient TO carefold_app;

-- The clinic-local month of an instant (the same rule as the app's todayIn).
CREATE FUNCTION clinic_month(p_tenant uuid, p_at timestamptz) RETURNS char(7) LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT to_char(p_at AT TIME ZONE t.time_zone, 'YYYY-MM') FROM tenant t WHERE t.id = p_tenant), to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM'))::char(7)
$$;

-- Builds every patient's row from the facts (also the backfill and the synthetic
-- generator's bulk path): the current clinic month and its rollup.
CREATE FUNCTION worklist_patient_rows(p_at timestamptz)
  RETURNS TABLE (tenant_id uuid, patient_id uuid, ccm_status enrollment_status, coordinator_user_id uuid, last_name text, first_name text,
                 time_zone text, service_month char(7), minutes integer, last_contact_on date)
  LANGUAGE sql STABLE AS $$
  SELECT p.tenant_id, p.id, pe.status, pa.coordinator_user_id, p.last_name, p.first_name, p.time_zone, m.month,
         coalesce(pm.staff_minutes + pm.practitioner_minutes, 0), pm.last_contact_on
    FROM patient p
    JOIN tenant t ON t.id = p.tenant_id
    CROSS JOIN LATERAL (SELECT to_char(p_at AT TIME ZONE t.time_zone, 'YYYY-MM')::char(7) AS month) m
    LEFT JOIN program_enrollment pe ON pe.tenant_id = p.tenant_id AND pe.patient_id = p.id AND pe.program = 'ccm'
    LEFT JOIN panel_assignment pa ON pa.tenant_id = p.tenant_id AND pa.patient_id = p.id
    LEFT JOIN patient_month pm ON pm.tenant_id = p.tenant_id AND pm.patient_id = p.id AND pm.service_month = m.month
$$;

-- New patients (one statement for a whole panel import).
CREATE FUNCTION worklist_patient_on_patient_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO worklist_patient (tenant_id, patient_id, last_name, first_name, time_zone, service_month)
  SELECT n.tenant_id, n.id, n.last_name, n.first_name, n.time_zone, clinic_month(n.tenant_id, now()) FROM inserted n;
  RETURN NULL;
END $$;
CREATE TRIGGER worklist_patient_on_patient_insert AFTER INSERT ON patient REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION worklist_patient_on_patient_insert();

CREATE FUNCTION worklist_patient_on_patient_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE worklist_patient SET last_name = NEW.last_name, first_name = NEW.first_name, time_zone = NEW.time_zone
   WHERE tenant_id = NEW.tenant_id AND patient_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER worklist_patient_on_patient_update AFTER UPDATE OF last_name, first_name, time_zone ON patient
  FOR EACH ROW WHEN ((OLD.last_name, OLD.first_name, OLD.time_zone) IS DISTINCT FROM (NEW.last_name, NEW.first_name, NEW.time_zone))
  EXECUTE FUNCTION worklist_patient_on_patient_update();

-- CCM enrolment status (any insert, status or program change, delete).
CREATE FUNCTION worklist_patient_on_enrollment() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r program_enrollment := coalesce(NEW, OLD);
BEGIN
  UPDATE worklist_patient w
     SET ccm_status = (SELECT pe.status FROM program_enrollment pe WHERE pe.tenant_id = r.tenant_id AND pe.patient_id = r.patient_id AND pe.program = 'ccm')
   WHERE w.tenant_id = r.tenant_id AND w.patient_id = r.patient_id;
  RETURN NULL;
END $$;
CREATE TRIGGER worklist_patient_on_enrollment AFTER INSERT OR DELETE OR UPDATE OF status, program ON program_enrollment
  FOR EACH ROW EXECUTE FUNCTION worklist_patient_on_enrollment();

-- Panel owner.
CREATE FUNCTION worklist_patient_on_panel() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE worklist_patient SET coordinator_user_id = NULL WHERE tenant_id = OLD.tenant_id AND patient_id = OLD.patient_id;
  ELSE
    UPDATE worklist_patient SET coordinator_user_id = NEW.coordinator_user_id WHERE tenant_id = NEW.tenant_id AND patient_id = NEW.patient_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER worklist_patient_on_panel AFTER INSERT OR UPDATE OR DELETE ON panel_assignment
  FOR EACH ROW EXECUTE FUNCTION worklist_patient_on_panel();

-- Minutes and last contact: a rollup of the row's month or of a later month replaces the values
-- (a back-dated entry in an earlier month leaves the current month's values alone).
CREATE FUNCTION worklist_patient_on_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE worklist_patient
     SET service_month = NEW.service_month, minutes = NEW.staff_minutes + NEW.practitioner_minutes, last_contact_on = NEW.last_contact_on
   WHERE tenant_id = NEW.tenant_id AND patient_id = NEW.patient_id AND service_month <= NEW.service_month;
  RETURN NULL;
END $$;
CREATE TRIGGER worklist_patient_on_rollup AFTER INSERT OR UPDATE ON patient_month
  FOR EACH ROW EXECUTE FUNCTION worklist_patient_on_rollup();

-- Backfill existing patients. The owner is subject to the forced policies too, so the backfill
-- scopes itself to every tenant the way withSystemScope() does.
SELECT set_config('carefold.system_scope', 'on', true);
SELECT set_config('carefold.tenant_ids', coalesce((SELECT string_agg(id::text, ',') FROM tenant), ''), true);
SELECT set_config('carefold.system_scope', '', true);
INSERT INTO worklist_patient (tenant_id, patient_id, ccm_status, coordinator_user_id, last_name, first_name, time_zone, service_month, minutes, last_contact_on)
  SELECT * FROM worklist_patient_rows(now());
SELECT set_config('carefold.tenant_ids', '', true);
