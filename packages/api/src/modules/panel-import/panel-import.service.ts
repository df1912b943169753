import { Readable } from "node:stream";
import { parse } from "csv-parse";
import type { Prisma, ScopedTx } from "@carefold/db";
import type { ObjectStorage } from "@carefold/integrations";
import { DomainError, invalidInput, invalidState, notFound } from "../../errors.js";
import { conditionGroupOf } from "../patients/patient-record.js";
import { refreshEligibilityMany } from "./eligibility-batch.js";
import { PANEL_COLUMNS, canonicalColumn } from "./columns.js";
import { FHIR_PATH, fhirFormatOf, readFhirPanel } from "./fhir-bundle.js";
import { PANEL_FILE_LIMITS, TOO_WIDE, checkLineWidths, checkPanelFileSize, decodePanelText, textSlices } from "./panel-file.js";
import { diffMatchedRows, importedTimeZone, matchExisting, type FieldChange, type PanelUpdate } from "./panel-match.js";
import { nameDobKey, parsePanelRow, type PanelRow, type RowError } from "./parse-row.js";
import { coverageFindings, loadPayerDirectory, writeRowCoverage } from "./import-coverage.js";
import { todayIn } from "../patients/today.js";

const MAX_STORED_ERRORS = 1000;
const BATCH = 500;
/** Rows matched against the patients on file per round trip in a preview (reads only, so bigger). */
const MATCH_BATCH = 5000;
const REQUIRED = PANEL_COLUMNS.filter((c) => c.required).map((c) => c.name);
const KNOWN = new Set<string>(PANEL_COLUMNS.map((c) => c.name));

const { maxColumns, maxRows, maxRecordChars } = PANEL_FILE_LIMITS;

/**
 * Streams CSV records with spreadsheet row numbers (the header is row 1). The text reaches the
 * parser in slices with a turn of the event loop between them, and the column, row and record-size
 * limits stop a hostile file early (a million columns once blocked the server for seconds).
 */
async function* readRows(text: string, onHeader: (columns: string[]) => void) {
  await checkLineWidths(text);
  const parser = Readable.from(textSlices(text)).pipe(
    parse({
      bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, max_record_size: maxRecordChars,
      columns: (header: string[]) => {
        if (header.length > maxColumns) throw invalidInput(`The file has ${header.length} columns; ${TOO_WIDE}`);
        const cols = header.map((h) => canonicalColumn(h));
        onHeader(cols);
        return cols;
      },
    }),
  );
  let row = 1;
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      row++;
      if (row - 1 > maxRows) throw invalidInput(`The file has more than ${maxRows.toLocaleString("en-US")} patients. Split it into smaller files and import them one after another.`);
      if (Object.keys(record).length > maxColumns) throw invalidInput(`Row ${row} has more than ${maxColumns} values; ${TOO_WIDE}`);
      yield { record, row };
    }
  } catch (error) {
    if ((error as { code?: string }).code === "CSV_MAX_RECORD_SIZE") throw invalidInput(`Row ${row + 1} is longer than ${maxRecordChars / 1024} KB; ${TOO_WIDE}`);
    throw error;
  } finally {
    parser.destroy();
  }
}

function checkHeader(columns: string[]): RowError[] {
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  const unknown = columns.filter((c) => c && !KNOWN.has(c));
  return [
    ...missing.map((c) => ({ row: 1, column: "row" as const, value: c, message: `The column "${c}" is missing. Download the template to see every column.` })),
    ...unknown.map((c) => ({ row: 1, column: "row" as const, value: c, message: `The column "${c}" is not in the template; rename or remove it.` })),
  ];
}

interface SourceRow {
  record: Record<string, string | undefined>;
  row: number;
  /** How messages name the row: "row 7" in a CSV, "entry 3 (Patient/abc)" in a FHIR file. */
  label: string;
  /** FHIR-level findings for this patient (conflicting MBIs, conditions without ICD-10-CM). */
  findings: RowError[];
}

const CONTENT_TYPES = { csv: "text/csv", bundle: "application/fhir+json", ndjson: "application/fhir+ndjson" } as const;
const formatOf = (fileName: string) => fhirFormatOf(fileName) ?? "csv";

/**
 * The rows of a panel file as template records, whatever its format: CSV rows as they are, FHIR
 * patients mapped by `readFhirPanel`. File-level findings (CSV header, malformed FHIR entries) go
 * to `onFile` before the first row.
 */
