import type { ScopedTx } from "@carefold/db";
import { timeZoneForState } from "../patients/state-time-zones.js";
import type { PanelColumn } from "./columns.js";
import { nameDobKey, type PanelRow } from "./parse-row.js";

/** One field an import would change on a patient already on file (values as shown to the admin). */
export interface FieldChange {
  field: PanelColumn;
  from: string;
  to: string;
}

/** A row that matches a patient on file and would change it: shown in the preview, applied only when confirmed. */
export interface PanelUpdate {
  row: number;
  /** "row 7", or "entry 3 (Patient/abc)" in a FHIR file. */
  label: string;
  patientId: string;
  /** The patient as on file ("Lopez, Maria"), so the admin sees whom the row would change. */
  patient: string;
  matchedBy: "mbi" | "name";
  changes: FieldChange[];
}

export interface ExistingMatch {
  id: string;
  by: "mbi" | "name";
}

/** The time zone an imported row gets: its own, else its state's, else the clinic's. */
export const importedTimeZone = (r: PanelRow, clinicTimeZone: string) => r.timeZone ?? timeZoneForState(r.state) ?? clinicTimeZone;

/**
 * Patients on file that rows match: by MBI, else by normalised name + date of birth (the
 * `patient.name_key` index; one probe per row, never a scan of the panel).
 */
export async function matchExisting(tx: ScopedTx, tenantId: string, rows: readonly PanelRow[]): Promise<(r: PanelRow) => ExistingMatch | undefined> {
  const mbis = rows.flatMap((r) => (r.mbi ? [r.mbi] : []));
  const byMbi = new Map(
    (await tx.$queryRaw<{ id: string; mbi: string }[]>`
      SELECT id::text, mbi::text FROM patient WHERE tenant_id = ${tenantId}::uuid AND mbi IS NOT NULL AND mbi = ANY(${mbis}::bpchar[])`).map((p) => [p.mbi.trim(), p.id]),
  );
  const noMbi = rows.filter((r) => !r.mbi || !byMbi.has(r.mbi));
  const candidates = noMbi.length
    ? await tx.$queryRaw<{ id: string; key: string }[]>`
        SELECT p.id::text, k.last_name || '|' || k.first_name || '|' || to_char(k.dob, 'YYYY-MM-DD') AS key
          FROM unnest(${noMbi.map((r) => r.lastName.toLowerCase())}::text[], ${noMbi.map((r) => r.firstName.toLowerCase())}::text[], ${noMbi.map((r) => r.dateOfBirth)}::date[]) AS k(last_name, first_name, dob)
          CROSS JOIN LATERAL (
            SELECT id FROM patient p
             WHERE p.tenant_id = ${tenantId}::uuid AND p.name_key = k.last_name || '|' || k.first_name
               AND p.date_of_birth = k.dob) p`
    : [];
  const byName = new Map(candidates.map((c) => [c.key, c.id]));
  return (r) => {
    const mbiId = r.mbi ? byMbi.get(r.mbi) : undefined;
    if (mbiId) return { id: mbiId, by: "mbi" };
    const nameId = byName.get(nameDobKey(r));
    return nameId ? { id: nameId, by: "name" } : undefined;
  };
}

const text = (v: string | null | undefined) => v ?? "";
const phoneText = (p: { numberE164: string; type: string; hasSmsConsent?: boolean }) => `${p.numberE164} (${p.type}${p.hasSmsConsent ? ", SMS consent" : ""})`;

/**
 * What committing each matched row would change, field by field, exactly as the commit writes it
 * (every column is replaced, phones are replaced by the file's, problems are only added).
 * Rows that change nothing are left out.
 */
export async function diffMatchedRows(
  tx: ScopedTx,
  tenantId: string,
  matched: readonly { row: PanelRow; label: string; match: ExistingMatch }[],
  practitionerNpis: Map<string, string>,
  clinicTimeZone: string,
): Promise<PanelUpdate[]> {
  if (!matched.length) return [];
  const current = new Map(
    (
      await tx.patient.findMany({
        where: { tenantId, id: { in: matched.map((m) => m.match.id) } },
        include: { phones: { orderBy: [{ isPreferred: "desc" }, { numberE164: "asc" }] }, problems: { select: { icd10Code: true } } },
      })
    ).map((p) => [p.id, p]),
  );
  const updates: PanelUpdate[] = [];
  for (const { row: r, label, match } of matched) {
    const p = current.get(match.id);
    if (!p) continue;
    const pairs: [PanelColumn, string, string][] = [
      ["first_name", p.firstName, r.firstName],
      ["last_name", p.lastName, r.lastName],
      ["date_of_birth", p.dateOfBirth.toISOString().slice(0, 10), r.dateOfBirth],
      ["sex", p.sex, r.sex],
      ["mbi", text(p.mbi?.trim()), text(r.mbi)],
      ["mrn", text(p.medicalRecordNumber), text(r.mrn)],
      ["address_line1", text(p.addressLine1), text(r.addressLine1)],
      ["city", text(p.city), text(r.city)],
      ["state", text(p.state?.trim()), text(r.state)],
      ["postal_code", text(p.postalCode), text(r.postalCode)],
      ["time_zone", p.timeZone, importedTimeZone(r, clinicTimeZone)],
      ["preferred_language", p.preferredLanguage, r.preferredLanguage],
      ["billing_practitioner_npi", text(p.billingPractitionerId ? practitionerNpis.get(p.billingPractitionerId) : null), text(r.practitionerNpi)],
    ];
    if (r.phone) pairs.push(["phone", p.phones.map(phoneText).join("; "), phoneText({ numberE164: r.phone.number, type: r.phone.type })]);
    const onFile = p.problems.map((x) => x.icd10Code);
    const added = r.icd10Codes.filter((c) => !onFile.includes(c));
    if (added.length) pairs.push(["icd10_codes", onFile.join(";"), [...onFile, ...added].join(";")]);
    const changes = pairs.filter(([, from, to]) => from !== to).map(([field, from, to]) => ({ field, from, to }));
    if (changes.length) updates.push({ row: r.row, label, patientId: p.id, patient: `${p.lastName}, ${p.firstName}`, matchedBy: match.by, changes });
  }
  return updates;
}
