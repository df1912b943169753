-- Identity, access and audit: users, vendor roles, memberships, coordinator assignments,
-- server-side sessions, single-use tokens, sign-in attempts, the mail outbox and the
-- append-only, hash-chained audit logs. See docs/decisions/0006-identity-and-audit.md.

CREATE EXTENSION IF NOT EXISTS citext;

-- The signed-in user of the current transaction (set by withTenantScope({ userId })).
-- Lets a user read their own memberships and assignments before any tenant is in scope.
CREATE FUNCTION rls.current_user_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('carefold.user_id', true), '')::uuid $$;

CREATE TYPE user_kind AS ENUM ('vendor', 'clinic');
CREATE TYPE user_status AS ENUM ('invited', 'active', 'deactivated');
CREATE TYPE vendor_role AS ENUM ('vendor_admin', 'supervisor', 'coordinator', 'billing');
CREATE TYPE tenant_role AS ENUM ('clinic_admin', 'practitioner', 'clinic_staff');
CREATE TYPE membership_status AS ENUM ('active', 'deactivated');
CREATE TYPE auth_token_kind AS ENUM ('invitation', 'password_reset');
CREATE TYPE audit_outcome AS ENUM ('success', 'denied', 'failure');
CREATE TYPE app_name AS ENUM ('portal', 'workspace');

