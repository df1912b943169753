-- Issue 24 (h24cov): the carry-forward of 20261209000000_payers_and_coverage ran without a tenant
-- scope, and forced row-level security applies to the migrating owner too, so it read no
-- billing_setting or patient rows and carried nothing forward. Run it again inside every clinic's
-- scope (as 20261207110100 does: the system scope reads the tenant directory). Idempotent: a clinic that already has a traditional Medicare
-- payer gets no second one, and a patient who already has any coverage row gets none.
SELECT set_config('carefold.system_scope', 'on', true);
SELECT set_config('carefold.tenant_ids', coalesce((SELECT string_agg(id::text, ',') FROM tenant), ''), true);
SELECT set_config('carefold.system_scope', '', true);

INSERT INTO payer (tenant_id, name, plan_type, edi_payer_id)
SELECT bs.tenant_id, left(coalesce(nullif(btrim(bs.payer_name), ''), 'Medicare'), 60), 'medicare', bs.payer_id
  FROM billing_setting bs
 WHERE bs.payer_id ~ '^[0-9A-Z]{2,80}$'
   AND NOT EXISTS (SELECT 1 FROM payer py WHERE py.tenant_id = bs.tenant_id AND py.plan_type = 'medicare')
ON CONFLICT DO NOTHING;

INSERT INTO patient_coverage (tenant_id, patient_id, payer_id, rank, plan_type, member_id, effective_from, source, source_ref)
SELECT p.tenant_id, p.id, py.id, 'primary', 'medicare', p.mbi,
       date_trunc('month', least(p.created_at::date, coalesce((SELECT min(te.performed_on) FROM time_entry te WHERE te.tenant_id = p.tenant_id AND te.patient_id = p.id), p.created_at::date)))::date,
       'migrated', 'billing_setting.payer_id'
  FROM patient p
  JOIN LATERAL (
    SELECT py.id FROM payer py
      LEFT JOIN billing_setting bs ON bs.tenant_id = py.tenant_id
     WHERE py.tenant_id = p.tenant_id AND py.plan_type = 'medicare'
     ORDER BY (py.edi_payer_id = bs.payer_id) DESC NULLS LAST, py.created_at
     LIMIT 1
  ) py ON true
 WHERE p.mbi IS NOT NULL
   AND p.mbi ~ '^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y]{2}[0-9]{2}$'
   AND NOT EXISTS (SELECT 1 FROM patient_coverage pc WHERE pc.tenant_id = p.tenant_id AND pc.patient_id = p.id);

SELECT set_config('carefold.tenant_ids', '', true);
