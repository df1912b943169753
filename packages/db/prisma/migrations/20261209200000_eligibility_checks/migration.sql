-- Issue 24 item 4: eligibility checks. A clinic generates X12 270 inquiries (005010X279A1) for its
-- enrolled patients and uploads the 271 responses; each subscriber of a 271 is matched back to a
-- patient, may change the patient's coverage (through the coverage service, source 'eligibility')
-- and may raise a flag the clinic must look at before the month closes. Every row is a fact
-- written once: the app may insert and read, never update or delete (decision 0053).

-- One 270 interchange: one payer (information source) and its receiver. The interchange control
-- number comes from the registry the claim exports use (x12_control_number, decision 0043), so a
-- 270 and an 837 of the same submitter id never repeat ISA13.
CREATE TABLE eligibility_inquiry (
  tenant_id        uuid NOT NULL,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  payer_id         uuid NOT NULL,
  document_id      uuid NOT NULL,
  submitter_id     text NOT NULL,
  receiver_id      text NOT NULL CHECK (receiver_id ~ '^[0-9A-Z]{2,15}$'),
  control_number   integer NOT NULL,
  usage_indicator  char(1) NOT NULL CHECK (usage_indicator IN ('P', 'T')),
  as_of            date NOT NULL,
  subscriber_count integer NOT NULL CHECK (subscriber_count > 0),
  created_by       uuid NOT NULL,
  created_at       timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT eligibility_inquiry_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT eligibility_inquiry_payer_fkey FOREIGN KEY (tenant_id, payer_id) REFERENCES payer (tenant_id, id) ON UPDATE CASCADE,
  CONSTRAINT eligibility_inquiry_document_fkey FOREIGN KEY (tenant_id, document_id) REFERENCES document (tenant_id, id) ON UPDATE CASCADE,
  CONSTRAINT eligibility_inquiry_control_fkey FOREIGN KEY (submitter_id, control_number) REFERENCES x12_control_number (submitter_id, control_number),
  CONSTRAINT eligibility_inquiry_user_fkey FOREIGN KEY (created_by) REFERENCES app_user (id)
);
CREATE UNIQUE INDEX eligibility_inquiry_control_key ON eligibility_inquiry (submitter_id, control_number);

-- One subscriber of a 270: the trace number we put in its 2000C TRN*1 (the payer echoes it in the
-- 271's TRN*2), so the answer is matched to the patient we asked about. Unique per clinic.
CREATE TABLE eligibility_inquiry_subscriber (
  tenant_id     uuid NOT NULL,
  trace_number  text NOT NULL CHECK (trace_number ~ '^[0-9A-Z]{1,50}$'),
  inquiry_id    uuid NOT NULL,
  patient_id    uuid NOT NULL,
  member_id     text NOT NULL,
  CONSTRAINT eligibility_inquiry_subscriber_pkey PRIMARY KEY (tenant_id, trace_number),
  CONSTRAINT eligibility_inquiry_subscriber_inquiry_fkey FOREIGN KEY (tenant_id, inquiry_id) REFERENCES eligibility_inquiry (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT eligibility_inquiry_subscriber_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE
);

-- A 271 a clinic admin uploaded, once per clinic by its SHA-256 (the same file again is "already
-- read" and changes nothing).
CREATE TABLE eligibility_file (
  tenant_id        uuid NOT NULL,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  sha256           char(64) NOT NULL,
  document_id      uuid NOT NULL,
  file_name        text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  payer_name       text,
  subscriber_count integer NOT NULL CHECK (subscriber_count >= 0),
  uploaded_by      uuid NOT NULL,
  created_at       timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT eligibility_file_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT eligibility_file_document_fkey FOREIGN KEY (tenant_id, document_id) REFERENCES document (tenant_id, id) ON UPDATE CASCADE,
  CONSTRAINT eligibility_file_user_fkey FOREIGN KEY (uploaded_by) REFERENCES app_user (id)
);
CREATE UNIQUE INDEX eligibility_file_sha256_key ON eligibility_file (tenant_id, sha256);

-- One subscriber of a 271 as read: what the payer said (answer: the parsed Medicare parts,
-- Medicare Advantage plan and rejections), the patient it matched (null: none, never guessed),
-- what it changed in the patient's coverage (change: coverage rows ended and recorded), and the
-- flag it raises (flag_kind, flag_text, flag_date: the day the change takes effect).
CREATE TABLE eligibility_result (
  tenant_id     uuid NOT NULL,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  file_id       uuid NOT NULL,
  position      integer NOT NULL CHECK (position >= 1),
  trace_number  text,
  patient_id    uuid,
  matched_by    text CHECK (matched_by IN ('trace', 'member_dob')),
  status        text NOT NULL CHECK (status IN ('traditional', 'medicare_advantage', 'inactive', 'rejected')),
  answer        jsonb NOT NULL,
  change        jsonb,
  flag_kind     text CHECK (flag_kind IN ('moved_to_medicare_advantage', 'plan_not_in_directory', 'lost_part_b', 'moved_to_traditional', 'not_found', 'not_matched')),
  flag_text     text CHECK (length(flag_text) <= 300),
  flag_date     date,
  created_at    timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT eligibility_result_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT eligibility_result_file_fkey FOREIGN KEY (tenant_id, file_id) REFERENCES eligibility_file (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT eligibility_result_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT eligibility_result_matched CHECK ((patient_id IS NULL) = (matched_by IS NULL)),
  CONSTRAINT eligibility_result_flag CHECK ((flag_kind IS NULL) = (flag_text IS NULL))
);
CREATE UNIQUE INDEX eligibility_result_position_key ON eligibility_result (tenant_id, file_id, position);
CREATE INDEX eligibility_result_patient_idx ON eligibility_result (tenant_id, patient_id, created_at DESC);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['eligibility_inquiry', 'eligibility_inquiry_subscriber', 'eligibility_file', 'eligibility_result'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = ANY (rls.scope_tenant_ids())) WITH CHECK (tenant_id = ANY (rls.scope_tenant_ids()))', t);
    EXECUTE format('GRANT SELECT, INSERT ON %I TO carefold_app', t);
  END LOOP;
END $$;