async function* panelRows(fileName: string, body: Buffer, onFile: (findings: RowError[]) => void): AsyncGenerator<SourceRow> {
  const format = formatOf(fileName);
  checkPanelFileSize(body.length);
  const text = await decodePanelText(body);
  if (format === "csv") {
    try {
      for await (const { record, row } of readRows(text, (cols) => onFile(checkHeader(cols)))) yield { record, row, label: `row ${row}`, findings: [] };
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw invalidInput(`The file could not be read as CSV: ${(error as Error).message}`);
    }
    return;
  }
  const panel = readFhirPanel(body, format);
  onFile(panel.errors);
  for (const r of panel.rows) yield { record: r.record, row: r.row, label: r.label, findings: r.errors };
}

/** parse-row's findings on a FHIR patient, named by entry and FHIR path instead of CSV column. */
const inFhirTerms = (e: RowError, label: string): RowError =>
  e.column === "row" ? { ...e, entry: label, message: `${label}: ${e.message}` } : { ...e, entry: label, path: FHIR_PATH[e.column], message: `${label}, ${FHIR_PATH[e.column]}: ${e.message}` };

/**
 * Validates a whole panel file (CSV, or FHIR R4 Bundle / NDJSON) without writing any patient:
 * per-row, per-column errors, duplicate rows inside the file, unknown practitioners. Warnings (a FHIR
 * condition without an ICD-10-CM code, ignored resource types) are listed but do not block. The
 * original file is kept in object storage with its checksum, and an import record remembers the
 * result so the clinic can commit it (only when free of errors).
 */
export async function previewPanelImport(tx: ScopedTx, storage: ObjectStorage, tenantId: string, input: { fileName: string; csv: Buffer }, actorUserId: string) {
  const format = formatOf(input.fileName);
  if (input.csv.length === 0) throw invalidInput(format === "csv" ? "The file is empty. Choose the CSV exported from your EHR." : "The file is empty. Choose the FHIR export from your EHR.");
  const practitioners = await tx.practitioner.findMany({ where: { tenantId }, select: { id: true, npi: true } });
  const npis = new Set(practitioners.map((p) => p.npi));
  const npiById = new Map(practitioners.map((p) => [p.id, p.npi]));
  const clinicTimeZone = (await tx.tenant.findFirst({ where: { id: tenantId }, select: { timeZone: true } }))?.timeZone ?? "America/Chicago";
  const directory = await loadPayerDirectory(tx, tenantId);
  let assumedWithoutMedicare = 0;
  await preferIndexes(tx);
  // Rows matching a patient on file become updates the admin confirms (diffed in batches).
  const updates: PanelUpdate[] = [];
  let pending: { row: PanelRow; label: string }[] = [];
  const diffPending = async () => {
    const match = await matchExisting(tx, tenantId, pending.map((p) => p.row));
    const matched = pending.flatMap((p) => { const m = match(p.row); return m ? [{ ...p, match: m }] : []; });
    updates.push(...(await diffMatchedRows(tx, tenantId, matched, npiById, clinicTimeZone)));
    pending = [];
  };
  const errors: RowError[] = [];
  let errorCount = 0;
  const push = (e: RowError) => {
    if (e.level !== "warning") errorCount++;
    if (errors.length < MAX_STORED_ERRORS) errors.push(e);
  };
  const seenMbi = new Map<string, string>();
  const seenName = new Map<string, string>();
  let rowCount = 0;
  for await (const { record, row, label, findings } of panelRows(input.fileName, input.csv, (found) => found.forEach(push))) {
    if (format === "csv" && errorCount && errors.some((e) => e.row === 1 && e.message.includes("is missing"))) break;
    rowCount++;
    findings.forEach(push);
    const { value, errors: rowErrors } = parsePanelRow(record, row);
    const named = (e: RowError) => (format === "csv" ? e : inFhirTerms(e, label));
    rowErrors.forEach((e) => push(named(e)));
    if (!value) continue;
    for (const f of coverageFindings(value, directory)) push(named({ row, ...f }));
    if (value.mbi && !value.coverage.some((c) => c.rank === "primary") && !directory.medicare) assumedWithoutMedicare++;
    if (value.practitionerNpi && !npis.has(value.practitionerNpi)) {
      push(named({ row, column: "billing_practitioner_npi", value: value.practitionerNpi, message: `No practitioner with NPI ${value.practitionerNpi} in this clinic. Add them first or leave the column empty.` }));
    }
    const dup = value.mbi ? seenMbi.get(value.mbi) : seenName.get(nameDobKey(value));
    if (dup) push(named({ row, column: value.mbi ? "mbi" : "row", value: value.mbi ?? `${value.lastName}, ${value.firstName}`, message: `Duplicate of ${dup} (same ${value.mbi ? "MBI" : "name and date of birth"}).` }));
    if (value.mbi) seenMbi.set(value.mbi, label);
    seenName.set(nameDobKey(value), label);
    if (!errorCount) {
      pending.push({ row: value, label });
      if (pending.length >= MATCH_BATCH) await diffPending();
    }
  }
  // A file with errors cannot be committed: its updates are not worth working out.
  if (!errorCount && pending.length) await diffPending();
  if (errorCount) updates.length = 0;
  if (rowCount === 0 && errorCount === 0) throw invalidInput(format === "csv" ? "The file has a header but no patients." : "The file has no Patient resources to import.");

  const contentType = CONTENT_TYPES[format];
  const stored = await storage.putObject({ tenantId, kind: "panel-import", fileName: input.fileName, contentType, body: input.csv });
  const document = await tx.document.create({
    data: { tenantId, kind: "panel_import", storageKey: stored.key, fileName: input.fileName, contentType, sizeBytes: BigInt(stored.sizeBytes), sha256: stored.sha256, uploadedBy: actorUserId },
  });
  const record = await tx.panelImport.create({
    data: { tenantId, status: errorCount ? "rejected" : "previewed", fileName: input.fileName, documentId: document.id, rowCount, errorCount, errors: errors as unknown as Prisma.InputJsonArray, updates: updates as unknown as Prisma.InputJsonArray, createdBy: actorUserId },
  });
  // Patients with an MBI and no coverage columns while the directory has no traditional Medicare
  // payer: they get no coverage (the page says so; nothing to assume them covered by).
  return { importId: record.id, status: record.status, rowCount, errorCount, errors, updates, sha256: stored.sha256, uncoveredMbiRows: assumedWithoutMedicare };
}

