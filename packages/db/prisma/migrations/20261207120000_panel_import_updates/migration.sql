-- Issue 17, item 8: rows of a panel import that match a patient on file are shown as updates
-- (field-by-field diff) and applied only when the clinic admin confirms them. The preview keeps the
-- list it showed so the commit can check that what it applies is what was confirmed.
-- panel_import already has RLS forced and table-level grants to carefold_app, which cover new columns.
ALTER TABLE panel_import ADD COLUMN updates jsonb NOT NULL DEFAULT '[]'::jsonb;
