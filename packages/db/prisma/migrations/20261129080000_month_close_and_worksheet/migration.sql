-- Month close and billing worksheet (issue 8): the clinic's billing profile, other services billed
-- for a patient-month, the close of a clinic-month (run history, input checksum, approval), one
-- worksheet row per patient-month, and the claim files exported from an approved close.
-- Money is integer cents. Every table: tenant_id first in the key and in every foreign key, RLS forced.

-- What a claim needs about the clinic as billing provider. Absent row = defaults for the close;
-- exports refuse until the NPI, tax id and address are set.
CREATE TABLE billing_setting (
  tenant_id        uuid NOT NULL,
  billing_name     text NOT NULL CHECK (length(trim(billing_name)) > 0),
  billing_npi      char(10) NOT NULL CHECK (billing_npi ~ '^[0-9]{10}$'),
  tax_id           char(9) NOT NULL CHECK (tax_id ~ '^[0-9]{9}$'),
  address_line1    text NOT NULL,
  city             text NOT NULL,
  state            char(2) NOT NULL CHECK (state ~ '^[A-Z]{2}$'),
  postal_code      char(9) NOT NULL CHECK (postal_code ~ '^[0-9]{9}$'),
  place_of_service char(2) NOT NULL DEFAULT '11' CHECK (place_of_service ~ '^[0-9]{2}$'),
  -- The date each claim line carries (and that picks the rate period): ccm-rules option dateOfService.
  date_of_service  text NOT NULL DEFAULT 'last_day_of_month' CHECK (date_of_service IN ('last_day_of_month', 'first_day_of_month')),
  -- Submitter EDI contact (837P 1000A PER), ten digits.
  contact_phone    char(10) NOT NULL CHECK (contact_phone ~ '^[0-9]{10}$'),
  submitter_id     text NOT NULL CHECK (submitter_id ~ '^[A-Z0-9]{2,15}$'),
  receiver_id      text NOT NULL CHECK (receiver_id ~ '^[A-Z0-9]{2,15}$'),
  payer_name       text NOT NULL DEFAULT 'MEDICARE',
  payer_id         text NOT NULL CHECK (payer_id ~ '^[A-Z0-9]{2,15}$'),
  updated_at       timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT billing_setting_pkey PRIMARY KEY (tenant_id),
  CONSTRAINT billing_setting_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE
);

