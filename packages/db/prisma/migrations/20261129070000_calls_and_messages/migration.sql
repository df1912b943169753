-- Calling and messaging (issue 7): clinic caller-ID numbers, call records with their status
-- timeline, draft time from talk time, recordings, SMS with templates and a suppression list.
-- Provider callbacks are deduplicated by (sid, event) in provider_event.

CREATE TABLE clinic_phone_number (
  tenant_id    uuid NOT NULL,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  number_e164  text NOT NULL CHECK (number_e164 ~ '^\+[1-9][0-9]{6,14}$'),
  label        text NOT NULL DEFAULT 'Main line',
  is_default   boolean NOT NULL DEFAULT false,
  created_at   timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT clinic_phone_number_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT clinic_phone_number_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE
);
-- A number belongs to one clinic: inbound messages are routed by the number they were sent to.
CREATE UNIQUE INDEX clinic_phone_number_number_key ON clinic_phone_number (number_e164);
CREATE UNIQUE INDEX clinic_phone_number_default_key ON clinic_phone_number (tenant_id) WHERE is_default;

-- Recording is off unless the clinic turns it on; all-party-consent states also need the notice.
CREATE TABLE clinic_call_setting (
  tenant_id          uuid NOT NULL,
  recording_enabled  boolean NOT NULL DEFAULT false,
  recording_notice   text CHECK (recording_notice IS NULL OR length(trim(recording_notice)) > 0),
  updated_at         timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT clinic_call_setting_pkey PRIMARY KEY (tenant_id),
  CONSTRAINT clinic_call_setting_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE
);

CREATE TABLE call (
  tenant_id                 uuid NOT NULL,
  id                        uuid NOT NULL DEFAULT gen_random_uuid(),
  patient_id                uuid NOT NULL,
  user_id                   uuid NOT NULL,
  direction                 text NOT NULL CHECK (direction IN ('outbound', 'inbound')),
  from_e164                 text NOT NULL,
  to_e164                   text NOT NULL,
  -- Provider ids: the browser leg (parent) and the leg to the patient (the one we time).
  parent_sid                text,
  sid                       text,
  status                    text NOT NULL DEFAULT 'created'
                            CHECK (status IN ('created', 'queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled')),
  answered_at               timestamptz(6),
  ended_at                  timestamptz(6),
  talk_seconds              integer CHECK (talk_seconds IS NULL OR talk_seconds >= 0),
  disposition               text CHECK (disposition IN ('answered', 'voicemail', 'no_answer', 'busy', 'wrong_number', 'declined')),
  disposition_at            timestamptz(6),
  calling_hours_override    text,
  recording_decision        text NOT NULL DEFAULT 'off' CHECK (recording_decision IN ('off', 'record', 'record_after_notice', 'blocked_no_notice')),
  recording_notice_played_at timestamptz(6),
  patient_state             char(2),
  created_at                timestamptz(6) NOT NULL DEFAULT now(),
  updated_at                timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT call_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT call_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX call_sid_key ON call (tenant_id, sid) WHERE sid IS NOT NULL;
CREATE INDEX call_patient_idx ON call (tenant_id, patient_id, created_at DESC);
CREATE INDEX call_user_idx ON call (user_id, created_at DESC);

-- Every provider callback, once per (sid, event): a retried or duplicated delivery finds its row
-- and changes nothing. `occurred_at` is the provider's time, so the timeline orders correctly even
-- when callbacks arrive out of order.
CREATE TABLE provider_event (
  tenant_id    uuid NOT NULL,
  sid          text NOT NULL,
  event        text NOT NULL,
  call_id      uuid,
  message_id   uuid,
  occurred_at  timestamptz(6) NOT NULL,
  received_at  timestamptz(6) NOT NULL DEFAULT now(),
  detail       jsonb NOT NULL DEFAULT '{}'::jsonb,
  CONSTRAINT provider_event_pkey PRIMARY KEY (tenant_id, sid, event)
);
CREATE INDEX provider_event_call_idx ON provider_event (tenant_id, call_id, occurred_at) WHERE call_id IS NOT NULL;

-- The minutes a finished call suggests; the coordinator confirms or adjusts them into a real
-- time_entry (through the normal create path). One per call, by key.
CREATE TABLE call_time_draft (
  tenant_id      uuid NOT NULL,
  call_id        uuid NOT NULL,
  patient_id     uuid NOT NULL,
  user_id        uuid NOT NULL,
  talk_seconds   integer NOT NULL CHECK (talk_seconds > 0),
  minutes        integer NOT NULL CHECK (minutes > 0),
  status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'discarded')),
  time_entry_id  uuid,
  created_at     timestamptz(6) NOT NULL DEFAULT now(),
  resolved_at    timestamptz(6),
  CONSTRAINT call_time_draft_pkey PRIMARY KEY (tenant_id, call_id),
  CONSTRAINT call_time_draft_call_fkey FOREIGN KEY (tenant_id, call_id) REFERENCES call (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT call_time_draft_entry_fkey FOREIGN KEY (tenant_id, time_entry_id) REFERENCES time_entry (tenant_id, id),
  CONSTRAINT call_time_draft_confirmed_has_entry CHECK (status <> 'confirmed' OR time_entry_id IS NOT NULL)
);

