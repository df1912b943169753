-- Complex medical decision making (issue 15 item 2): the billing practitioner documents, per
-- patient and service month, that moderate or high MDM was made. The close bills the complex
-- lane (99487/99489) only for a month with an attestation in force. Attestations are facts:
-- never edited or deleted (the app may only insert); a withdrawal is a second fact in its own
-- table. Both are frozen once the month is locked (closed_month_guard).
CREATE TABLE complex_mdm_attestation (
  tenant_id       uuid NOT NULL,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  patient_id      uuid NOT NULL,
  service_month   char(7) NOT NULL CHECK (service_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  mdm_level       text NOT NULL CHECK (mdm_level IN ('moderate', 'high')),
  decided_on      date NOT NULL,
  practitioner_id uuid NOT NULL,
  attested_by     uuid NOT NULL,
  note            text CHECK (note IS NULL OR length(note) BETWEEN 1 AND 1000),
  created_at      timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT complex_mdm_attestation_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT complex_mdm_attestation_decided_in_month CHECK (to_char(decided_on, 'YYYY-MM') = service_month),
  CONSTRAINT complex_mdm_attestation_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT complex_mdm_attestation_practitioner_fkey FOREIGN KEY (tenant_id, practitioner_id) REFERENCES practitioner (tenant_id, id) ON UPDATE CASCADE,
  CONSTRAINT complex_mdm_attestation_user_fkey FOREIGN KEY (attested_by) REFERENCES app_user (id)
);
-- The month a withdrawal belongs to is its attestation's (the FK includes it), so the guard can read it.
CREATE UNIQUE INDEX complex_mdm_attestation_month_key ON complex_mdm_attestation (tenant_id, id, service_month);
CREATE INDEX complex_mdm_attestation_patient_idx ON complex_mdm_attestation (tenant_id, patient_id, service_month);

CREATE TABLE complex_mdm_withdrawal (
  tenant_id      uuid NOT NULL,
  attestation_id uuid NOT NULL,
  service_month  char(7) NOT NULL,
  withdrawn_by   uuid NOT NULL,
  reason         text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  created_at     timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT complex_mdm_withdrawal_pkey PRIMARY KEY (tenant_id, attestation_id),
  CONSTRAINT complex_mdm_withdrawal_attestation_fkey FOREIGN KEY (tenant_id, attestation_id, service_month)
    REFERENCES complex_mdm_attestation (tenant_id, id, service_month) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT complex_mdm_withdrawal_user_fkey FOREIGN KEY (withdrawn_by) REFERENCES app_user (id)
);

CREATE TRIGGER complex_mdm_attestation_closed_guard BEFORE INSERT ON complex_mdm_attestation FOR EACH ROW EXECUTE FUNCTION closed_month_guard();
CREATE TRIGGER complex_mdm_withdrawal_closed_guard BEFORE INSERT ON complex_mdm_withdrawal FOR EACH ROW EXECUTE FUNCTION closed_month_guard();

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['complex_mdm_attestation', 'complex_mdm_withdrawal'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = ANY (rls.scope_tenant_ids())) WITH CHECK (tenant_id = ANY (rls.scope_tenant_ids()))', t);
  END LOOP;
END $$;

-- Written once: no UPDATE or DELETE for the app.
GRANT SELECT, INSERT ON complex_mdm_attestation, complex_mdm_withdrawal TO carefold_app;
