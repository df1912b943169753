-- Worklist paging by position instead of offset (issue #6, decision 0013). Page N by OFFSET had to
-- read each clinic's first N × page-size rows and sort all of them (page 10 of a 20-clinic queue:
-- 10,000 rows, 35 ms). A page now starts after (or before) a patient of the previous page: each
-- clinic's walk starts at that position in its rank index, so every page costs what the first does.
--
-- For that the index order must be comparable with a row comparison, which NULLs break
-- ("last contact" is NULL for never-contacted patients and sorts first): contact_key is the last
-- contact with NULL as -infinity, the same order as last_contact_on NULLS FIRST.

ALTER TABLE worklist_patient ADD COLUMN contact_key date GENERATED ALWAYS AS (coalesce(last_contact_on, '-infinity'::date)) STORED;

DROP INDEX worklist_patient_rank_idx;
CREATE INDEX worklist_patient_rank_idx ON worklist_patient
  (tenant_id, service_month, risk_rank, contact_key, last_name, first_name, patient_id)
  INCLUDE (coordinator_user_id, time_zone, minutes, ccm_status, last_contact_on)
  WHERE ccm_status IN ('enrolled', 'consented');

-- The global worklist order of a rank in a clinic with p_days days left, as a comparable array:
-- minutes met last, then below 20 minutes first, then most minutes still needed per day left.
-- Within a clinic it is strictly increasing in risk_rank, and equal ratios compare equal across
-- clinics (IEEE division of small integers is exact for equal fractions), so "rank key, then
-- contact_key, names, id" is one total order for the merged queue.
CREATE FUNCTION worklist_rank_key(p_rank integer, p_days integer) RETURNS float8[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ARRAY[(p_rank >= 200)::int, (p_rank >= 20)::int,
               -((CASE WHEN p_rank < 20 THEN 20 - p_rank WHEN p_rank < 200 THEN 120 - p_rank ELSE 0 END)::float8 / greatest(p_days, 1))]::float8[]
$$;

-- The ranks worklist_patient.risk_rank can take (0-19: below 20 minutes; 100-119: minutes still
-- needed for 40 or 60; 200: 60 or more).
CREATE FUNCTION worklist_ranks() RETURNS SETOF integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT generate_series(0, 19) UNION ALL SELECT generate_series(100, 119) UNION ALL SELECT 200
$$;

-- The table changes with every time entry; vacuum it often so the worklist's index-only scans
-- find pages marked all-visible instead of visiting the heap.
ALTER TABLE worklist_patient SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02);
