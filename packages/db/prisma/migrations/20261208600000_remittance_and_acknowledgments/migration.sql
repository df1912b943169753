-- Remittance (835) and acknowledgments (999, 277CA) (issue 16 item 6): what the payer answered
-- about the claims a clinic exported. Every row is a fact from a file the clinic uploaded: written
-- once, never edited. A file is kept once per clinic (by its SHA-256) and a claim payment once per
-- payer claim control number, patient control number and claim status, so uploading the same file
-- again, or a file that repeats a claim, changes nothing.
ALTER TYPE document_kind ADD VALUE IF NOT EXISTS 'payer_file';

CREATE TABLE payer_file (
  tenant_id           uuid NOT NULL,
  id                  uuid NOT NULL DEFAULT gen_random_uuid(),
  kind                text NOT NULL CHECK (kind IN ('835', '999', '277ca')),
  sha256              char(64) NOT NULL,
  document_id         uuid NOT NULL,
  file_name           text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  -- 835 only: the payment as it arrives in the bank.
  payer_name          text,
  payment_cents       bigint,
  payment_date        date,
  trace_number        text,
  claim_count         integer NOT NULL CHECK (claim_count >= 0),
  uploaded_by         uuid NOT NULL,
  created_at          timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT payer_file_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT payer_file_document_fkey FOREIGN KEY (tenant_id, document_id) REFERENCES document (tenant_id, id) ON UPDATE CASCADE,
  CONSTRAINT payer_file_user_fkey FOREIGN KEY (uploaded_by) REFERENCES app_user (id)
);
CREATE UNIQUE INDEX payer_file_sha256_key ON payer_file (tenant_id, sha256);

-- One CLP of an 835. The patient-month is filled in when the patient control number matched one
-- of the clinic's claims (null: not ours, or sent before patient control numbers were kept).
CREATE TABLE claim_payment (
  tenant_id                    uuid NOT NULL,
  id                           uuid NOT NULL DEFAULT gen_random_uuid(),
  payer_file_id                uuid NOT NULL,
  patient_control_number       text NOT NULL CHECK (length(patient_control_number) BETWEEN 1 AND 38),
  payer_claim_control_number   text NOT NULL,
  claim_status_code            text NOT NULL,
  outcome                      text NOT NULL CHECK (outcome IN ('paid', 'adjusted', 'denied', 'reversed')),
  charge_cents                 bigint NOT NULL,
  paid_cents                   bigint NOT NULL,
  patient_responsibility_cents bigint NOT NULL,
  -- Claim-level CAS and MOA/MIA remarks, and the service lines (SVC with their CAS and LQ), as parsed.
  adjustments                  jsonb NOT NULL,
  remarks                      text[] NOT NULL,
  lines                        jsonb NOT NULL,
  payment_date                 date,
  service_month                char(7) CHECK (service_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  patient_id                   uuid,
  created_at                   timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT claim_payment_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT claim_payment_file_fkey FOREIGN KEY (tenant_id, payer_file_id) REFERENCES payer_file (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT claim_payment_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT claim_payment_matched CHECK ((service_month IS NULL) = (patient_id IS NULL))
);
CREATE UNIQUE INDEX claim_payment_claim_key ON claim_payment (tenant_id, payer_claim_control_number, patient_control_number, claim_status_code);
CREATE INDEX claim_payment_month_idx ON claim_payment (tenant_id, service_month, patient_id);

-- A 999 answers a whole claim file (matched to claim_export by its GS06 control number); a 277CA
-- answers each claim (matched to the patient-month by its patient control number).
CREATE TABLE claim_acknowledgment (
  tenant_id              uuid NOT NULL,
  id                     uuid NOT NULL DEFAULT gen_random_uuid(),
  payer_file_id          uuid NOT NULL,
  kind                   text NOT NULL CHECK (kind IN ('999', '277ca')),
  group_control_number   integer,
  claim_export_id        uuid,
  patient_control_number text,
  service_month          char(7) CHECK (service_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  patient_id             uuid,
  status                 text NOT NULL CHECK (status IN ('accepted', 'accepted_with_errors', 'partially_accepted', 'rejected')),
  reasons                text[] NOT NULL,
  created_at             timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT claim_acknowledgment_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT claim_acknowledgment_file_fkey FOREIGN KEY (tenant_id, payer_file_id) REFERENCES payer_file (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT claim_acknowledgment_export_fkey FOREIGN KEY (tenant_id, claim_export_id) REFERENCES claim_export (tenant_id, id) ON UPDATE CASCADE,
  CONSTRAINT claim_acknowledgment_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX claim_acknowledgment_export_idx ON claim_acknowledgment (tenant_id, claim_export_id);
CREATE INDEX claim_acknowledgment_month_idx ON claim_acknowledgment (tenant_id, service_month);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['payer_file', 'claim_payment', 'claim_acknowledgment'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = ANY (rls.scope_tenant_ids())) WITH CHECK (tenant_id = ANY (rls.scope_tenant_ids()))', t);
  END LOOP;
END $$;

-- What a payer said is a record: written once.
GRANT SELECT, INSERT ON payer_file, claim_payment, claim_acknowledgment TO carefold_app;
