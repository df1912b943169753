-- Issue 15 item 4: the clinic's fee schedule and QP status reach the rules.
-- conversion_factor: 2026+ amounts at the non-QP or the qualifying APM participant (QP) factor.
ALTER TABLE billing_setting
  ADD COLUMN conversion_factor text NOT NULL DEFAULT 'non_qp' CHECK (conversion_factor IN ('non_qp', 'qp'));

-- Per-clinic per-unit amounts by code and year (e.g. the MAC locality's schedule, or a 2026 rate
-- the national table lacks). They override the national table for lines and lane comparison.
-- A vendor admin enters them in the workspace; every change is audited by the API.
CREATE TABLE fee_schedule_rate (
  tenant_id  uuid NOT NULL,
  code       text NOT NULL CHECK (code ~ '^[0-9A-Z]{5}$'),
  year       integer NOT NULL CHECK (year BETWEEN 2020 AND 2100),
  cents      integer NOT NULL CHECK (cents > 0 AND cents <= 10000000),
  entered_by uuid NOT NULL,
  source     text NOT NULL CHECK (length(source) BETWEEN 1 AND 300),
  updated_at timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT fee_schedule_rate_pkey PRIMARY KEY (tenant_id, code, year),
  CONSTRAINT fee_schedule_rate_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT fee_schedule_rate_user_fkey FOREIGN KEY (entered_by) REFERENCES app_user (id)
);

ALTER TABLE fee_schedule_rate ENABLE ROW LEVEL SECURITY;
ALTER TABLE fee_schedule_rate FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON fee_schedule_rate USING (tenant_id = ANY (rls.scope_tenant_ids())) WITH CHECK (tenant_id = ANY (rls.scope_tenant_ids()));
GRANT SELECT, INSERT, UPDATE ON fee_schedule_rate TO carefold_app;