CREATE TABLE call_recording (
  tenant_id         uuid NOT NULL,
  id                uuid NOT NULL DEFAULT gen_random_uuid(),
  call_id           uuid NOT NULL,
  recording_sid     text NOT NULL,
  duration_seconds  integer NOT NULL CHECK (duration_seconds >= 0),
  storage_location  text NOT NULL,
  consent_id        uuid,
  created_at        timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT call_recording_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT call_recording_call_fkey FOREIGN KEY (tenant_id, call_id) REFERENCES call (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT call_recording_consent_fkey FOREIGN KEY (tenant_id, consent_id) REFERENCES consent (tenant_id, id)
);
CREATE UNIQUE INDEX call_recording_sid_key ON call_recording (tenant_id, recording_sid);

CREATE TABLE sms_template (
  tenant_id   uuid NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('appointment_reminder', 'monthly_check_in', 'callback_request')),
  body        text NOT NULL CHECK (length(trim(body)) > 0 AND length(body) <= 640),
  updated_at  timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT sms_template_pkey PRIMARY KEY (tenant_id, kind),
  CONSTRAINT sms_template_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE
);

CREATE TABLE sms_message (
  tenant_id      uuid NOT NULL,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  patient_id     uuid,
  direction      text NOT NULL CHECK (direction IN ('outbound', 'inbound')),
  from_e164      text NOT NULL,
  to_e164        text NOT NULL,
  body           text NOT NULL,
  template_kind  text,
  status         text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'received')),
  sid            text,
  attempts       integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz(6),
  last_error     text,
  sent_by        uuid,
  client_request_id text,
  created_at     timestamptz(6) NOT NULL DEFAULT now(),
  updated_at     timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT sms_message_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT sms_message_patient_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX sms_message_sid_key ON sms_message (tenant_id, sid) WHERE sid IS NOT NULL;
CREATE UNIQUE INDEX sms_message_client_request_key ON sms_message (tenant_id, client_request_id) WHERE client_request_id IS NOT NULL;
CREATE INDEX sms_message_patient_idx ON sms_message (tenant_id, patient_id, created_at DESC);
CREATE INDEX sms_message_queue_idx ON sms_message (next_attempt_at) WHERE status = 'queued';

-- Numbers that texted STOP to one of the clinic's numbers: never texted by that clinic until START.
CREATE TABLE sms_suppression (
  tenant_id    uuid NOT NULL,
  number_e164  text NOT NULL,
  reason       text NOT NULL CHECK (reason IN ('stop_keyword', 'manual')),
  created_at   timestamptz(6) NOT NULL DEFAULT now(),
  CONSTRAINT sms_suppression_pkey PRIMARY KEY (tenant_id, number_e164),
  CONSTRAINT sms_suppression_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['clinic_phone_number', 'clinic_call_setting', 'call', 'provider_event', 'call_time_draft',
                           'call_recording', 'sms_template', 'sms_message', 'sms_suppression'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = ANY (rls.scope_tenant_ids())) WITH CHECK (tenant_id = ANY (rls.scope_tenant_ids()))', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON clinic_phone_number, clinic_call_setting, sms_template, sms_suppression TO carefold_app;
GRANT SELECT, INSERT, UPDATE ON call, call_time_draft, sms_message TO carefold_app;
-- Evidence: written once.
GRANT SELECT, INSERT ON provider_event, call_recording TO carefold_app;
