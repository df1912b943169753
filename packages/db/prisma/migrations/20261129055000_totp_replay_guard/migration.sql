-- RFC 6238 §5.2: a verifier must not accept the same one-time code twice. The last accepted time
-- step (unix seconds / 30) is kept per user; a code is accepted only for a later step.
ALTER TABLE app_user ADD COLUMN totp_last_step bigint;
