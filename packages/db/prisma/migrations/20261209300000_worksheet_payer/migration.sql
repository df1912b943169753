-- Issue 24 items 2–3 (money): the payer of each patient-month and who pays the cost sharing.
--
-- worksheet_row: the coverage in force on the date of service that the close priced the month
-- with (decision 0050). primary_coverage_id / payer_id: the primary coverage and its payer (null
-- when none was in force: the month is then blocked with `no_coverage_in_force`). rate_basis: how
-- the row's lines were priced — 'contracted' (the payer's own fee schedule), 'medicare' (traditional
-- Medicare: the clinic's fee schedule, else the national table) or 'assumed_medicare' (a non-Medicare
-- payer without a contracted amount for a billed code: Medicare's amount, marked assumed).
-- coinsurance_cents stays the cost-sharing amount (20 % of the allowed amount); patient_share_cents
-- is what the patient owes of it and secondary_share_cents what the secondary coverage pays
-- (Medigap, Medicaid, QMB: decision 0051). Both are 0 for a row that bills nothing.
ALTER TABLE worksheet_row
  ADD COLUMN primary_coverage_id   uuid,
  ADD COLUMN payer_id              uuid,
  ADD COLUMN rate_basis            text CHECK (rate_basis IN ('contracted', 'medicare', 'assumed_medicare')),
  ADD COLUMN secondary_coverage_id uuid,
  ADD COLUMN patient_share_cents   integer NOT NULL DEFAULT 0 CHECK (patient_share_cents >= 0),
  ADD COLUMN secondary_share_cents integer NOT NULL DEFAULT 0 CHECK (secondary_share_cents >= 0);

-- Rows closed before this migration: everyone was billed to the clinic's one (Medicare) payer and
-- the patient owed the whole coinsurance. The ids stay null (a re-close fills them).
UPDATE worksheet_row SET patient_share_cents = coinsurance_cents WHERE coinsurance_cents > 0;

-- A claim file goes to one payer (one 837 per payer EDI id, receiver, submitter and claim type):
-- the export records which. Null for CSV exports and files made before this migration.
ALTER TABLE claim_export
  ADD COLUMN payer_edi_id text CHECK (payer_edi_id ~ '^[0-9A-Z]{2,80}$'),
  ADD COLUMN payer_name   text CHECK (length(payer_name) BETWEEN 1 AND 60);

-- The close's loader reads each batch's coverages as a range scan over patient ids (tag `g`,
-- month-close.loader.ts), like every other part of the batch.
CREATE INDEX patient_coverage_patient_idx ON patient_coverage (tenant_id, patient_id) WHERE superseded_at IS NULL;

-- X12 control numbers are unique per submitter id (claim_export_submitter_control_key, x12_control_number);
-- with a submitter id per payer, two files of one clinic can share a number under different
-- submitter ids. The per-clinic key keeps CSV numbering (submitter null) unique as before.
DROP INDEX claim_export_control_number_key;
CREATE UNIQUE INDEX claim_export_control_number_key ON claim_export (tenant_id, format, coalesce(submitter_id, ''), control_number);