/** Which of the preview's updates the admin confirmed: every one, or the rows they ticked. */
export interface UpdateConfirmation {
  confirmAll?: boolean;
  confirmedRows?: readonly number[];
}

/** Changes compared by value (jsonb does not keep the keys' order). */
const changeKey = (changes: readonly FieldChange[]) => JSON.stringify(changes.map((c) => [c.field, c.from, c.to]));

/**
 * Rows written shortly before (in this transaction, or not yet analysed) are invisible to the
 * planner's statistics, and the foreign-key checks reuse plans cached while the table was small:
 * they would scan the whole panel for every matched row, inserted phone or problem (quadratic;
 * 50,000 rows took minutes). Re-plan with real sizes and prefer the indexes every lookup here has.
 */
async function preferIndexes(tx: ScopedTx) {
  await tx.$executeRaw`SET LOCAL plan_cache_mode = force_custom_plan`;
  await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
}

const capitalise = (label: string) => `${label.charAt(0).toUpperCase()}${label.slice(1)}`;

/**
 * Writes a clean preview: every row or none (the caller's transaction). Rows that match no patient
 * are created. Rows that match one (MBI, else name + date of birth) are applied only when the admin
 * confirmed that row's update as the preview showed it; a confirmed row whose patient changed since
 * the preview stops the commit, unconfirmed ones are left alone (counted as skipped). Reads the
 * stored original (checksum verified) and writes in batches, so memory stays flat on big panels.
 */
