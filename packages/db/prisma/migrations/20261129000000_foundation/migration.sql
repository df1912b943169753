-- Foundation: tenant directory, first tenant-scoped tables, the row-level-security scope
-- functions and the runtime role's grants. See docs/decisions/0002-row-level-security.md.
--
-- Runs as the owner role (carefold_owner). The roles themselves are created by the bootstrap
-- (packages/db/src/bootstrap.ts) or by infra/postgres/bootstrap.sql in production.

CREATE SCHEMA rls;
GRANT USAGE ON SCHEMA rls TO carefold_app;

-- The tenants in scope for the current transaction. withTenantScope() sets
-- carefold.tenant_ids with set_config(..., true), so the value dies with the transaction.
-- A missing or empty setting yields an empty array: no rows (fail closed).
CREATE FUNCTION rls.scope_tenant_ids() RETURNS uuid[]
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT coalesce(
      string_to_array(nullif(current_setting('carefold.tenant_ids', true), ''), ',')::uuid[],
      '{}'::uuid[])
  $$;

-- True only inside withSystemScope(): lets system work list the tenant directory so that it
-- can then scope itself to every tenant. It grants nothing on tenant tables.
CREATE FUNCTION rls.is_system_scope() RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(current_setting('carefold.system_scope', true), '') = 'on' $$;

CREATE TYPE tenant_status AS ENUM ('onboarding', 'active', 'suspended', 'offboarded');
CREATE TYPE care_setting AS ENUM ('office', 'fqhc', 'rhc');

CREATE TABLE tenant (
  id                uuid          NOT NULL DEFAULT gen_random_uuid(),
  name              text          NOT NULL CHECK (length(trim(name)) > 0),
  slug              text          NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  time_zone         text          NOT NULL,
  status            tenant_status NOT NULL DEFAULT 'onboarding',
  setting           care_setting  NOT NULL DEFAULT 'office',
  medicare_locality text,
  enabled_programs  text[]        NOT NULL DEFAULT ARRAY['ccm'],
  created_at        timestamptz(6) NOT NULL DEFAULT now(),
  updated_at        timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT tenant_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX tenant_slug_key ON tenant (slug);

ALTER TABLE tenant ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant
  USING (id = ANY (rls.scope_tenant_ids()))
  WITH CHECK (id = ANY (rls.scope_tenant_ids()));
CREATE POLICY tenant_directory_for_system ON tenant FOR SELECT
  USING (rls.is_system_scope());

CREATE TABLE tenant_setting (
  tenant_id            uuid NOT NULL,
  idle_timeout_minutes integer NOT NULL DEFAULT 15 CHECK (idle_timeout_minutes BETWEEN 5 AND 60),
  mfa_required         boolean NOT NULL DEFAULT false,
  calling_start_hour   integer NOT NULL DEFAULT 8 CHECK (calling_start_hour BETWEEN 0 AND 23),
  calling_end_hour     integer NOT NULL DEFAULT 21 CHECK (calling_end_hour BETWEEN 1 AND 24),
  updated_at           timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT tenant_setting_pkey PRIMARY KEY (tenant_id),
  CONSTRAINT tenant_setting_tenant_id_fkey FOREIGN KEY (tenant_id)
    REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT tenant_setting_calling_window CHECK (calling_start_hour < calling_end_hour)
);

CREATE TABLE tenant_location (
  tenant_id        uuid NOT NULL,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  name             text NOT NULL,
  address_line1    text NOT NULL,
  city             text NOT NULL,
  state            char(2) NOT NULL CHECK (state ~ '^[A-Z]{2}$'),
  postal_code      text NOT NULL CHECK (postal_code ~ '^[0-9]{5}(-[0-9]{4})?$'),
  place_of_service char(2) NOT NULL DEFAULT '11' CHECK (place_of_service ~ '^[0-9]{2}$'),
  created_at       timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT tenant_location_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT tenant_location_tenant_id_fkey FOREIGN KEY (tenant_id)
    REFERENCES tenant (id) ON DELETE CASCADE ON UPDATE CASCADE
);

-- Every tenant table: RLS enabled AND forced, one policy for reads and writes.
-- (The catalogue test in src/rls.int.test.ts fails if a future table forgets this.)
ALTER TABLE tenant_setting ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_setting FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_setting
  USING (tenant_id = ANY (rls.scope_tenant_ids()))
  WITH CHECK (tenant_id = ANY (rls.scope_tenant_ids()));

ALTER TABLE tenant_location ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_location FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_location
  USING (tenant_id = ANY (rls.scope_tenant_ids()))
  WITH CHECK (tenant_id = ANY (rls.scope_tenant_ids()));

-- Global: liveness of background processes, reported by /healthz.
CREATE TABLE worker_heartbeat (
  name         text NOT NULL,
  last_beat_at timestamptz(6) NOT NULL,
  pid          integer NOT NULL,
  hostname     text NOT NULL,
  CONSTRAINT worker_heartbeat_pkey PRIMARY KEY (name)
);

GRANT SELECT, INSERT, UPDATE ON tenant TO carefold_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_setting, tenant_location TO carefold_app;
GRANT SELECT, INSERT, UPDATE ON worker_heartbeat TO carefold_app;
