-- Issue 17 item 11: the runtime role rewrote audit rows' tenant_id through `UPDATE tenant SET id`
-- (the foreign key cascaded), after which the old chain verified "intact" with no rows. Audit rows
-- are never changed by anything: their foreign key has no cascade, and a tenant's id never changes
-- (every tenant table keys on it, so an id change could only ever be an attack or an accident).
ALTER TABLE audit_event DROP CONSTRAINT audit_event_tenant_id_fkey;
ALTER TABLE audit_event ADD CONSTRAINT audit_event_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (id);

CREATE FUNCTION tenant_id_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS DISTINCT FROM OLD.id THEN
    RAISE EXCEPTION 'tenant ids never change (tenant %)', OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER tenant_id_is_immutable BEFORE UPDATE OF id ON tenant
  FOR EACH ROW EXECUTE FUNCTION tenant_id_is_immutable();
