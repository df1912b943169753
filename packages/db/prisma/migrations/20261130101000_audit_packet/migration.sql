-- The audit packet of a patient-month (a PDF in object storage) and what it was made from: a
-- packet is reused while the row, its exclusion and the month's approval are unchanged.
ALTER TABLE worksheet_row
  ADD COLUMN audit_packet_document_id uuid,
  ADD COLUMN audit_packet_basis char(64),
  ADD CONSTRAINT worksheet_row_audit_packet_fkey FOREIGN KEY (tenant_id, audit_packet_document_id) REFERENCES document (tenant_id, id);