export async function commitPanelImport(tx: ScopedTx, storage: ObjectStorage, tenantId: string, importId: string, clinicTimeZone: string, confirmation: UpdateConfirmation = {}, actorUserId: string | null = null) {
  const record = await tx.panelImport.findFirst({ where: { tenantId, id: importId }, include: { document: true } });
  if (!record?.document) throw notFound("That import");
  if (record.status === "committed") throw invalidState("This file was already imported.");
  if (record.status !== "previewed" || record.errorCount > 0) throw invalidState("Fix the errors in the file and upload it again; nothing was imported.");
  const previewed = new Map((record.updates as unknown as PanelUpdate[]).map((u) => [u.row, u]));
  for (const row of confirmation.confirmedRows ?? []) {
    if (!previewed.has(row)) throw invalidState(`Row ${row} is not an update to a patient on file; check the file again.`);
  }
  const confirmed = new Set(confirmation.confirmAll ? previewed.keys() : (confirmation.confirmedRows ?? []));
  const object = await storage.getObject(record.document.storageKey, { expectedSha256: record.document.sha256 });
  await preferIndexes(tx);
  const practitioners = new Map((await tx.practitioner.findMany({ where: { tenantId }, select: { id: true, npi: true } })).map((p) => [p.npi, p.id]));

  const npiById = new Map([...practitioners].map(([npi, id]) => [id, npi]));
  const directory = await loadPayerDirectory(tx, tenantId);
  const coverageContext = { source: formatOf(record.fileName) === "csv" ? ("csv_import" as const) : ("fhir_import" as const), fileName: record.fileName, today: todayIn(clinicTimeZone), userId: actorUserId };

  let created = 0;
  let updated = 0;
  let skipped = 0;
  let coverages = 0;
  let batch: { row: PanelRow; label: string }[] = [];
  const flush = async () => {
    const match = await matchExisting(tx, tenantId, batch.map((b) => b.row));
    const matched = batch.flatMap((b) => { const m = match(b.row); return m ? [{ ...b, match: m }] : []; });
    const now = new Map((await diffMatchedRows(tx, tenantId, matched, npiById, clinicTimeZone)).map((u) => [u.row, u]));
    const write: PanelRow[] = [];
    // Rows on file with nothing to confirm still carry the file's coverage (recorded idempotently).
    const coverageOnly: { row: PanelRow; patientId: string }[] = [];
    for (const b of batch) {
      const m = match(b.row);
      if (!m) { write.push(b.row); continue; }
      const change = now.get(b.row.row);
      if (!change) coverageOnly.push({ row: b.row, patientId: m.id });
      if (!change || !confirmed.has(b.row.row)) { skipped++; continue; }
      const shown = previewed.get(b.row.row);
      if (shown?.patientId !== change.patientId || changeKey(shown.changes) !== changeKey(change.changes)) {
        throw invalidState(`${capitalise(b.label)}: ${change.patient} changed since the file was checked; check the file again. Nothing was imported.`);
      }
      write.push(b.row);
    }
    const result = await writeBatch(tx, tenantId, write, practitioners, clinicTimeZone, match);
    created += result.created;
    updated += result.updated;
    const labels = new Map(batch.map((b) => [b.row.row, b.label]));
    for (const { row, patientId } of [...write.map((row, i) => ({ row, patientId: result.ids[i]! })), ...coverageOnly]) {
      if (row.coverage.length === 0 && !(row.mbi && directory.medicare)) continue;
      coverages += await writeRowCoverage(tx, tenantId, patientId, row, directory, { ...coverageContext, label: labels.get(row.row) ?? `row ${row.row}` });
    }
    batch = [];
  };
  for await (const { record: raw, row, label } of panelRows(record.fileName, object.body, () => {})) {
    const { value } = parsePanelRow(raw, row);
    if (!value) throw invalidState(`${capitalise(label)} no longer validates; upload the file again.`);
    batch.push({ row: value, label });
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length) await flush();
  await tx.panelImport.update({ where: { tenantId_id: { tenantId, id: importId } }, data: { status: "committed", createdRows: created, updatedRows: updated, committedAt: new Date() } });
  return { importId, created, updated, skipped, coverages };
}

/**
 * Writes one batch with set-based SQL (unnest of arrays): a few statements per 500 rows instead of
 * one ORM call per row, which keeps a 50,000-row panel to seconds and memory flat.
 */
