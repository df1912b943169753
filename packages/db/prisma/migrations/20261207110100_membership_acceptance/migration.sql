-- Issue 17 item 2: cross-clinic user capture. A clinic admin could invite any existing account by
-- e-mail and got an active membership at once, with the person's profile and sign-in history.
-- Now a membership is `pending` until the person accepts it (signed in, or through the invitation
-- link of a new account); `accepted_at` records when. Only an accepted membership can be
-- reactivated, and the clinic sees the person's account events only from that moment on.
ALTER TABLE membership ADD COLUMN accepted_at timestamptz;
-- What the inviting admin typed: the clinic's list shows it until the person accepts (never the
-- account's own name, which would tell the clinic that the account exists).
ALTER TABLE membership ADD COLUMN invited_name text;
-- Existing memberships were made active at once: they count as accepted when made. RLS is forced
-- for the owner too, so the backfill scopes this transaction to every tenant first (the system
-- scope reads the tenant directory); without it the UPDATE sees no rows and the CHECK below fails
-- on any database that has memberships.
SELECT set_config('carefold.system_scope', 'on', true);
SELECT set_config('carefold.tenant_ids', coalesce((SELECT string_agg(id::text, ',') FROM tenant), ''), true);
SELECT set_config('carefold.system_scope', '', true);
UPDATE membership SET accepted_at = created_at;
SELECT set_config('carefold.tenant_ids', '', true);
-- Memberships made directly (seed, vendor provisioning) count as accepted when made; only an
-- invitation creates a pending one (accepted_at NULL). An active membership is always accepted.
ALTER TABLE membership ALTER COLUMN accepted_at SET DEFAULT now();
ALTER TABLE membership ADD CONSTRAINT membership_active_is_accepted CHECK (status <> 'active' OR accepted_at IS NOT NULL);

-- The person accepts (or declines) their own pending memberships before any tenant is in scope:
-- they may flip pending → active only on their own rows, nothing else.
CREATE POLICY own_pending_rows ON membership FOR UPDATE
  USING (user_id = rls.current_user_id() AND status = 'pending')
  WITH CHECK (user_id = rls.current_user_id() AND status IN ('active', 'deactivated'));

-- …and read the name of a clinic that invited them.
DROP POLICY tenant_of_current_user ON tenant;
CREATE POLICY tenant_of_current_user ON tenant FOR SELECT USING (
  EXISTS (SELECT 1 FROM membership m WHERE m.tenant_id = tenant.id AND m.user_id = rls.current_user_id() AND m.status IN ('active', 'pending'))
  OR EXISTS (SELECT 1 FROM coordinator_assignment c WHERE c.tenant_id = tenant.id AND c.user_id = rls.current_user_id()));
