-- Vendor invoicing (issue 9): contracts per clinic, invoices and their lines, the Stripe outbox,
-- the Stripe customer per clinic, and the log of Stripe webhook events.

-- Pricing per clinic, effective from a service month. Rows are never edited: a new price is a new
-- row with a later effective month, so every invoice can be recomputed from the contract it names.
CREATE TABLE contract (
  tenant_id                    uuid NOT NULL,
  id                           uuid NOT NULL DEFAULT gen_random_uuid(),
  effective_from_month         char(7) NOT NULL CHECK (effective_from_month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  pricing_model                text NOT NULL CHECK (pricing_model IN ('per_patient_month', 'per_code', 'percent_of_reimbursement')),
  fee_per_patient_month_cents  bigint CHECK (fee_per_patient_month_cents >= 0),
  -- {"99490": 4200, "99439": 3000}: cents per unit of each code.
  code_fees_cents              jsonb,
  -- 1500 = 15.00 % of expected reimbursement.
  percent_basis_points         integer CHECK (percent_basis_points BETWEEN 0 AND 10000),
  monthly_minimum_cents        bigint NOT NULL DEFAULT 0 CHECK (monthly_minimum_cents >= 0),
  payment_terms_days           integer NOT NULL CHECK (payment_terms_days BETWEEN 0 AND 120),
  billing_contact_name         text NOT NULL CHECK (length(trim(billing_contact_name)) > 0),
  billing_contact_email        citext NOT NULL,
  created_by                   uuid,
  created_at                   timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT contract_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT contract_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE,
  CONSTRAINT contract_one_per_month UNIQUE (tenant_id, effective_from_month),
  CONSTRAINT contract_model_fields CHECK (
    (pricing_model = 'per_patient_month' AND fee_per_patient_month_cents IS NOT NULL) OR
    (pricing_model = 'per_code' AND code_fees_cents IS NOT NULL) OR
    (pricing_model = 'percent_of_reimbursement' AND percent_basis_points IS NOT NULL))
);

-- The Stripe customer of a clinic (one per clinic).
CREATE TABLE billing_customer (
  tenant_id          uuid NOT NULL,
  stripe_customer_id text NOT NULL,
  created_at         timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT billing_customer_pkey PRIMARY KEY (tenant_id),
  CONSTRAINT billing_customer_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE
);

-- An invoice or a credit note. Once sent it is never edited; a reopened month gets a credit note.
CREATE TABLE invoice (
  tenant_id            uuid NOT NULL,
  id                   uuid NOT NULL DEFAULT gen_random_uuid(),
  number               text NOT NULL,
  kind                 text NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  service_month        char(7) NOT NULL CHECK (service_month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  -- What the invoice was made from (e.g. "close:<month close id>"); one invoice per source.
  source_key           text NOT NULL,
  contract_id          uuid,
  credits_invoice_id   uuid,
  status               text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sending', 'open', 'paid', 'void')),
  payment_failed_at    timestamptz(6),
  total_cents          bigint NOT NULL,
  currency             char(3) NOT NULL DEFAULT 'usd',
  due_on               date,
  -- sha256 of the pricing inputs (contract + billed lines), so the arithmetic can be re-checked.
  inputs_checksum      text NOT NULL,
  stripe_invoice_id    text UNIQUE,
  stripe_credit_note_id text UNIQUE,
  hosted_invoice_url   text,
  invoice_pdf_url      text,
  created_by           uuid,
  created_at           timestamptz(6) NOT NULL DEFAULT now(),
  sent_at              timestamptz(6),
  paid_at              timestamptz(6),
  voided_at            timestamptz(6),
  updated_at           timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT invoice_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT invoice_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE,
  CONSTRAINT invoice_contract_fkey FOREIGN KEY (tenant_id, contract_id) REFERENCES contract (tenant_id, id),
  CONSTRAINT invoice_credits_fkey FOREIGN KEY (tenant_id, credits_invoice_id) REFERENCES invoice (tenant_id, id),
  CONSTRAINT invoice_source_once UNIQUE (tenant_id, source_key),
  CONSTRAINT invoice_number_unique UNIQUE (tenant_id, number),
  CONSTRAINT invoice_credit_note_names_invoice CHECK ((kind = 'credit_note') = (credits_invoice_id IS NOT NULL))
);
CREATE INDEX invoice_month_idx ON invoice (tenant_id, service_month);

CREATE TABLE invoice_line (
  tenant_id          uuid NOT NULL,
  invoice_id         uuid NOT NULL,
  id                 uuid NOT NULL DEFAULT gen_random_uuid(),
  position           integer NOT NULL CHECK (position >= 0),
  kind               text NOT NULL CHECK (kind IN ('patient_month', 'code', 'percent', 'minimum_top_up', 'adjustment', 'credit')),
  description        text NOT NULL,
  patient_id         uuid,
  code               text,
  units              integer NOT NULL DEFAULT 1 CHECK (units >= 0),
  unit_amount_cents  bigint NOT NULL,
  amount_cents       bigint NOT NULL,
  -- The worksheet row the line was priced from is (tenant_id, invoice's service_month, patient_id);
  -- its billed codes and result hash are copied here so the price can be recomputed later.
  billed_codes           jsonb,
  worksheet_result_hash  text,
  reason             text,
  created_by         uuid,
  created_at         timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT invoice_line_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT invoice_line_invoice_fkey FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoice (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT invoice_line_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id),
  CONSTRAINT invoice_line_position_unique UNIQUE (tenant_id, invoice_id, position),
  CONSTRAINT invoice_line_adjustment_has_reason CHECK (kind <> 'adjustment' OR length(trim(coalesce(reason, ''))) > 0)
);

-- Side effects towards Stripe, written in the same transaction as the invoice and carried out by
-- the worker. Every Stripe call uses an idempotency key derived from our ids, so a retry after a
-- crash (Stripe answered, we did not commit) gets the same Stripe objects back.
CREATE TABLE billing_outbox (
  tenant_id        uuid NOT NULL,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  invoice_id       uuid NOT NULL,
  action           text NOT NULL CHECK (action IN ('send_invoice', 'issue_credit_note')),
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz(6) NOT NULL DEFAULT now(),
  last_error       text,
  created_at       timestamptz(6) NOT NULL DEFAULT now(),
  done_at          timestamptz(6),
  CONSTRAINT billing_outbox_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT billing_outbox_invoice_fkey FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoice (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT billing_outbox_once UNIQUE (tenant_id, invoice_id, action)
);
CREATE INDEX billing_outbox_pending_idx ON billing_outbox (next_attempt_at) WHERE status = 'pending';

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['contract', 'billing_customer', 'invoice', 'invoice_line', 'billing_outbox'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = ANY (rls.scope_tenant_ids())) WITH CHECK (tenant_id = ANY (rls.scope_tenant_ids()))', t);
  END LOOP;
END $$;

-- Stripe webhook events, de-duplicated by Stripe's event id. Global: an event arrives before we
-- know its clinic; it holds Stripe ids and an outcome only (no PHI).
CREATE TABLE stripe_webhook_event (
  event_id           text NOT NULL,
  type               text NOT NULL,
  stripe_invoice_id  text,
  event_created_at   timestamptz(6) NOT NULL,
  received_at        timestamptz(6) NOT NULL DEFAULT now(),
  outcome            text NOT NULL CHECK (outcome IN ('applied', 'no_change', 'unknown_invoice', 'ignored')),
  detail             text,
  CONSTRAINT stripe_webhook_event_pkey PRIMARY KEY (event_id)
);
CREATE INDEX stripe_webhook_event_received_idx ON stripe_webhook_event (received_at DESC);

-- Contracts are history: insert-only. Invoices change status; their lines never change.
GRANT SELECT, INSERT ON contract TO carefold_app;
GRANT SELECT, INSERT, UPDATE ON billing_customer, invoice, billing_outbox TO carefold_app;
GRANT SELECT, INSERT ON invoice_line TO carefold_app;
GRANT SELECT, INSERT, UPDATE ON stripe_webhook_event TO carefold_app;
