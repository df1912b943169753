-- Password-reset requests, for rate limits per account (e-mail) and per client address (issue 17,
-- item 10). Recorded for unknown addresses too, so the limit says nothing about which exist.
CREATE TABLE password_reset_request (
  id    bigserial NOT NULL,
  email citext NOT NULL,
  ip    text NOT NULL,
  at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT password_reset_request_pkey PRIMARY KEY (id)
);
CREATE INDEX password_reset_request_ip_at_idx ON password_reset_request (ip, at);
CREATE INDEX password_reset_request_email_at_idx ON password_reset_request (email, at);

GRANT SELECT, INSERT, DELETE ON password_reset_request TO carefold_app;
GRANT USAGE ON SEQUENCE password_reset_request_id_seq TO carefold_app;
