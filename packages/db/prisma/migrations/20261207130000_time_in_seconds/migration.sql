-- Issue 14: billable minutes are real minutes (decision 0020).
-- * Seconds are the unit of record: a time entry carries its measured spans and duration in
--   seconds; the typed minutes are a claim kept beside the measurement (claimed_minutes).
--   `minutes` stays as whole measured minutes (floor), for readers that show minutes.
-- * One performer cannot have two counted spans that overlap (exclusion constraint, across clinics).
-- * Two performers on one contact (shared contact_id) count once: the longest entry.
-- * patient_month sums seconds per role and floors once to the minutes columns.
-- * One running timer per person (work_timer), kept server-side.

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Clinic settings: how far back an entry may be dated without supervisor review, and after how
-- many minutes without input a running timer asks "Was this time spent on the patient?".
ALTER TABLE tenant_setting
  ADD COLUMN backdate_window_days integer NOT NULL DEFAULT 7 CHECK (backdate_window_days BETWEEN 0 AND 60),
  ADD COLUMN idle_prompt_minutes integer NOT NULL DEFAULT 5 CHECK (idle_prompt_minutes BETWEEN 1 AND 60);

ALTER TABLE time_entry
  ADD COLUMN duration_seconds integer,
  ADD COLUMN claimed_minutes integer,
  ADD COLUMN spans tstzmultirange,
  ADD COLUMN ended_at timestamptz(6),
  ADD COLUMN contact_id uuid,
  ADD COLUMN is_superseded boolean NOT NULL DEFAULT false;

-- Existing rows were typed or rounded minutes: their measurement is minutes * 60 seconds, so every
-- month's counted total stays what it was (the per-entry rounding they already carried stays in
-- them; nothing is added). They have no measured spans, so the overlap rule does not see them.
-- The owner is subject to the forced policies too, so the backfill scopes itself to every tenant
-- the way withSystemScope() does (as migration 20261129065000 does).
SELECT set_config('carefold.system_scope', 'on', true);
SELECT set_config('carefold.tenant_ids', coalesce((SELECT string_agg(id::text, ',') FROM tenant), ''), true);
SELECT set_config('carefold.system_scope', '', true);
ALTER TABLE time_entry DISABLE TRIGGER time_entry_is_immutable;
UPDATE time_entry e SET duration_seconds = e.minutes * 60, claimed_minutes = e.minutes,
       is_superseded = EXISTS (SELECT 1 FROM time_entry c WHERE c.tenant_id = e.tenant_id AND c.corrects_entry_id = e.id);
ALTER TABLE time_entry ENABLE TRIGGER time_entry_is_immutable;

ALTER TABLE time_entry
  ALTER COLUMN duration_seconds SET NOT NULL,
  ALTER COLUMN claimed_minutes SET NOT NULL,
  ADD CONSTRAINT time_entry_duration_range CHECK (duration_seconds BETWEEN 0 AND 36000),
  ADD CONSTRAINT time_entry_claimed_range CHECK (claimed_minutes BETWEEN 0 AND 600),
  ADD CONSTRAINT time_entry_spans_not_empty CHECK (spans IS NULL OR NOT isempty(spans)),
  -- The same person cannot be counted twice for the same instant, in any clinic: counted rows only
  -- (a rejected entry or one replaced by a correction no longer occupies its time).
  ADD CONSTRAINT time_entry_no_overlap EXCLUDE USING gist (performer_user_id WITH =, spans WITH &&)
    WHERE (spans IS NOT NULL AND review_status <> 'rejected' AND NOT is_superseded);
CREATE INDEX time_entry_contact_idx ON time_entry (tenant_id, contact_id) WHERE contact_id IS NOT NULL;

