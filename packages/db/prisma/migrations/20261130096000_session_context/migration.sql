-- A request's signed-in context in one round trip (issue #6 write throughput, decision 0013).
-- Every request resolves its session cookie: the session, the user, their vendor roles, their
-- active memberships (with the clinic's name and security settings) and their coordinator
-- assignments. That was ten statements (three reads, then a transaction of five to read the
-- membership tables under row-level security); these functions do it in one.
--
-- Row-level security stays on: the functions run as the caller (not SECURITY DEFINER) and read
-- the membership tables through their own_rows policies, with carefold.user_id set for the
-- duration of the call and restored afterwards.

-- Active memberships (clinic active or onboarding, by clinic name) and coordinator assignments.
CREATE FUNCTION auth_user_access(p_user_id uuid) RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  previous text := current_setting('carefold.user_id', true);
  access jsonb;
BEGIN
  PERFORM set_config('carefold.user_id', p_user_id::text, true);
  SELECT jsonb_build_object(
           'memberships', coalesce((
             SELECT jsonb_agg(jsonb_build_object('tenantId', m.tenant_id, 'tenantName', t.name, 'role', m.role,
                                                 'mfaRequired', coalesce(s.mfa_required, false), 'idleTimeoutMinutes', coalesce(s.idle_timeout_minutes, 15))
                              ORDER BY t.name, t.id)
               FROM membership m
               JOIN tenant t ON t.id = m.tenant_id
               LEFT JOIN tenant_setting s ON s.tenant_id = m.tenant_id
              WHERE m.user_id = p_user_id AND m.status = 'active' AND t.status IN ('active', 'onboarding')), '[]'::jsonb),
           'assignedTenantIds', coalesce((SELECT jsonb_agg(c.tenant_id ORDER BY c.tenant_id) FROM coordinator_assignment c WHERE c.user_id = p_user_id), '[]'::jsonb))
    INTO access;
  PERFORM set_config('carefold.user_id', coalesce(previous, ''), true);
  RETURN access;
END $$;

-- The session of a token hash with its user, roles and access (NULL when there is no such session).
CREATE FUNCTION auth_session_context(p_token_hash text) RETURNS jsonb LANGUAGE sql VOLATILE AS $$
  SELECT jsonb_build_object(
           'session', jsonb_build_object('id', s.id, 'userId', s.user_id, 'app', s.app, 'isMfaVerified', s.is_mfa_verified,
                                         'activeTenantId', s.active_tenant_id, 'idleTimeoutMinutes', s.idle_timeout_minutes,
                                         'lastSeenAt', s.last_seen_at, 'expiresAt', s.expires_at, 'revokedAt', s.revoked_at),
           'user', jsonb_build_object('id', u.id, 'email', u.email, 'name', u.name, 'kind', u.kind, 'status', u.status,
                                      'hasTotp', u.totp_enabled_at IS NOT NULL, 'performerRole', u.performer_role,
                                      'worksInUs', u.works_in_us, 'createdAt', u.created_at,
                                      'vendorRoles', coalesce((SELECT jsonb_agg(g.role ORDER BY g.role) FROM vendor_role_grant g WHERE g.user_id = u.id), '[]'::jsonb)),
           'access', auth_user_access(u.id))
    FROM user_session s
    JOIN app_user u ON u.id = s.user_id
   WHERE s.token_hash = p_token_hash
$$;
