-- The Calls & messages page lists a coordinator's texts by sender and, for supervisors, every
-- call and text of their clinics, newest first.
CREATE INDEX sms_message_sent_by_idx ON sms_message (sent_by, created_at DESC) WHERE sent_by IS NOT NULL;
CREATE INDEX call_tenant_created_idx ON call (tenant_id, created_at DESC);
CREATE INDEX sms_message_tenant_created_idx ON sms_message (tenant_id, created_at DESC);
