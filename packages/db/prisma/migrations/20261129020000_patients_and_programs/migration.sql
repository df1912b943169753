-- Patients and programs: practitioners, the patient record (phones, problems, medications,
-- allergies, care team, encounters), program enrollment with its status history, consent with
-- evidence, documents in object storage, versioned care plans and panel imports.
-- Every table: tenant_id first in the primary key and in every foreign key, RLS forced.

CREATE TYPE patient_sex AS ENUM ('female', 'male', 'other', 'unknown');
CREATE TYPE patient_status AS ENUM ('active', 'inactive', 'deceased');
CREATE TYPE phone_type AS ENUM ('mobile', 'home', 'work');
CREATE TYPE encounter_kind AS ENUM ('em_visit', 'awv', 'ippe', 'tcm_face_to_face', 'other');
CREATE TYPE care_program AS ENUM ('ccm', 'pcm', 'apcm', 'rpm');
CREATE TYPE enrollment_status AS ENUM ('identified', 'outreach', 'consented', 'enrolled', 'disenrolled', 'declined', 'ineligible', 'unable_to_reach');
CREATE TYPE consent_method AS ENUM ('verbal', 'written');
CREATE TYPE document_kind AS ENUM ('consent_form', 'care_plan_pdf', 'panel_import', 'call_recording', 'audit_packet', 'export', 'other');
CREATE TYPE care_plan_status AS ENUM ('draft', 'awaiting_signoff', 'signed');
CREATE TYPE panel_import_status AS ENUM ('previewed', 'committed', 'rejected');

