-- Issue 24 items 1–2: every patient's real payer.
--
-- payer: the clinic's payer directory. One row per payer the clinic bills or that pays a share
-- (traditional Medicare through its MAC, each Medicare Advantage plan, a Medigap carrier, the state
-- Medicaid agency, a commercial plan). edi_payer_id is the id the clearinghouse routes on (837
-- 2010BB NM109); claim_type, receiver_id and submitter_id are null where the clinic's billing
-- setting applies (one clearinghouse account for every payer is the common case).
CREATE TABLE payer (
  tenant_id     uuid NOT NULL,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  name          text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 60),
  plan_type     text NOT NULL CHECK (plan_type IN ('medicare', 'medicare_advantage', 'medigap', 'medicaid', 'commercial')),
  edi_payer_id  text NOT NULL CHECK (edi_payer_id ~ '^[0-9A-Z]{2,80}$'),
  claim_type    text CHECK (claim_type IN ('837p', '837i')),
  receiver_id   text CHECK (receiver_id ~ '^[0-9A-Z]{2,15}$'),
  submitter_id  text CHECK (submitter_id ~ '^[0-9A-Z]{2,15}$'),
  active        boolean NOT NULL DEFAULT true,
  created_by    uuid,
  created_at    timestamptz(6) NOT NULL DEFAULT now(),
  updated_at    timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT payer_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT payer_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT payer_user_fkey FOREIGN KEY (created_by) REFERENCES app_user (id)
);
CREATE UNIQUE INDEX payer_name_key ON payer (tenant_id, lower(btrim(name)));

