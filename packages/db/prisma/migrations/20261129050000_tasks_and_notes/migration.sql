-- Coordinator workspace, part 2: tasks (manual and automatic) and interaction notes.

CREATE TABLE task (
  tenant_id        uuid NOT NULL,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  patient_id       uuid NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('manual', 'care_plan_review_due', 'consent_missing', 'outreach_due', 'below_pace', 'inbound_message')),
  title            text NOT NULL CHECK (length(trim(title)) > 0),
  assignee_user_id uuid,
  due_on           date NOT NULL,
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  outcome          text,
  -- Automatic tasks carry a key (kind:patient:period) so a job that runs twice creates one task.
  source_key       text,
  created_by       uuid,
  created_at       timestamptz(6) NOT NULL DEFAULT now(),
  closed_by        uuid,
  closed_at        timestamptz(6),
  CONSTRAINT task_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT task_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT task_closed_has_outcome CHECK (status = 'open' OR (outcome IS NOT NULL AND closed_at IS NOT NULL))
);
CREATE UNIQUE INDEX task_source_key ON task (tenant_id, source_key) WHERE source_key IS NOT NULL;
CREATE INDEX task_open_by_patient_idx ON task (tenant_id, patient_id) WHERE status = 'open';
CREATE INDEX task_open_by_assignee_idx ON task (assignee_user_id, due_on) WHERE status = 'open';

CREATE TABLE note (
  tenant_id      uuid NOT NULL,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  patient_id     uuid NOT NULL,
  time_entry_id  uuid,
  kind           text NOT NULL CHECK (kind IN ('interaction', 'clinical', 'administrative')),
  body           text NOT NULL CHECK (length(trim(body)) > 0),
  author_user_id uuid NOT NULL,
  created_at     timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT note_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT note_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT note_time_entry_fkey FOREIGN KEY (tenant_id, time_entry_id) REFERENCES time_entry (tenant_id, id) ON UPDATE CASCADE
);
CREATE INDEX note_patient_idx ON note (tenant_id, patient_id, created_at DESC);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['task', 'note'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = ANY (rls.scope_tenant_ids())) WITH CHECK (tenant_id = ANY (rls.scope_tenant_ids()))', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON task TO carefold_app;
-- Notes are part of the record: written once, never changed or deleted by the app.
GRANT SELECT, INSERT ON note TO carefold_app;
