-- Issue 15 item 3: the CCM initiating visit, per clinic where the research is not settled.
-- A visit counts as the initiating visit only when the billing practitioner furnished it; these
-- two settings decide what else it needs (docs/ccm-rules/initiating-visit.md, decision 0039):
--   initiating_visit_needs_ccm_discussed: CCM was discussed (and documented) during the visit
--     (one MAC's Q&A says so; default on, the stricter reading);
--   initiating_visit_counts_tcm: the face-to-face visit of TCM counts (secondary sources only;
--     default on). Changes are audited by the API.
ALTER TABLE tenant_setting
  ADD COLUMN initiating_visit_needs_ccm_discussed boolean NOT NULL DEFAULT true,
  ADD COLUMN initiating_visit_counts_tcm boolean NOT NULL DEFAULT true;
