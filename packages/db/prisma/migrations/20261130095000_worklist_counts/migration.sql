-- Worklist totals at scale (issue #6, decision 0013). The worklist page itself reads only the top
-- of each clinic's rank index, but its total ("23,086 patients in your queue") counted every
-- queued patient of the coordinator's clinics on every request: O(patients), most of the page's
-- database time at 1,000,000 patients. This table keeps those counts, grouped by everything the
-- worklist filters the total on (clinic, month, owner, time zone for "callable now"), so a total
-- is the sum of a few rows per clinic.
--
-- Kept by statement-level triggers on worklist_patient: each statement adds the counted rows of its
-- NEW transition table and subtracts those of its OLD one, grouped by key, skipping keys whose net
-- change is 0 — so the common update (minutes after a time entry) writes nothing here. Counts only
-- change on enrolment, panel, time-zone and month changes, so contention on a count row is rare.

CREATE TABLE worklist_count (
  tenant_id           uuid NOT NULL,
  service_month       char(7) NOT NULL,
  -- NULL: unassigned patients (the "mine" scope counts them too).
  coordinator_user_id uuid,
  time_zone           text NOT NULL,
  -- Patients of this key whose CCM status is enrolled or consented (the worklist's queue).
  patients            integer NOT NULL CHECK (patients >= 0),
  CONSTRAINT worklist_count_key UNIQUE NULLS NOT DISTINCT (tenant_id, service_month, coordinator_user_id, time_zone)
);

ALTER TABLE worklist_count ENABLE ROW LEVEL SECURITY;
ALTER TABLE worklist_count FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON worklist_count USING (tenant_id = ANY (rls.scope_tenant_ids())) WITH CHECK (tenant_id = ANY (rls.scope_tenant_ids()));
GRANT SELECT, INSERT, UPDATE ON worklist_count TO carefold_app;

CREATE FUNCTION worklist_count_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO worklist_count AS c (tenant_id, service_month, coordinator_user_id, time_zone, patients)
  SELECT n.tenant_id, n.service_month, n.coordinator_user_id, n.time_zone, count(*) FROM inserted n
   WHERE n.ccm_status IN ('enrolled', 'consented')
   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (tenant_id, service_month, coordinator_user_id, time_zone) DO UPDATE SET patients = c.patients + EXCLUDED.patients;
  RETURN NULL;
END $$;

CREATE FUNCTION worklist_count_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE worklist_count c SET patients = c.patients - d.n
    FROM (SELECT o.tenant_id, o.service_month, o.coordinator_user_id, o.time_zone, count(*) AS n FROM deleted o
           WHERE o.ccm_status IN ('enrolled', 'consented') GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4) d
   WHERE c.tenant_id = d.tenant_id AND c.service_month = d.service_month AND c.coordinator_user_id IS NOT DISTINCT FROM d.coordinator_user_id
     AND c.time_zone = d.time_zone;
  RETURN NULL;
END $$;

CREATE FUNCTION worklist_count_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Cheap exit for the common case: no counted key changed (e.g. only minutes moved).
  IF NOT EXISTS (
       SELECT 1 FROM old_rows o JOIN new_rows n ON n.tenant_id = o.tenant_id AND n.patient_id = o.patient_id
        WHERE (o.ccm_status IN ('enrolled', 'consented'), o.service_month, o.coordinator_user_id, o.time_zone)
              IS DISTINCT FROM (n.ccm_status IN ('enrolled', 'consented'), n.service_month, n.coordinator_user_id, n.time_zone)
          AND (o.ccm_status IN ('enrolled', 'consented') OR n.ccm_status IN ('enrolled', 'consented'))) THEN
    RETURN NULL;
  END IF;
  -- Net change per key; decrements are plain updates (the row exists: it counted the old rows),
  -- increments upsert. Both in one statement; a key has one net change, so they never meet.
  WITH change AS (
    SELECT x.tenant_id, x.service_month, x.coordinator_user_id, x.time_zone, sum(x.delta)::int AS delta
      FROM (SELECT n.tenant_id, n.service_month, n.coordinator_user_id, n.time_zone, 1 AS delta FROM new_rows n WHERE n.ccm_status IN ('enrolled', 'consented')
            UNION ALL
            SELECT o.tenant_id, o.service_month, o.coordinator_user_id, o.time_zone, -1 FROM old_rows o WHERE o.ccm_status IN ('enrolled', 'consented')) x
     GROUP BY 1, 2, 3, 4
    HAVING sum(x.delta) <> 0
  ), decrement AS (
    UPDATE worklist_count c SET patients = c.patients + d.delta
      FROM change d
     WHERE d.delta < 0 AND c.tenant_id = d.tenant_id AND c.service_month = d.service_month
       AND c.coordinator_user_id IS NOT DISTINCT FROM d.coordinator_user_id AND c.time_zone = d.time_zone
  )
  INSERT INTO worklist_count AS c (tenant_id, service_month, coordinator_user_id, time_zone, patients)
  SELECT tenant_id, service_month, coordinator_user_id, time_zone, delta FROM change WHERE delta > 0 ORDER BY 1, 2, 3, 4
  ON CONFLICT (tenant_id, service_month, coordinator_user_id, time_zone) DO UPDATE SET patients = c.patients + EXCLUDED.patients;
  RETURN NULL;
END $$;

CREATE TRIGGER worklist_count_on_insert AFTER INSERT ON worklist_patient REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION worklist_count_on_insert();
CREATE TRIGGER worklist_count_on_update AFTER UPDATE ON worklist_patient REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION worklist_count_on_update();
CREATE TRIGGER worklist_count_on_delete AFTER DELETE ON worklist_patient REFERENCING OLD TABLE AS deleted
  FOR EACH STATEMENT EXECUTE FUNCTION worklist_count_on_delete();

-- Rebuilds the counts of some clinics from their worklist rows (the backfill below, and bulk
-- loaders that write worklist_patient with triggers off, such as the synthetic generator).
CREATE FUNCTION worklist_count_rebuild(p_tenants uuid[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM worklist_count WHERE tenant_id = ANY (p_tenants);
  INSERT INTO worklist_count (tenant_id, service_month, coordinator_user_id, time_zone, patients)
  SELECT w.tenant_id, w.service_month, w.coordinator_user_id, w.time_zone, count(*) FROM worklist_patient w
   WHERE w.tenant_id = ANY (p_tenants) AND w.ccm_status IN ('enrolled', 'consented')
   GROUP BY 1, 2, 3, 4;
$$;

-- The count index served only the total; the table replaces it.
DROP INDEX worklist_patient_count_idx;

SELECT set_config('carefold.system_scope', 'on', true);
SELECT set_config('carefold.tenant_ids', coalesce((SELECT string_agg(id::text, ',') FROM tenant), ''), true);
SELECT set_config('carefold.system_scope', '', true);
SELECT worklist_count_rebuild(coalesce((SELECT array_agg(id) FROM tenant), '{}'));
SELECT set_config('carefold.tenant_ids', '', true);
