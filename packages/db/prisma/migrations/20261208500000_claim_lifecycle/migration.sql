-- Issue 16 items 2–5: claims a payer accepts, sent once.
--
-- claim: one row per billed patient-month, created the first time the month is exported as X12.
-- Its patient control number (CLM01) never changes, so a remittance (835 CLP01) or an
-- acknowledgment (277CA) matches it back to the patient-month whatever version was sent.
-- payer_claim_control_number: the payer's claim number (ICN/DCN, 835 CLP07) once a remittance
-- or acknowledgment reports it; replacements and voids must quote it (2300 REF*F8).
CREATE TABLE claim (
  tenant_id                   uuid NOT NULL,
  id                          uuid NOT NULL DEFAULT gen_random_uuid(),
  patient_id                  uuid NOT NULL,
  service_month               char(7) NOT NULL CHECK (service_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  patient_control_number      varchar(20) NOT NULL CHECK (patient_control_number ~ '^[0-9A-Z]{1,20}$'),
  claim_type                  text NOT NULL CHECK (claim_type IN ('837p', '837i')),
  payer_claim_control_number  varchar(50) CHECK (payer_claim_control_number IS NULL OR payer_claim_control_number ~ '^[0-9A-Za-z-]{1,50}$'),
  created_at                  timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT claim_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT claim_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON UPDATE CASCADE,
  CONSTRAINT claim_close_fkey FOREIGN KEY (tenant_id, service_month) REFERENCES month_close (tenant_id, service_month) ON UPDATE CASCADE
);
CREATE UNIQUE INDEX claim_patient_month_key ON claim (tenant_id, patient_id, service_month);
CREATE UNIQUE INDEX claim_patient_control_number_key ON claim (tenant_id, patient_control_number);

-- Interchange control numbers (ISA13/GS06) are unique per submitter id, and several clinics may
-- send through one submitter id (one clearinghouse account). This registry has no tenant column
-- and holds no PHI, so it is shared: its primary key is what makes a repeated ISA13 impossible
-- across clinics. claim_export points at it.
CREATE TABLE x12_control_number (
  submitter_id   text NOT NULL CHECK (submitter_id ~ '^[0-9A-Z]{2,15}$'),
  control_number integer NOT NULL CHECK (control_number BETWEEN 1 AND 999999999),
  created_at     timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT x12_control_number_pkey PRIMARY KEY (submitter_id, control_number)
);
-- Numbers already used by 837P exports (per clinic until now) stay taken.
INSERT INTO x12_control_number (submitter_id, control_number)
SELECT DISTINCT bs.submitter_id, ce.control_number
  FROM claim_export ce JOIN billing_setting bs ON bs.tenant_id = ce.tenant_id
 WHERE ce.format = 'x12_837p' AND bs.submitter_id ~ '^[0-9A-Z]{2,15}$'
ON CONFLICT DO NOTHING;

ALTER TABLE claim_export DROP CONSTRAINT claim_export_format_check;
ALTER TABLE claim_export ADD CONSTRAINT claim_export_format_check CHECK (format IN ('csv', 'x12_837p', 'x12_837i'));
ALTER TABLE claim_export ADD COLUMN submitter_id text;
ALTER TABLE claim_export ADD COLUMN usage_indicator char(1) CHECK (usage_indicator IN ('P', 'T'));
ALTER TABLE claim_export ADD CONSTRAINT claim_export_control_number_fkey
  FOREIGN KEY (submitter_id, control_number) REFERENCES x12_control_number (submitter_id, control_number);
-- One export per (submitter id, control number): an interchange number is used once.
CREATE UNIQUE INDEX claim_export_submitter_control_key ON claim_export (submitter_id, control_number) WHERE submitter_id IS NOT NULL;

-- claim_submission: each time a claim goes out in an export. Version 1 is the original
-- (frequency 1); later versions replace (7) or void (8) it. "Never a second original" is a
-- constraint, not a convention. snapshot: what was sent (the void repeats it); content_hash
-- tells whether a re-close changed the claim.
CREATE TABLE claim_submission (
  tenant_id       uuid NOT NULL,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  claim_id        uuid NOT NULL,
  version         integer NOT NULL CHECK (version BETWEEN 1 AND 99),
  frequency_code  char(1) NOT NULL CHECK (frequency_code IN ('1', '7', '8')),
  export_id       uuid NOT NULL,
  amount_cents    bigint NOT NULL CHECK (amount_cents >= 0),
  content_hash    char(64) NOT NULL,
  snapshot        jsonb NOT NULL,
  created_at      timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT claim_submission_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT claim_submission_original_first CHECK ((version = 1) = (frequency_code = '1')),
  CONSTRAINT claim_submission_claim_fkey FOREIGN KEY (tenant_id, claim_id) REFERENCES claim (tenant_id, id) ON UPDATE CASCADE,
  CONSTRAINT claim_submission_export_fkey FOREIGN KEY (tenant_id, export_id) REFERENCES claim_export (tenant_id, id) ON UPDATE CASCADE
);
CREATE UNIQUE INDEX claim_submission_version_key ON claim_submission (tenant_id, claim_id, version);
CREATE INDEX claim_submission_export_idx ON claim_submission (tenant_id, export_id);

-- Interchange usage (ISA15) is the clinic's configuration: T while testing with the
-- clearinghouse, P once it accepts production claims.
ALTER TABLE billing_setting ADD COLUMN usage_indicator char(1) NOT NULL DEFAULT 'P' CHECK (usage_indicator IN ('P', 'T'));

-- The billing practitioner's order of the diagnoses on a CCM claim (1 = principal). Unranked
-- chronic problems follow the ranked ones by code.
ALTER TABLE problem ADD COLUMN claim_rank smallint CHECK (claim_rank BETWEEN 1 AND 99);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['claim', 'claim_submission'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = ANY (rls.scope_tenant_ids())) WITH CHECK (tenant_id = ANY (rls.scope_tenant_ids()))', t);
  END LOOP;
END $$;

-- Claims and submissions are a record of what was sent: written once. Only the payer's claim
-- number is filled in later (by the remittance import).
GRANT SELECT, INSERT ON claim, claim_submission TO carefold_app;
GRANT UPDATE (payer_claim_control_number) ON claim TO carefold_app;
GRANT SELECT, INSERT ON x12_control_number TO carefold_app;