-- ---------------------------------------------------------------- global identity tables
CREATE TABLE app_user (
  id                   uuid NOT NULL DEFAULT gen_random_uuid(),
  email                citext NOT NULL CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
  name                 text NOT NULL CHECK (length(trim(name)) > 0),
  kind                 user_kind NOT NULL,
  status               user_status NOT NULL DEFAULT 'invited',
  password_hash        text,
  totp_secret_enc      text,
  totp_enabled_at      timestamptz(6),
  failed_sign_in_count integer NOT NULL DEFAULT 0,
  locked_until         timestamptz(6),
  last_sign_in_at      timestamptz(6),
  password_changed_at  timestamptz(6),
  created_at           timestamptz(6) NOT NULL DEFAULT now(),
  updated_at           timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT app_user_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX app_user_email_key ON app_user (email);

CREATE TABLE vendor_role_grant (
  user_id    uuid NOT NULL,
  role       vendor_role NOT NULL,
  granted_at timestamptz(6) NOT NULL DEFAULT now(),
  granted_by uuid,
  CONSTRAINT vendor_role_grant_pkey PRIMARY KEY (user_id, role),
  CONSTRAINT vendor_role_grant_user_id_fkey FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE user_session (
  id                   uuid NOT NULL DEFAULT gen_random_uuid(),
  token_hash           text NOT NULL,
  user_id              uuid NOT NULL,
  app                  app_name NOT NULL,
  is_mfa_verified      boolean NOT NULL DEFAULT false,
  mfa_failed_attempts  integer NOT NULL DEFAULT 0,
  active_tenant_id     uuid,
  idle_timeout_minutes integer NOT NULL CHECK (idle_timeout_minutes BETWEEN 1 AND 60),
  created_at           timestamptz(6) NOT NULL DEFAULT now(),
  last_seen_at         timestamptz(6) NOT NULL DEFAULT now(),
  expires_at           timestamptz(6) NOT NULL,
  revoked_at           timestamptz(6),
  revoked_reason       text,
  ip                   text,
  user_agent           text,
  CONSTRAINT user_session_pkey PRIMARY KEY (id),
  CONSTRAINT user_session_user_id_fkey FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX user_session_token_hash_key ON user_session (token_hash);
CREATE INDEX user_session_user_id_idx ON user_session (user_id);

CREATE TABLE recovery_code (
  user_id    uuid NOT NULL,
  code_hash  text NOT NULL,
  created_at timestamptz(6) NOT NULL DEFAULT now(),
  used_at    timestamptz(6),
  CONSTRAINT recovery_code_pkey PRIMARY KEY (user_id, code_hash),
  CONSTRAINT recovery_code_user_id_fkey FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE ON UPDATE CASCADE
);

-- Invitations and password resets: only the sha256 of the e-mailed token is stored.
CREATE TABLE auth_token (
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  token_hash  text NOT NULL,
  kind        auth_token_kind NOT NULL,
  user_id     uuid NOT NULL,
  for_tenant_id uuid,
  tenant_role tenant_role,
  vendor_role vendor_role,
  created_by  uuid,
  created_at  timestamptz(6) NOT NULL DEFAULT now(),
  expires_at  timestamptz(6) NOT NULL,
  used_at     timestamptz(6),
  CONSTRAINT auth_token_pkey PRIMARY KEY (id),
  CONSTRAINT auth_token_user_id_fkey FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT auth_token_for_tenant_id_fkey FOREIGN KEY (for_tenant_id) REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX auth_token_token_hash_key ON auth_token (token_hash);

CREATE TABLE sign_in_attempt (
  id           bigserial NOT NULL,
  email        citext NOT NULL,
  ip           text NOT NULL,
  is_succeeded boolean NOT NULL,
  at           timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT sign_in_attempt_pkey PRIMARY KEY (id)
);
CREATE INDEX sign_in_attempt_ip_at_idx ON sign_in_attempt (ip, at);

-- Transactional outbox for e-mail; the local adapter's "mailbox" is this table.
CREATE TABLE mail_outbox (
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  to_address   citext NOT NULL,
  subject      text NOT NULL,
  body_text    text NOT NULL,
  kind         text NOT NULL,
  created_at   timestamptz(6) NOT NULL DEFAULT now(),
  delivered_at timestamptz(6),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz(6) NOT NULL DEFAULT now(),
  last_error      text,
  CONSTRAINT mail_outbox_pkey PRIMARY KEY (id)
);
CREATE INDEX mail_outbox_pending_idx ON mail_outbox (next_attempt_at) WHERE delivered_at IS NULL;

-- ---------------------------------------------------------------- tenant tables
CREATE TABLE membership (
  tenant_id  uuid NOT NULL,
  user_id    uuid NOT NULL,
  role       tenant_role NOT NULL,
  status     membership_status NOT NULL DEFAULT 'active',
  created_at timestamptz(6) NOT NULL DEFAULT now(),
  updated_at timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT membership_pkey PRIMARY KEY (tenant_id, user_id),
  CONSTRAINT membership_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT membership_user_id_fkey FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX membership_user_id_idx ON membership (user_id);

CREATE TABLE coordinator_assignment (
  tenant_id   uuid NOT NULL,
  user_id     uuid NOT NULL,
  assigned_at timestamptz(6) NOT NULL DEFAULT now(),
  assigned_by uuid,
  CONSTRAINT coordinator_assignment_pkey PRIMARY KEY (tenant_id, user_id),
  CONSTRAINT coordinator_assignment_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT coordinator_assignment_user_id_fkey FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX coordinator_assignment_user_id_idx ON coordinator_assignment (user_id);

ALTER TABLE membership ENABLE ROW LEVEL SECURITY;
ALTER TABLE membership FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON membership
  USING (tenant_id = ANY (rls.scope_tenant_ids()))
  WITH CHECK (tenant_id = ANY (rls.scope_tenant_ids()));
CREATE POLICY own_rows ON membership FOR SELECT USING (user_id = rls.current_user_id());

ALTER TABLE coordinator_assignment ENABLE ROW LEVEL SECURITY;
ALTER TABLE coordinator_assignment FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON coordinator_assignment
  USING (tenant_id = ANY (rls.scope_tenant_ids()))
  WITH CHECK (tenant_id = ANY (rls.scope_tenant_ids()));
CREATE POLICY own_rows ON coordinator_assignment FOR SELECT USING (user_id = rls.current_user_id());

-- A user may read the directory entries (name, time zone) of the clinics they belong to.
CREATE POLICY tenant_of_current_user ON tenant FOR SELECT USING (
  EXISTS (SELECT 1 FROM membership m WHERE m.tenant_id = tenant.id AND m.user_id = rls.current_user_id() AND m.status = 'active')
  OR EXISTS (SELECT 1 FROM coordinator_assignment c WHERE c.tenant_id = tenant.id AND c.user_id = rls.current_user_id()));

-- ---------------------------------------------------------------- audit logs
-- Append-only: the runtime role gets INSERT and SELECT, never UPDATE or DELETE. Each row carries
-- the hash of its predecessor in the same chain (per tenant, and one platform chain), computed by
-- a trigger under a per-chain advisory lock so concurrent writers cannot fork the chain.
CREATE TABLE audit_event (
  tenant_id     uuid NOT NULL,
  seq           bigint NOT NULL,
  at            timestamptz(6) NOT NULL DEFAULT clock_timestamp(),
  actor_user_id uuid,
  actor_label   text,
  patient_id    uuid,
  action        text NOT NULL,
  object_type   text,
  object_id     text,
  outcome       audit_outcome NOT NULL,
  request_id    text,
  ip            text,
  user_agent    text,
  details       jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash     text NOT NULL,
  hash          text NOT NULL,
  CONSTRAINT audit_event_pkey PRIMARY KEY (tenant_id, seq),
  CONSTRAINT audit_event_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON UPDATE CASCADE
);
CREATE INDEX audit_event_tenant_at_idx ON audit_event (tenant_id, at DESC);
CREATE INDEX audit_event_tenant_patient_idx ON audit_event (tenant_id, patient_id) WHERE patient_id IS NOT NULL;

CREATE TABLE platform_audit_event (
  seq           bigint NOT NULL,
  at            timestamptz(6) NOT NULL DEFAULT clock_timestamp(),
  actor_user_id uuid,
  actor_label   text,
  action        text NOT NULL,
  object_type   text,
  object_id     text,
  outcome       audit_outcome NOT NULL,
  request_id    text,
  ip            text,
  user_agent    text,
  details       jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash     text NOT NULL,
  hash          text NOT NULL,
  CONSTRAINT platform_audit_event_pkey PRIMARY KEY (seq)
);
CREATE INDEX platform_audit_event_at_idx ON platform_audit_event (at DESC);

CREATE FUNCTION audit_text(v anyelement) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT coalesce(v::text, '∅') $$;

-- The canonical string hashed for one event (NULLs spelled out so fields cannot shift).
CREATE FUNCTION audit_event_digest(
  chain text, seq bigint, at timestamptz, actor uuid, actor_label text, patient uuid, action text, object_type text,
  object_id text, outcome audit_outcome, request_id text, ip text, user_agent text, details jsonb,
  prev_hash text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$
    SELECT encode(sha256(convert_to(concat_ws('|', chain, seq::text,
      to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), audit_text(actor), audit_text(actor_label), audit_text(patient),
      action, audit_text(object_type), audit_text(object_id), outcome::text, audit_text(request_id),
      audit_text(ip), audit_text(user_agent), details::text, prev_hash), 'UTF8')), 'hex')
  $$;

CREATE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('audit:' || NEW.tenant_id::text, 0));
  SELECT seq, hash INTO last_seq, last_hash FROM audit_event
    WHERE tenant_id = NEW.tenant_id ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.at := clock_timestamp();
  NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
  NEW.hash := audit_event_digest(NEW.tenant_id::text, NEW.seq, NEW.at, NEW.actor_user_id, NEW.actor_label, NEW.patient_id,
    NEW.action, NEW.object_type, NEW.object_id, NEW.outcome, NEW.request_id, NEW.ip, NEW.user_agent,
    NEW.details, NEW.prev_hash);
  RETURN NEW;
END $$;

CREATE FUNCTION platform_audit_event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('audit:platform', 0));
  SELECT seq, hash INTO last_seq, last_hash FROM platform_audit_event ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.at := clock_timestamp();
  NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
  NEW.hash := audit_event_digest('platform', NEW.seq, NEW.at, NEW.actor_user_id, NEW.actor_label, NULL,
    NEW.action, NEW.object_type, NEW.object_id, NEW.outcome, NEW.request_id, NEW.ip, NEW.user_agent,
    NEW.details, NEW.prev_hash);
  RETURN NEW;
END $$;

CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_chain();
CREATE TRIGGER platform_audit_event_chain BEFORE INSERT ON platform_audit_event
  FOR EACH ROW EXECUTE FUNCTION platform_audit_event_chain();

ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_event FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_event
  USING (tenant_id = ANY (rls.scope_tenant_ids()))
  WITH CHECK (tenant_id = ANY (rls.scope_tenant_ids()));

-- The first event of a chain whose stored hashes do not match a recomputation, or NULL.
CREATE FUNCTION audit_verify_tenant_chain(p_tenant uuid) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT min(seq) FROM (
    SELECT seq, hash, prev_hash, lag(hash) OVER (ORDER BY seq) AS expected_prev,
           lag(seq) OVER (ORDER BY seq) AS previous_seq,
           audit_event_digest(tenant_id::text, seq, at, actor_user_id, actor_label, patient_id, action, object_type,
             object_id, outcome, request_id, ip, user_agent, details, prev_hash) AS recomputed
      FROM audit_event WHERE tenant_id = p_tenant
  ) e
  WHERE e.hash <> e.recomputed
     OR e.prev_hash <> coalesce(e.expected_prev, repeat('0', 64))
     OR e.seq <> coalesce(e.previous_seq, 0) + 1
$$;

CREATE FUNCTION audit_verify_platform_chain() RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT min(seq) FROM (
    SELECT seq, hash, prev_hash, lag(hash) OVER (ORDER BY seq) AS expected_prev,
           lag(seq) OVER (ORDER BY seq) AS previous_seq,
           audit_event_digest('platform', seq, at, actor_user_id, actor_label, NULL, action, object_type,
             object_id, outcome, request_id, ip, user_agent, details, prev_hash) AS recomputed
      FROM platform_audit_event
  ) e
  WHERE e.hash <> e.recomputed
     OR e.prev_hash <> coalesce(e.expected_prev, repeat('0', 64))
     OR e.seq <> coalesce(e.previous_seq, 0) + 1
$$;

-- ---------------------------------------------------------------- grants
GRANT SELECT, INSERT, UPDATE ON app_user, user_session, auth_token, mail_outbox TO carefold_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON recovery_code, vendor_role_grant TO carefold_app;
GRANT SELECT, INSERT, DELETE ON sign_in_attempt TO carefold_app;
GRANT USAGE ON SEQUENCE sign_in_attempt_id_seq TO carefold_app;
GRANT SELECT, INSERT, UPDATE ON membership TO carefold_app;
GRANT SELECT, INSERT, DELETE ON coordinator_assignment TO carefold_app;
GRANT SELECT, INSERT ON audit_event, platform_audit_event TO carefold_app;
GRANT EXECUTE ON FUNCTION audit_verify_tenant_chain(uuid), audit_verify_platform_chain() TO carefold_app;
