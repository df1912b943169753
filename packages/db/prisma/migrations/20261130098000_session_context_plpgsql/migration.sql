-- auth_session_context runs on every request. As a LANGUAGE sql function that cannot be inlined,
-- PostgreSQL planned its query on every call (about 1 ms of the database's CPU per request);
-- plpgsql caches the plans per connection. Same result.
CREATE OR REPLACE FUNCTION auth_session_context(p_token_hash text) RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  context jsonb;
BEGIN
  SELECT jsonb_build_object(
           'session', jsonb_build_object('id', s.id, 'userId', s.user_id, 'app', s.app, 'isMfaVerified', s.is_mfa_verified,
                                         'activeTenantId', s.active_tenant_id, 'idleTimeoutMinutes', s.idle_timeout_minutes,
                                         'lastSeenAt', s.last_seen_at, 'expiresAt', s.expires_at, 'revokedAt', s.revoked_at),
           'user', jsonb_build_object('id', u.id, 'email', u.email, 'name', u.name, 'kind', u.kind, 'status', u.status,
                                      'hasTotp', u.totp_enabled_at IS NOT NULL, 'performerRole', u.performer_role,
                                      'worksInUs', u.works_in_us, 'createdAt', u.created_at,
                                      'vendorRoles', coalesce((SELECT jsonb_agg(g.role ORDER BY g.role) FROM vendor_role_grant g WHERE g.user_id = u.id), '[]'::jsonb)),
           'access', auth_user_access(u.id))
    INTO context
    FROM user_session s
    JOIN app_user u ON u.id = s.user_id
   WHERE s.token_hash = p_token_hash;
  RETURN context;
END $$;
