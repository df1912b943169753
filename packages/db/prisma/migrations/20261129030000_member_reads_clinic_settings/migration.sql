-- A signed-in user may read the settings of the clinics they belong to (MFA enforcement and idle
-- timeout are decided at sign-in, before any tenant is in scope). Read-only; writes still need the
-- clinic in scope.
CREATE POLICY member_reads_settings ON tenant_setting FOR SELECT USING (
  EXISTS (SELECT 1 FROM membership m
           WHERE m.tenant_id = tenant_setting.tenant_id AND m.user_id = rls.current_user_id() AND m.status = 'active'));