CREATE TABLE practitioner (
  tenant_id   uuid NOT NULL,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (length(trim(name)) > 0),
  npi         char(10) NOT NULL CHECK (npi ~ '^[0-9]{10}$'),
  credentials text,
  user_id     uuid,
  is_active   boolean NOT NULL DEFAULT true,
  created_at  timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT practitioner_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT practitioner_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT practitioner_user_id_fkey FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE UNIQUE INDEX practitioner_tenant_npi_key ON practitioner (tenant_id, npi);

CREATE TABLE document (
  tenant_id    uuid NOT NULL,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  kind         document_kind NOT NULL,
  storage_key  text NOT NULL,
  file_name    text NOT NULL,
  content_type text NOT NULL,
  size_bytes   bigint NOT NULL CHECK (size_bytes >= 0),
  sha256       char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  patient_id   uuid,
  uploaded_by  uuid,
  created_at   timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT document_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT document_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT document_key_in_tenant_prefix CHECK (storage_key LIKE 'tenants/' || tenant_id::text || '/%')
);
CREATE UNIQUE INDEX document_tenant_storage_key_key ON document (tenant_id, storage_key);

CREATE TABLE patient (
  tenant_id               uuid NOT NULL,
  id                      uuid NOT NULL DEFAULT gen_random_uuid(),
  first_name              text NOT NULL CHECK (length(trim(first_name)) > 0),
  last_name               text NOT NULL CHECK (length(trim(last_name)) > 0),
  date_of_birth           date NOT NULL,
  sex                     patient_sex NOT NULL DEFAULT 'unknown',
  mbi                     char(11) CHECK (mbi ~ '^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y]{2}[0-9]{2}$'),
  medical_record_number   text,
  other_insurance         text,
  address_line1           text,
  city                    text,
  state                   char(2) CHECK (state ~ '^[A-Z]{2}$'),
  postal_code             text CHECK (postal_code ~ '^[0-9]{5}(-[0-9]{4})?$'),
  time_zone               text NOT NULL,
  preferred_language      text NOT NULL DEFAULT 'en',
  billing_practitioner_id uuid,
  status                  patient_status NOT NULL DEFAULT 'active',
  -- Derived from the problem list by @carefold/ccm-rules whenever problems change (for filtering).
  eligibility             text NOT NULL DEFAULT 'not_eligible' CHECK (eligibility IN ('ccm_candidate', 'pcm_candidate', 'not_eligible')),
  qualifying_conditions   integer NOT NULL DEFAULT 0,
  -- Normalised name for de-duplication; a plain column so RLS-safe (leakproof) equality can use the index.
  name_key                text GENERATED ALWAYS AS (lower(last_name) || '|' || lower(first_name)) STORED,
  created_at              timestamptz(6) NOT NULL DEFAULT now(),
  updated_at              timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT patient_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT patient_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT patient_billing_practitioner_fkey FOREIGN KEY (tenant_id, billing_practitioner_id) REFERENCES practitioner (tenant_id, id) ON UPDATE CASCADE
);
CREATE UNIQUE INDEX patient_tenant_mbi_key ON patient (tenant_id, mbi) WHERE mbi IS NOT NULL;
CREATE INDEX patient_tenant_name_key_dob_idx ON patient (tenant_id, name_key, date_of_birth);

CREATE TABLE patient_phone (
  tenant_id       uuid NOT NULL,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  patient_id      uuid NOT NULL,
  number_e164     text NOT NULL CHECK (number_e164 ~ '^\+[1-9][0-9]{7,14}$'),
  type            phone_type NOT NULL DEFAULT 'mobile',
  is_preferred    boolean NOT NULL DEFAULT false,
  has_sms_consent boolean NOT NULL DEFAULT false,
  opted_out_at    timestamptz(6),
  CONSTRAINT patient_phone_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT patient_phone_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX patient_phone_patient_idx ON patient_phone (tenant_id, patient_id);

CREATE TABLE problem (
  tenant_id       uuid NOT NULL,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  patient_id      uuid NOT NULL,
  icd10_code      text NOT NULL CHECK (icd10_code ~ '^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$'),
  description     text NOT NULL,
  condition_group text,
  is_chronic      boolean NOT NULL DEFAULT false,
  onset_on        date,
  resolved_on     date,
  created_at      timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT problem_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT problem_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX problem_patient_code_key ON problem (tenant_id, patient_id, icd10_code);

CREATE TABLE medication (
  tenant_id  uuid NOT NULL,
  id         uuid NOT NULL DEFAULT gen_random_uuid(),
  patient_id uuid NOT NULL,
  name       text NOT NULL,
  dose       text,
  frequency  text,
  started_on date,
  stopped_on date,
  CONSTRAINT medication_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT medication_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX medication_patient_idx ON medication (tenant_id, patient_id);

CREATE TABLE allergy (
  tenant_id  uuid NOT NULL,
  id         uuid NOT NULL DEFAULT gen_random_uuid(),
  patient_id uuid NOT NULL,
  substance  text NOT NULL,
  reaction   text,
  severity   text,
  CONSTRAINT allergy_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT allergy_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX allergy_patient_idx ON allergy (tenant_id, patient_id);

CREATE TABLE care_team_contact (
  tenant_id    uuid NOT NULL,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  patient_id   uuid NOT NULL,
  name         text NOT NULL,
  role         text NOT NULL,
  organization text,
  phone        text,
  CONSTRAINT care_team_contact_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT care_team_contact_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX care_team_contact_patient_idx ON care_team_contact (tenant_id, patient_id);

CREATE TABLE encounter (
  tenant_id       uuid NOT NULL,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  patient_id      uuid NOT NULL,
  kind            encounter_kind NOT NULL,
  occurred_on     date NOT NULL,
  practitioner_id uuid,
  is_ccm_discussed boolean NOT NULL DEFAULT false,
  CONSTRAINT encounter_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT encounter_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT encounter_practitioner_fkey FOREIGN KEY (tenant_id, practitioner_id) REFERENCES practitioner (tenant_id, id) ON UPDATE CASCADE
);
CREATE INDEX encounter_patient_idx ON encounter (tenant_id, patient_id, occurred_on DESC);

CREATE TABLE program_enrollment (
  tenant_id               uuid NOT NULL,
  id                      uuid NOT NULL DEFAULT gen_random_uuid(),
  patient_id              uuid NOT NULL,
  program                 care_program NOT NULL,
  status                  enrollment_status NOT NULL DEFAULT 'identified',
  status_reason           text,
  billing_practitioner_id uuid,
  enrolled_on             date,
  ends_on                 date,
  updated_at              timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT program_enrollment_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT program_enrollment_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT program_enrollment_practitioner_fkey FOREIGN KEY (tenant_id, billing_practitioner_id) REFERENCES practitioner (tenant_id, id) ON UPDATE CASCADE
);
CREATE UNIQUE INDEX program_enrollment_patient_program_key ON program_enrollment (tenant_id, patient_id, program);
CREATE INDEX program_enrollment_status_idx ON program_enrollment (tenant_id, program, status);

CREATE TABLE enrollment_event (
  tenant_id     uuid NOT NULL,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  enrollment_id uuid NOT NULL,
  from_status   enrollment_status,
  to_status     enrollment_status NOT NULL,
  reason        text,
  note          text,
  actor_user_id uuid,
  at            timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT enrollment_event_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT enrollment_event_enrollment_fkey FOREIGN KEY (tenant_id, enrollment_id) REFERENCES program_enrollment (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX enrollment_event_enrollment_idx ON enrollment_event (tenant_id, enrollment_id, at);

CREATE TABLE consent (
  tenant_id                     uuid NOT NULL,
  id                            uuid NOT NULL DEFAULT gen_random_uuid(),
  enrollment_id                 uuid NOT NULL,
  patient_id                    uuid NOT NULL,
  method                        consent_method NOT NULL,
  disclosed_availability        boolean NOT NULL,
  disclosed_cost_sharing        boolean NOT NULL,
  disclosed_stop_anytime        boolean NOT NULL,
  disclosed_single_practitioner boolean NOT NULL,
  obtained_by_user_id           uuid,
  obtained_by_name              text NOT NULL,
  obtained_on                   date NOT NULL,
  evidence_document_id          uuid,
  notes                         text,
  revoked_on                    date,
  revocation_effective_on       date,
  created_at                    timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT consent_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT consent_enrollment_fkey FOREIGN KEY (tenant_id, enrollment_id) REFERENCES program_enrollment (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT consent_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT consent_evidence_fkey FOREIGN KEY (tenant_id, evidence_document_id) REFERENCES document (tenant_id, id) ON UPDATE CASCADE,
  -- The four required disclosures (ccm-rules §6) are all confirmed, or there is no consent.
  CONSTRAINT consent_all_disclosures CHECK (disclosed_availability AND disclosed_cost_sharing AND disclosed_stop_anytime AND disclosed_single_practitioner),
  CONSTRAINT consent_revocation_after_obtained CHECK (revoked_on IS NULL OR revoked_on >= obtained_on)
);
CREATE INDEX consent_patient_idx ON consent (tenant_id, patient_id);

CREATE TABLE care_plan (
  tenant_id       uuid NOT NULL,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  patient_id      uuid NOT NULL,
  current_version integer NOT NULL DEFAULT 0,
  status          care_plan_status NOT NULL DEFAULT 'draft',
  created_at      timestamptz(6) NOT NULL DEFAULT now(),
  updated_at      timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT care_plan_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT care_plan_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX care_plan_patient_key ON care_plan (tenant_id, patient_id);

CREATE TABLE care_plan_version (
  tenant_id                 uuid NOT NULL,
  id                        uuid NOT NULL DEFAULT gen_random_uuid(),
  care_plan_id              uuid NOT NULL,
  version                   integer NOT NULL CHECK (version >= 1),
  body                      jsonb NOT NULL,
  created_by                uuid,
  created_at                timestamptz(6) NOT NULL DEFAULT now(),
  signed_by_practitioner_id uuid,
  signed_by_user_id         uuid,
  signed_at                 timestamptz(6),
  shared_with_patient_on    date,
  shared_method             text,
  pdf_document_id           uuid,
  CONSTRAINT care_plan_version_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT care_plan_version_plan_fkey FOREIGN KEY (tenant_id, care_plan_id) REFERENCES care_plan (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT care_plan_version_signer_fkey FOREIGN KEY (tenant_id, signed_by_practitioner_id) REFERENCES practitioner (tenant_id, id) ON UPDATE CASCADE,
  CONSTRAINT care_plan_version_pdf_fkey FOREIGN KEY (tenant_id, pdf_document_id) REFERENCES document (tenant_id, id) ON UPDATE CASCADE
);
CREATE UNIQUE INDEX care_plan_version_plan_version_key ON care_plan_version (tenant_id, care_plan_id, version);

CREATE TABLE panel_import (
  tenant_id    uuid NOT NULL,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  status       panel_import_status NOT NULL,
  file_name    text NOT NULL,
  document_id  uuid,
  row_count    integer NOT NULL DEFAULT 0,
  error_count  integer NOT NULL DEFAULT 0,
  created_rows integer NOT NULL DEFAULT 0,
  updated_rows integer NOT NULL DEFAULT 0,
  errors       jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_by   uuid,
  created_at   timestamptz(6) NOT NULL DEFAULT now(),
  committed_at timestamptz(6),
  CONSTRAINT panel_import_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT panel_import_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT panel_import_document_fkey FOREIGN KEY (tenant_id, document_id) REFERENCES document (tenant_id, id) ON UPDATE CASCADE
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['practitioner', 'document', 'patient', 'patient_phone', 'problem', 'medication', 'allergy',
    'care_team_contact', 'encounter', 'program_enrollment', 'enrollment_event', 'consent', 'care_plan',
    'care_plan_version', 'panel_import']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = ANY (rls.scope_tenant_ids())) WITH CHECK (tenant_id = ANY (rls.scope_tenant_ids()))', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO carefold_app', t);
  END LOOP;
END $$;

-- History and evidence are append-only for the runtime role.
REVOKE UPDATE, DELETE ON enrollment_event, document FROM carefold_app;
REVOKE DELETE ON consent, care_plan_version FROM carefold_app;

-- A care-plan version's content never changes after it is written; sign-off and sharing facts
-- are the only updates allowed.
CREATE FUNCTION care_plan_version_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.body IS DISTINCT FROM OLD.body OR NEW.version <> OLD.version OR NEW.care_plan_id <> OLD.care_plan_id THEN
    RAISE EXCEPTION 'care plan version % is immutable; save a new version instead', OLD.version
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER care_plan_version_is_immutable BEFORE UPDATE ON care_plan_version
  FOR EACH ROW EXECUTE FUNCTION care_plan_version_is_immutable();