-- Services billed for a patient-month outside our CCM (TCM, PCM, APCM, RPM, BHI, CCM elsewhere):
-- the close passes them to ccm-rules as `otherServices`.
CREATE TABLE other_service (
  tenant_id         uuid NOT NULL,
  id                uuid NOT NULL DEFAULT gen_random_uuid(),
  patient_id        uuid NOT NULL,
  service_month     char(7) NOT NULL CHECK (service_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  code              text NOT NULL CHECK (code ~ '^[0-9A-Z]{5}$'),
  same_practitioner boolean NOT NULL,
  source            text NOT NULL CHECK (source IN ('form', 'csv')),
  note              text,
  created_by        uuid,
  created_at        timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT other_service_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT other_service_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX other_service_patient_month_code_key ON other_service (tenant_id, patient_id, service_month, code, same_practitioner);
CREATE INDEX other_service_month_idx ON other_service (tenant_id, service_month);

-- One close per clinic and service month. status: queued → running → closed → approved;
-- reopened (vendor admin, with reason) unlocks the month until the next close.
-- run_id/input_checksum are the latest completed run's; cursor_patient_id lets a crashed run resume.
CREATE TABLE month_close (
  tenant_id         uuid NOT NULL,
  service_month     char(7) NOT NULL CHECK (service_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  status            text NOT NULL CHECK (status IN ('queued', 'running', 'closed', 'approved', 'reopened', 'failed')),
  run_id            uuid,
  input_checksum    char(64),
  cursor_patient_id uuid,
  patients_total    integer NOT NULL DEFAULT 0,
  patients_done     integer NOT NULL DEFAULT 0,
  billable_count    integer NOT NULL DEFAULT 0,
  blocked_count     integer NOT NULL DEFAULT 0,
  below_count       integer NOT NULL DEFAULT 0,
  excluded_count    integer NOT NULL DEFAULT 0,
  amount_cents      bigint NOT NULL DEFAULT 0,
  requested_by      uuid,
  requested_at      timestamptz(6) NOT NULL DEFAULT now(),
  started_at        timestamptz(6),
  heartbeat_at      timestamptz(6),
  closed_at         timestamptz(6),
  approved_by       uuid,
  approved_at       timestamptz(6),
  reopened_by       uuid,
  reopened_at       timestamptz(6),
  reopen_reason     text,
  error             text,
  CONSTRAINT month_close_pkey PRIMARY KEY (tenant_id, service_month),
  CONSTRAINT month_close_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT month_close_approved_has_who CHECK (status <> 'approved' OR (approved_by IS NOT NULL AND approved_at IS NOT NULL))
);
CREATE INDEX month_close_pending_idx ON month_close (status, requested_at) WHERE status IN ('queued', 'running');

-- Every run of a close, for the record: what it read (checksum) and what it changed.
CREATE TABLE month_close_run (
  tenant_id      uuid NOT NULL,
  id             uuid NOT NULL,
  service_month  char(7) NOT NULL,
  status         text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  started_at     timestamptz(6) NOT NULL DEFAULT now(),
  finished_at    timestamptz(6),
  input_checksum char(64),
  rows_written   integer NOT NULL DEFAULT 0,
  rows_unchanged integer NOT NULL DEFAULT 0,
  rows_removed   integer NOT NULL DEFAULT 0,
  resumed_count  integer NOT NULL DEFAULT 0,
  error          text,
  CONSTRAINT month_close_run_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT month_close_run_close_fkey FOREIGN KEY (tenant_id, service_month) REFERENCES month_close (tenant_id, service_month) ON DELETE CASCADE ON UPDATE CASCADE
);

-- One row per enrolled patient-month of a close. `status` is what billing reads (issue 9 builds
-- invoices from status = 'billable' rows of an approved close): 'excluded' when the clinic
-- excluded the row, else what the rules decided ('billable', 'blocked', 'below_threshold').
-- input_hash is the checksum of what the row was computed from; result_hash of what it says,
-- so a re-run rewrites only rows whose result changed.
CREATE TABLE worksheet_row (
  tenant_id               uuid NOT NULL,
  service_month           char(7) NOT NULL,
  patient_id              uuid NOT NULL,
  run_id                  uuid NOT NULL,
  evaluated_status        text NOT NULL CHECK (evaluated_status IN ('billable', 'blocked', 'below_threshold')),
  status                  text GENERATED ALWAYS AS (CASE WHEN excluded_at IS NOT NULL THEN 'excluded' ELSE evaluated_status END) STORED,
  lane                    text CHECK (lane IN ('staff', 'complex', 'practitioner')),
  -- [{ "code": "99490", "units": 1, "amountCents": 6049 }, …] base first, add-ons after.
  lines                   jsonb NOT NULL DEFAULT '[]'::jsonb,
  codes                   text[] NOT NULL DEFAULT '{}',
  staff_minutes           integer NOT NULL DEFAULT 0,
  practitioner_minutes    integer NOT NULL DEFAULT 0,
  logged_minutes          integer NOT NULL DEFAULT 0,
  entry_count             integer NOT NULL DEFAULT 0,
  amount_cents            integer NOT NULL DEFAULT 0 CHECK (amount_cents >= 0),
  coinsurance_cents       integer NOT NULL DEFAULT 0 CHECK (coinsurance_cents >= 0),
  -- [{ "code": "consent_missing", "severity": "block", "message": "…" }, …] from @carefold/ccm-rules.
  findings                jsonb NOT NULL DEFAULT '[]'::jsonb,
  date_of_service         date NOT NULL,
  diagnosis_codes         text[] NOT NULL DEFAULT '{}',
  billing_practitioner_id uuid,
  consent_obtained_on     date,
  input_hash              char(64) NOT NULL,
  result_hash             char(64) NOT NULL,
  excluded_reason         text,
  excluded_by             uuid,
  excluded_at             timestamptz(6),
  updated_at              timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT worksheet_row_pkey PRIMARY KEY (tenant_id, service_month, patient_id),
  CONSTRAINT worksheet_row_close_fkey FOREIGN KEY (tenant_id, service_month) REFERENCES month_close (tenant_id, service_month) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT worksheet_row_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON UPDATE CASCADE,
  CONSTRAINT worksheet_row_practitioner_fkey FOREIGN KEY (tenant_id, billing_practitioner_id) REFERENCES practitioner (tenant_id, id) ON UPDATE CASCADE,
  CONSTRAINT worksheet_row_exclusion_has_reason CHECK ((excluded_at IS NULL) = (excluded_reason IS NULL))
);
CREATE INDEX worksheet_row_status_idx ON worksheet_row (tenant_id, service_month, status);

-- CSV and 837P files of an approved close. control_number: the 837P interchange control number
-- (ISA13/IEA02), unique per clinic; CSV files number in their own sequence.
CREATE TABLE claim_export (
  tenant_id      uuid NOT NULL,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  service_month  char(7) NOT NULL,
  format         text NOT NULL CHECK (format IN ('csv', 'x12_837p')),
  control_number integer NOT NULL CHECK (control_number BETWEEN 1 AND 999999999),
  document_id    uuid NOT NULL,
  claim_count    integer NOT NULL,
  amount_cents   bigint NOT NULL,
  created_by     uuid,
  created_at     timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT claim_export_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT claim_export_close_fkey FOREIGN KEY (tenant_id, service_month) REFERENCES month_close (tenant_id, service_month) ON UPDATE CASCADE,
  CONSTRAINT claim_export_document_fkey FOREIGN KEY (tenant_id, document_id) REFERENCES document (tenant_id, id) ON UPDATE CASCADE
);
CREATE UNIQUE INDEX claim_export_control_number_key ON claim_export (tenant_id, format, control_number);

-- A closed month is frozen: no review decision may change its counted minutes, and its other
-- services cannot change (new entries were already refused by time_entry_guard).
CREATE FUNCTION closed_month_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END;
  m text := CASE WHEN TG_OP = 'DELETE' THEN OLD.service_month ELSE NEW.service_month END;
BEGIN
  IF EXISTS (SELECT 1 FROM service_month_lock l WHERE l.tenant_id = t AND l.service_month = m) THEN
    RAISE EXCEPTION 'service month % is closed', m USING ERRCODE = 'P0001', HINT = 'month_locked';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER time_entry_review_closed_guard BEFORE UPDATE OF review_status ON time_entry FOR EACH ROW EXECUTE FUNCTION closed_month_guard();
CREATE TRIGGER other_service_closed_guard BEFORE INSERT OR UPDATE OR DELETE ON other_service FOR EACH ROW EXECUTE FUNCTION closed_month_guard();

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['billing_setting', 'other_service', 'month_close', 'month_close_run', 'worksheet_row', 'claim_export'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = ANY (rls.scope_tenant_ids())) WITH CHECK (tenant_id = ANY (rls.scope_tenant_ids()))', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON billing_setting, month_close, month_close_run TO carefold_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON other_service, worksheet_row TO carefold_app;
-- Exports are a record of what was sent: written once.
GRANT SELECT, INSERT ON claim_export TO carefold_app;
