-- Issue 15 item 5: entries awaiting supervisor review never count in a close, and the clinic
-- cannot approve a month while any of its rows has time awaiting review, unless a clinic admin
-- excludes that time from the month with a reason. The decision is recorded on the close with
-- the entries it covered (the month is locked, so they cannot change while it stands) and is
-- cleared when the month is reopened. Audited by the API.
ALTER TABLE month_close
  ADD COLUMN review_exclusion_reason text CHECK (review_exclusion_reason IS NULL OR length(review_exclusion_reason) BETWEEN 5 AND 500),
  ADD COLUMN review_excluded_by uuid,
  ADD COLUMN review_excluded_at timestamptz(6),
  ADD COLUMN review_excluded_entry_ids uuid[] NOT NULL DEFAULT '{}',
  ADD CONSTRAINT month_close_review_exclusion_complete CHECK (
    (review_exclusion_reason IS NULL) = (review_excluded_at IS NULL)
    AND (review_exclusion_reason IS NULL) = (review_excluded_by IS NULL));
