-- Issue 24 item 5: which programs each payer pays, per clinic. A row is the clinic's answer for
-- one payer and program ('yes', 'no' or 'unknown'), with the text it rests on (a plan's medical
-- policy, a state Medicaid manual, a contract clause). Without a row the default for the payer's
-- plan type applies (@carefold/ccm-rules payer-programs.ts: traditional Medicare pays, Medicare
-- Advantage pays with the plan's rules to verify, Medicaid and commercial unknown).
CREATE TABLE payer_program_rule (
  tenant_id  uuid NOT NULL,
  payer_id   uuid NOT NULL,
  program    text NOT NULL CHECK (program IN ('ccm', 'pcm', 'apcm', 'rpm')),
  pays       text NOT NULL CHECK (pays IN ('yes', 'no', 'unknown')),
  source     text NOT NULL CHECK (length(btrim(source)) BETWEEN 1 AND 300),
  note       text CHECK (length(note) <= 500),
  entered_by uuid NOT NULL,
  updated_at timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT payer_program_rule_pkey PRIMARY KEY (tenant_id, payer_id, program),
  CONSTRAINT payer_program_rule_payer_fkey FOREIGN KEY (tenant_id, payer_id) REFERENCES payer (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT payer_program_rule_user_fkey FOREIGN KEY (entered_by) REFERENCES app_user (id)
);

ALTER TABLE payer_program_rule ENABLE ROW LEVEL SECURITY;
ALTER TABLE payer_program_rule FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON payer_program_rule USING (tenant_id = ANY (rls.scope_tenant_ids())) WITH CHECK (tenant_id = ANY (rls.scope_tenant_ids()));

-- An entry is replaced in place (the unit of work audits the previous answer) or removed to fall
-- back to the default.
GRANT SELECT, INSERT, UPDATE, DELETE ON payer_program_rule TO carefold_app;