-- Derived facts of a measured entry are computed here, so no caller can round them: started_at
-- and ended_at are the bounds of the spans, duration_seconds is at most the spans' total length
-- (floored to whole seconds), and `minutes` is always floor(duration_seconds / 60).
-- A correction marks the entry it replaces as superseded before the new row is checked for
-- overlap, so a correction can keep the original's time.
CREATE OR REPLACE FUNCTION time_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE corrected time_entry;
DECLARE measured integer;
BEGIN
  IF EXISTS (SELECT 1 FROM service_month_lock l WHERE l.tenant_id = NEW.tenant_id AND l.service_month = NEW.service_month) THEN
    RAISE EXCEPTION 'service month % is closed', NEW.service_month USING ERRCODE = 'P0001', HINT = 'month_locked';
  END IF;
  IF NEW.spans IS NOT NULL THEN
    measured := floor((SELECT sum(extract(epoch FROM upper(r) - lower(r))) FROM unnest(NEW.spans) r))::integer;
    NEW.started_at := lower(NEW.spans);
    NEW.ended_at := upper(NEW.spans);
    NEW.duration_seconds := LEAST(coalesce(NEW.duration_seconds, measured), measured);
  END IF;
  IF NEW.duration_seconds IS NULL THEN NEW.duration_seconds := NEW.minutes * 60; END IF;
  IF NEW.claimed_minutes IS NULL THEN NEW.claimed_minutes := NEW.duration_seconds / 60; END IF;
  NEW.minutes := NEW.duration_seconds / 60;
  IF NEW.corrects_entry_id IS NOT NULL THEN
    SELECT * INTO corrected FROM time_entry WHERE tenant_id = NEW.tenant_id AND id = NEW.corrects_entry_id;
    IF corrected.patient_id <> NEW.patient_id OR corrected.service_month <> NEW.service_month THEN
      RAISE EXCEPTION 'a correction must keep the patient and the month' USING ERRCODE = 'P0001', HINT = 'correction_scope';
    END IF;
    UPDATE time_entry SET is_superseded = true WHERE tenant_id = NEW.tenant_id AND id = NEW.corrects_entry_id;
  END IF;
  RETURN NEW;
END $$;

-- Measured facts are never edited in place either.
CREATE OR REPLACE FUNCTION time_entry_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.minutes, NEW.performed_on, NEW.service_month, NEW.patient_id, NEW.performer_user_id, NEW.performer_role, NEW.performer_in_us, NEW.activity, NEW.corrects_entry_id,
      NEW.duration_seconds, NEW.claimed_minutes, NEW.spans, NEW.started_at, NEW.ended_at, NEW.contact_id)
     IS DISTINCT FROM (OLD.minutes, OLD.performed_on, OLD.service_month, OLD.patient_id, OLD.performer_user_id, OLD.performer_role, OLD.performer_in_us, OLD.activity, OLD.corrects_entry_id,
      OLD.duration_seconds, OLD.claimed_minutes, OLD.spans, OLD.started_at, OLD.ended_at, OLD.contact_id)
     OR (OLD.is_superseded AND NOT NEW.is_superseded) THEN
    RAISE EXCEPTION 'time entries are never edited; add a correcting entry instead' USING ERRCODE = 'P0001', HINT = 'immutable';
  END IF;
  RETURN NEW;
END $$;

ALTER TABLE patient_month
  ADD COLUMN staff_seconds integer NOT NULL DEFAULT 0,
  ADD COLUMN practitioner_seconds integer NOT NULL DEFAULT 0,
  ADD COLUMN non_clinical_seconds integer NOT NULL DEFAULT 0;
ALTER TABLE patient_month DISABLE TRIGGER worklist_patient_on_rollup;
UPDATE patient_month SET staff_seconds = staff_minutes * 60, practitioner_seconds = practitioner_minutes * 60, non_clinical_seconds = non_clinical_minutes * 60;
ALTER TABLE patient_month ENABLE TRIGGER worklist_patient_on_rollup;
SELECT set_config('carefold.tenant_ids', '', true);

