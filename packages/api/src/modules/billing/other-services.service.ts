import type { ScopedTx } from "@carefold/db";
import { parse } from "csv-parse/sync";
import { validateMbi } from "@carefold/ccm-rules";
import { invalidInput, notFound } from "../../errors.js";
import { mapEntryWriteError } from "../time/time-entries.service.js";

/** The services a clinic usually records, offered in the form (any 5-character code is accepted). */
export const COMMON_OTHER_SERVICES = [
  { code: "99495", label: "TCM, moderate complexity" },
  { code: "99496", label: "TCM, high complexity" },
  { code: "99424", label: "PCM, practitioner, first 30 min" },
  { code: "99426", label: "PCM, clinical staff, first 30 min" },
  { code: "G0556", label: "APCM, level 1" },
  { code: "G0557", label: "APCM, level 2" },
  { code: "G0558", label: "APCM, level 3 (QMB)" },
  { code: "99454", label: "RPM, device supply" },
  { code: "99457", label: "RPM, management, first 20 min" },
  { code: "99484", label: "BHI, general" },
  { code: "99490", label: "CCM billed by another practitioner" },
] as const;

export interface OtherServiceInput {
  patientId: string;
  serviceMonth: string;
  code: string;
  samePractitioner: boolean;
  note?: string | undefined;
}

/** Records one service; the same code for the same patient-month and practitioner is recorded once. */
export async function addOtherService(tx: ScopedTx, tenantId: string, input: OtherServiceInput, source: "form" | "csv", userId: string) {
  const patient = await tx.patient.findFirst({ where: { tenantId, id: input.patientId }, select: { id: true } });
  if (!patient) throw notFound("That patient");
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO other_service (tenant_id, patient_id, service_month, code, same_practitioner, source, note, created_by)
    VALUES (${tenantId}::uuid, ${input.patientId}::uuid, ${input.serviceMonth}, ${input.code}, ${input.samePractitioner}, ${source}, ${input.note ?? null}, ${userId}::uuid)
    ON CONFLICT (tenant_id, patient_id, service_month, code, same_practitioner) DO NOTHING
    RETURNING id::text`.catch((e) => mapEntryWriteError(e, input.serviceMonth));
  return { id: rows[0]?.id ?? null, isDuplicate: rows.length === 0 };
}

export async function removeOtherService(tx: ScopedTx, tenantId: string, id: string) {
  const row = await tx.otherService.findFirst({ where: { tenantId, id } });
  if (!row) throw notFound("That service");
  await tx.otherService.delete({ where: { tenantId_id: { tenantId, id } } }).catch((e) => mapEntryWriteError(e, row.serviceMonth));
  return { patientId: row.patientId };
}

export async function listOtherServices(tx: ScopedTx, tenantId: string, serviceMonth: string) {
  const rows = await tx.$queryRaw<{ id: string; patient_id: string; name: string; code: string; same_practitioner: boolean; source: string; note: string | null }[]>`
    SELECT o.id::text, o.patient_id::text, p.last_name || ', ' || p.first_name AS name, o.code, o.same_practitioner, o.source, o.note
      FROM other_service o JOIN patient p ON p.tenant_id = o.tenant_id AND p.id = o.patient_id
     WHERE o.tenant_id = ${tenantId}::uuid AND o.service_month = ${serviceMonth}
     ORDER BY p.last_name, p.first_name, o.code`;
  return rows.map((r) => ({ id: r.id, patientId: r.patient_id, patient: r.name, code: r.code, samePractitioner: r.same_practitioner, source: r.source, note: r.note }));
}

const YES = new Set(["yes", "y", "true", "1"]);
const NO = new Set(["no", "n", "false", "0"]);

/**
 * Imports other services from CSV with columns `mbi,service_month,code,same_practitioner`. Every
 * line is checked first; with any error nothing is written and every error is returned with its
 * line number. Lines already recorded count as duplicates, not errors.
 */
export async function importOtherServicesCsv(tx: ScopedTx, tenantId: string, csv: string, userId: string) {
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    throw invalidInput(`The file is not valid CSV: ${(e as Error).message}`);
  }
  if (records.length === 0) throw invalidInput("The file has no lines after the header.");
  if (records.length > 5000) throw invalidInput("Import at most 5,000 lines at a time.");
  const mbis = [...new Set(records.map((r) => (r.mbi ?? "").replaceAll("-", "").toUpperCase()))];
  const patients = new Map((await tx.patient.findMany({ where: { tenantId, mbi: { in: mbis } }, select: { id: true, mbi: true } })).map((p) => [p.mbi!.trim(), p.id]));
  const errors: { line: number; message: string }[] = [];
  const valid: OtherServiceInput[] = [];
  records.forEach((r, i) => {
    const line = i + 2;
    const mbi = (r.mbi ?? "").replaceAll("-", "").toUpperCase();
    const month = r.service_month ?? "";
    const code = (r.code ?? "").toUpperCase();
    const same = (r.same_practitioner ?? "").toLowerCase();
    const mbiCheck = validateMbi(mbi);
    if (!mbiCheck.isValid) return errors.push({ line, message: `${mbiCheck.message}.` });
    const patientId = patients.get(mbi);
    if (!patientId) return errors.push({ line, message: "No patient of this clinic has that MBI." });
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return errors.push({ line, message: "service_month must be YYYY-MM." });
    if (!/^[0-9A-Z]{5}$/.test(code)) return errors.push({ line, message: "code must be a 5-character CPT/HCPCS code." });
    if (!YES.has(same) && !NO.has(same)) return errors.push({ line, message: "same_practitioner must be yes or no." });
    valid.push({ patientId, serviceMonth: month, code, samePractitioner: YES.has(same) });
  });
  if (errors.length) return { imported: 0, duplicates: 0, errors };
  let imported = 0;
  for (const v of valid) if (!(await addOtherService(tx, tenantId, v, "csv", userId)).isDuplicate) imported += 1;
  return { imported, duplicates: valid.length - imported, errors };
}


