-- Structured interaction notes (issue 6): who the coordinator dealt with, how, and what came of
-- it, so the chart timeline and reports can read a note without parsing its text. Existing notes
-- keep NULLs (they were free text); the app fills these for every new interaction note.

ALTER TABLE note
  ADD COLUMN contact_with text CHECK (contact_with IN ('patient', 'caregiver', 'provider', 'pharmacy', 'other')),
  ADD COLUMN channel      text CHECK (channel IN ('phone', 'video', 'in_person', 'message')),
  ADD COLUMN outcome      text CHECK (outcome IN ('reached', 'left_message', 'no_answer', 'completed', 'declined')),
  ADD COLUMN topics       text[] NOT NULL DEFAULT '{}'
    CHECK (topics <@ ARRAY['medications', 'symptoms', 'care_plan', 'appointments', 'labs', 'transitions', 'social_needs', 'education']::text[]);

-- The timeline shows a time entry's notes next to it.
CREATE INDEX note_time_entry_idx ON note (tenant_id, time_entry_id) WHERE time_entry_id IS NOT NULL;