-- A Medicare Advantage plan's (or any non-Medicare payer's) contracted per-unit amounts by code and
-- year. Where a payer has none for a code and year, Medicare's amount is used and marked assumed.
CREATE TABLE payer_fee_schedule_rate (
  tenant_id  uuid NOT NULL,
  payer_id   uuid NOT NULL,
  code       text NOT NULL CHECK (code ~ '^[0-9A-Z]{5}$'),
  year       integer NOT NULL CHECK (year BETWEEN 2020 AND 2100),
  cents      integer NOT NULL CHECK (cents > 0 AND cents <= 10000000),
  entered_by uuid NOT NULL,
  source     text NOT NULL CHECK (length(source) BETWEEN 1 AND 300),
  updated_at timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT payer_fee_schedule_rate_pkey PRIMARY KEY (tenant_id, payer_id, code, year),
  CONSTRAINT payer_fee_schedule_rate_payer_fkey FOREIGN KEY (tenant_id, payer_id) REFERENCES payer (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT payer_fee_schedule_rate_user_fkey FOREIGN KEY (entered_by) REFERENCES app_user (id)
);

-- patient_coverage: a patient's coverage, effective-dated, with its history kept. A row is never
-- deleted or edited in place: a correction inserts the new row and marks the old one superseded in
-- the same transaction (superseded_at, superseded_by_id, supersede_reason). The coverage in force on
-- a date is the unsuperseded row of that rank whose [effective_from, effective_to] holds the date.
-- plan_type is the patient's plan under the payer: 'qmb' is a Medicaid payer paying Medicare cost
-- sharing for a Qualified Medicare Beneficiary (no patient share), 'medicaid' full Medicaid.
-- member_id: the MBI for traditional Medicare (checked), the plan's member id otherwise.
CREATE TABLE patient_coverage (
  tenant_id         uuid NOT NULL,
  id                uuid NOT NULL DEFAULT gen_random_uuid(),
  patient_id        uuid NOT NULL,
  payer_id          uuid NOT NULL,
  rank              text NOT NULL CHECK (rank IN ('primary', 'secondary')),
  plan_type         text NOT NULL CHECK (plan_type IN ('medicare', 'medicare_advantage', 'medigap', 'medicaid', 'qmb', 'commercial')),
  member_id         text NOT NULL CHECK (member_id ~ '^[0-9A-Za-z-]{1,80}$'),
  group_number      text CHECK (group_number ~ '^[0-9A-Za-z -]{1,50}$'),
  effective_from    date NOT NULL,
  effective_to      date,
  source            text NOT NULL CHECK (source IN ('manual', 'csv_import', 'fhir_import', 'eligibility', 'migrated')),
  source_ref        text CHECK (length(source_ref) <= 200),
  recorded_by       uuid,
  recorded_at       timestamptz(6) NOT NULL DEFAULT now(),
  superseded_at     timestamptz(6),
  superseded_by     uuid,
  superseded_by_id  uuid,
  supersede_reason  text CHECK (length(supersede_reason) <= 500),
  CONSTRAINT patient_coverage_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT patient_coverage_dates CHECK (effective_to IS NULL OR effective_to >= effective_from),
  CONSTRAINT patient_coverage_mbi CHECK (plan_type <> 'medicare' OR member_id ~ '^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y]{2}[0-9]{2}$'),
  CONSTRAINT patient_coverage_superseded CHECK ((superseded_at IS NULL) = (supersede_reason IS NULL)),
  CONSTRAINT patient_coverage_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT patient_coverage_payer_fkey FOREIGN KEY (tenant_id, payer_id) REFERENCES payer (tenant_id, id) ON UPDATE CASCADE,
  CONSTRAINT patient_coverage_next_fkey FOREIGN KEY (tenant_id, superseded_by_id) REFERENCES patient_coverage (tenant_id, id),
  CONSTRAINT patient_coverage_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES app_user (id),
  CONSTRAINT patient_coverage_superseded_by_fkey FOREIGN KEY (superseded_by) REFERENCES app_user (id),
  -- One coverage of each rank in force on any day: two primaries for one date is a question the
  -- clinic must answer, not one the close guesses at.
  CONSTRAINT patient_coverage_no_overlap EXCLUDE USING gist (
    tenant_id WITH =, patient_id WITH =, rank WITH =, daterange(effective_from, effective_to, '[]') WITH &&
  ) WHERE (superseded_at IS NULL)
);
CREATE INDEX patient_coverage_payer_idx ON patient_coverage (tenant_id, payer_id) WHERE superseded_at IS NULL;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['payer', 'payer_fee_schedule_rate', 'patient_coverage'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = ANY (rls.scope_tenant_ids())) WITH CHECK (tenant_id = ANY (rls.scope_tenant_ids()))', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON payer TO carefold_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON payer_fee_schedule_rate TO carefold_app;
-- Coverage history is kept: rows are inserted, and only the supersede columns change later.
GRANT SELECT, INSERT ON patient_coverage TO carefold_app;
GRANT UPDATE (superseded_at, superseded_by, superseded_by_id, supersede_reason) ON patient_coverage TO carefold_app;

-- Existing clinics billed every patient to the one payer in billing_setting. Carry that forward so
-- no month changes: the payer becomes the directory's traditional Medicare entry, and each patient
-- with an MBI gets a primary coverage under it from the first day of the month the patient was
-- added (or of the earliest time recorded for them, if earlier), marked 'migrated'.
INSERT INTO payer (tenant_id, name, plan_type, edi_payer_id)
SELECT bs.tenant_id, left(coalesce(nullif(btrim(bs.payer_name), ''), 'Medicare'), 60), 'medicare', bs.payer_id
  FROM billing_setting bs
 WHERE bs.payer_id ~ '^[0-9A-Z]{2,80}$';

INSERT INTO patient_coverage (tenant_id, patient_id, payer_id, rank, plan_type, member_id, effective_from, source, source_ref)
SELECT p.tenant_id, p.id, py.id, 'primary', 'medicare', p.mbi,
       date_trunc('month', least(p.created_at::date, coalesce((SELECT min(te.performed_on) FROM time_entry te WHERE te.tenant_id = p.tenant_id AND te.patient_id = p.id), p.created_at::date)))::date,
       'migrated', 'billing_setting.payer_id'
  FROM patient p
  JOIN payer py ON py.tenant_id = p.tenant_id AND py.plan_type = 'medicare'
 WHERE p.mbi IS NOT NULL;