-- Recomputes one patient-month from its counted entries: seconds per role (US-based, not
-- rejected, not superseded; a shared contact counts once, its longest entry), floored once to
-- minutes. The row is locked first, so a concurrent writer's entries are seen by the next
-- statement (READ COMMITTED takes a new snapshot per statement) and no update is lost.
CREATE OR REPLACE FUNCTION patient_month_refresh(p_tenant uuid, p_patient uuid, p_month char(7)) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO patient_month (tenant_id, patient_id, service_month) VALUES (p_tenant, p_patient, p_month) ON CONFLICT DO NOTHING;
  PERFORM 1 FROM patient_month WHERE tenant_id = p_tenant AND patient_id = p_patient AND service_month = p_month FOR UPDATE;
  WITH live AS (
    SELECT e.* FROM time_entry e
     WHERE e.tenant_id = p_tenant AND e.patient_id = p_patient AND e.service_month = p_month AND NOT e.is_superseded
  ), counted AS (
    SELECT l.performer_role, l.duration_seconds,
           row_number() OVER (PARTITION BY coalesce(l.contact_id, l.id) ORDER BY l.duration_seconds DESC, l.id) AS rank_in_contact
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

CREATE OR REPLACE FUNCTION time_entry_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR OLD.review_status IS DISTINCT FROM NEW.review_status THEN
    PERFORM patient_month_refresh(NEW.tenant_id, NEW.patient_id, NEW.service_month);
  END IF;
  RETURN NULL;
END $$;
DROP FUNCTION patient_month_apply(time_entry, integer);

-- The running timer of a person, kept on the server (survives reload and sign-out).
-- At most one RUNNING timer per person across all clinics (global unique index: it sees rows of
-- every tenant even where RLS hides them), and at most one timer per person and patient (a paused
-- one waits to be resumed or stopped). Rows are tenant-scoped like every tenant table, and a
-- restrictive policy shows a signed-in user only their own timers.
CREATE TABLE work_timer (
  tenant_id         uuid NOT NULL,
  id                uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id           uuid NOT NULL,
  patient_id        uuid NOT NULL,
  activity          text NOT NULL DEFAULT 'other',
  -- Closed running spans; the open one is [running_since, now) while running.
  spans             tstzmultirange NOT NULL DEFAULT '{}',
  running_since     timestamptz(6),
  -- Time taken out of the timer: idle spans answered "no", and calls that absorbed the interval.
  removed           tstzmultirange NOT NULL DEFAULT '{}',
  last_activity_at  timestamptz(6) NOT NULL DEFAULT now(),
  started_at        timestamptz(6) NOT NULL DEFAULT now(),
  updated_at        timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT work_timer_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT work_timer_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT work_timer_user_fkey FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX work_timer_one_running_per_user ON work_timer (user_id) WHERE running_since IS NOT NULL;
CREATE UNIQUE INDEX work_timer_user_patient_key ON work_timer (user_id, tenant_id, patient_id);
ALTER TABLE work_timer ENABLE ROW LEVEL SECURITY;
ALTER TABLE work_timer FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON work_timer USING (tenant_id = ANY (rls.scope_tenant_ids())) WITH CHECK (tenant_id = ANY (rls.scope_tenant_ids()));
CREATE POLICY own_timer_only ON work_timer AS RESTRICTIVE
  USING (coalesce(current_setting('carefold.user_id', true), '') IN ('', user_id::text))
  WITH CHECK (coalesce(current_setting('carefold.user_id', true), '') IN ('', user_id::text));
GRANT SELECT, INSERT, UPDATE, DELETE ON work_timer TO carefold_app;

-- A call's suggested claim is floor(talk seconds / 60): a 30-second call suggests 0 minutes (and
-- still counts its 30 seconds once confirmed).
ALTER TABLE call_time_draft DROP CONSTRAINT call_time_draft_minutes_check;
ALTER TABLE call_time_draft ADD CONSTRAINT call_time_draft_minutes_check CHECK (minutes >= 0);