async function writeBatch(tx: ScopedTx, tenantId: string, rows: PanelRow[], practitioners: Map<string, string>, clinicTimeZone: string, match: (r: PanelRow) => { id: string } | undefined) {
  if (!rows.length) return { created: 0, updated: 0, ids: [] as string[] };
  const existingId = (r: PanelRow) => match(r)?.id;

  const ids: string[] = [];
  const col = <T>(f: (r: PanelRow) => T) => rows.map(f);
  const written = await tx.$queryRaw<{ id: string; ord: bigint; inserted: boolean }[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${col((r) => existingId(r) ?? null)}::uuid[], ${col((r) => r.firstName)}::text[], ${col((r) => r.lastName)}::text[],
        ${col((r) => r.dateOfBirth)}::date[], ${col((r) => r.sex)}::patient_sex[], ${col((r) => r.mbi)}::bpchar[],
        ${col((r) => r.mrn)}::text[], ${col((r) => r.addressLine1)}::text[], ${col((r) => r.city)}::text[], ${col((r) => r.state)}::bpchar[],
        ${col((r) => r.postalCode)}::text[], ${col((r) => importedTimeZone(r, clinicTimeZone))}::text[],
        ${col((r) => r.preferredLanguage)}::text[], ${col((r) => (r.practitionerNpi ? practitioners.get(r.practitionerNpi)! : null))}::uuid[]
      ) WITH ORDINALITY AS t(id, first_name, last_name, dob, sex, mbi, mrn, address_line1, city, state, postal_code, time_zone, lang, practitioner_id, ord)
    ), updated AS (
      UPDATE patient p SET first_name = i.first_name, last_name = i.last_name, date_of_birth = i.dob, sex = i.sex, mbi = i.mbi,
             medical_record_number = i.mrn, address_line1 = i.address_line1, city = i.city, state = i.state, postal_code = i.postal_code,
             time_zone = i.time_zone, preferred_language = i.lang, billing_practitioner_id = i.practitioner_id, updated_at = now()
        FROM input i WHERE i.id IS NOT NULL AND p.tenant_id = ${tenantId}::uuid AND p.id = i.id
      RETURNING p.id, i.ord
    ), inserted AS (
      INSERT INTO patient (tenant_id, first_name, last_name, date_of_birth, sex, mbi, medical_record_number, address_line1, city, state,
                           postal_code, time_zone, preferred_language, billing_practitioner_id)
      SELECT ${tenantId}::uuid, first_name, last_name, dob, sex, mbi, mrn, address_line1, city, state, postal_code, time_zone, lang, practitioner_id
        FROM input WHERE id IS NULL ORDER BY ord
      RETURNING id
    )
    SELECT id::text, ord, false AS inserted FROM updated
    UNION ALL
    SELECT id::text, NULL::bigint, true FROM inserted`;
  // INSERT ... SELECT ... ORDER BY returns rows in that order; match them to the new rows in order.
  const newRows = rows.filter((r) => !existingId(r));
  const insertedIds = written.filter((w) => w.inserted).map((w) => w.id);
  newRows.forEach((r, i) => (ids[rows.indexOf(r)] = insertedIds[i]!));
  for (const w of written.filter((x) => !x.inserted)) ids[Number(w.ord) - 1] = w.id;

  const withPhone = rows.map((r, i) => ({ r, id: ids[i]! })).filter((x) => x.r.phone);
  if (withPhone.length) {
    await tx.$executeRaw`DELETE FROM patient_phone WHERE tenant_id = ${tenantId}::uuid AND patient_id = ANY(${withPhone.map((x) => x.id)}::uuid[])`;
    await tx.$executeRaw`
      INSERT INTO patient_phone (tenant_id, patient_id, number_e164, type, is_preferred)
      SELECT ${tenantId}::uuid, pid, num, typ, true
        FROM unnest(${withPhone.map((x) => x.id)}::uuid[], ${withPhone.map((x) => x.r.phone!.number)}::text[], ${withPhone.map((x) => x.r.phone!.type)}::phone_type[]) AS t(pid, num, typ)`;
  }
  const problems = rows.flatMap((r, i) => r.icd10Codes.map((code) => ({ patientId: ids[i]!, code, ...conditionGroupOf(code) })));
  if (problems.length) {
    await tx.$executeRaw`
      INSERT INTO problem (tenant_id, patient_id, icd10_code, description, condition_group, is_chronic)
      SELECT ${tenantId}::uuid, pid, code, coalesce(nullif(grp, ''), code), nullif(grp, ''), chronic
        FROM unnest(${problems.map((p) => p.patientId)}::uuid[], ${problems.map((p) => p.code)}::text[], ${problems.map((p) => p.group)}::text[], ${problems.map((p) => p.isChronic)}::boolean[]) AS t(pid, code, grp, chronic)
      ON CONFLICT (tenant_id, patient_id, icd10_code) DO NOTHING`;
  }
  await refreshEligibilityMany(tx, tenantId, ids);
  return { created: newRows.length, updated: rows.length - newRows.length, ids };
}
