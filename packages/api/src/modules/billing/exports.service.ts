import type { ScopedTx } from "@carefold/db";
import type { ObjectStorage } from "@carefold/integrations";
import { invalidInput, invalidState, notFound } from "../../errors.js";
import { assertApprovedClose, claimFileKey, claimTypeOf, loadBillingProvider, loadClaimRows, type BillingProvider } from "./claims.js";
import { buildClaimsCsv } from "./claims-csv.js";
import { planClaimSubmissions, recordSubmissions, type PlannedClaim } from "./claim-lifecycle.js";
import { ClaimDataError } from "./x12-common.js";
import { build837i } from "./x12-837i.js";
import { build837p } from "./x12-837p.js";
import { validate837 } from "./x12-validator.js";

export type ClaimFormat = "csv" | "x12_837p" | "x12_837i";

const FILE: Record<ClaimFormat, { ext: string; contentType: string; label: string }> = {
  csv: { ext: "csv", contentType: "text/csv", label: "claims" },
  x12_837p: { ext: "837p.txt", contentType: "text/plain", label: "claims-837p" },
  x12_837i: { ext: "837i.txt", contentType: "text/plain", label: "claims-837i" },
};

export interface ClaimExportOptions {
  /** Send every claim of the month again as a replacement (frequency 7), even when nothing changed. */
  replace?: boolean;
}

/** One claim file of an export: an X12 export makes one per payer group (claimFileKey), a CSV one. */
export interface ClaimExportFile {
  exportId: string;
  documentId: string;
  fileName: string;
  controlNumber: number;
  claimCount: number;
  amountCents: number;
  /** The payer the X12 file goes to (null for a CSV). */
  payerName: string | null;
  payerEdiId: string | null;
  /** How many claims of the file are originals, replacements and voids. */
  frequencies: { original: number; replacement: number; void: number };
}

export interface ClaimExportResult {
  /** The first file's (by payer name) id, document, name and control number; every file is in `files`. */
  exportId: string;
  documentId: string;
  fileName: string;
  controlNumber: number;
  /** Over all files. */
  claimCount: number;
  amountCents: number;
  /** True when nothing changed since the month's last X12 export, which is returned instead of a new file. */
  reused: boolean;
  /** X12: how many claims of all files are originals, replacements and voids. */
  frequencies: { original: number; replacement: number; void: number };
  /** One file per payer (issue 24): X12 files by payer name; the CSV is one file. */
  files: ClaimExportFile[];
}

async function storeExport(
  tx: ScopedTx, storage: ObjectStorage, tenantId: string, serviceMonth: string, format: ClaimFormat, userId: string, text: string,
  record: { controlNumber: number; claimCount: number; amountCents: number; submitterId: string | null; usage: "P" | "T" | null; payerEdiId?: string | null; payerName?: string | null },
) {
  // One file per payer: the payer's EDI id names the file (a CSV has none).
  const payerPart = record.payerEdiId ? `-${record.payerEdiId.toLowerCase()}` : "";
  const fileName = `${FILE[format].label}-${serviceMonth}${payerPart}-${record.controlNumber}.${FILE[format].ext}`;
  const stored = await storage.putObject({ tenantId, kind: "claim-export", fileName, contentType: FILE[format].contentType, body: Buffer.from(text, "utf8") });
  const document = await tx.document.create({
    data: { tenantId, kind: "export", storageKey: stored.key, fileName, contentType: FILE[format].contentType, sizeBytes: BigInt(stored.sizeBytes), sha256: stored.sha256, uploadedBy: userId },
  });
  const created = await tx.claimExport.create({
    data: {
      tenantId, serviceMonth, format, controlNumber: record.controlNumber, documentId: document.id, claimCount: record.claimCount, amountCents: BigInt(record.amountCents),
      createdBy: userId, submitterId: record.submitterId, usageIndicator: record.usage, payerEdiId: record.payerEdiId ?? null, payerName: record.payerName ?? null,
    },
  });
  return { exportId: created.id, documentId: document.id, fileName };
}

/**
 * The next interchange control number of a submitter id. Clinics sharing a submitter id share the
 * sequence: the registry (x12_control_number, primary key submitter id + number) has no tenant, and
 * the advisory lock makes concurrent exports of those clinics take turns.
 */
export async function takeControlNumber(tx: ScopedTx, submitterId: string): Promise<number> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('x12_control_number:' || ${submitterId}))`;
  const [row] = await tx.$queryRaw<{ n: number }[]>`
    INSERT INTO x12_control_number (submitter_id, control_number)
    SELECT ${submitterId}, coalesce(max(control_number), 0) + 1 FROM x12_control_number WHERE submitter_id = ${submitterId}
    RETURNING control_number AS n`;
  return Number(row!.n);
}

/** Builds and validates the interchange; a file the validator refuses is never stored (the transaction rolls back). */
function buildInterchange(format: "x12_837p" | "x12_837i", planned: readonly PlannedClaim[], provider: BillingProvider, controlNumber: number, now: Date, serviceMonth: string) {
  const envelope = { controlNumber, createdAt: now, usage: provider.usage, serviceMonth };
  let text: string;
  try {
    text = format === "x12_837p" ? build837p(planned, provider, envelope) : build837i(planned, provider, envelope);
  } catch (error) {
    if (error instanceof ClaimDataError) throw invalidState(`The claims cannot be built: ${error.message}. Fix it in the patient's record or the billing profile, close the month again and export.`);
    throw error;
  }
  const findings = validate837(text);
  if (findings.length > 0) throw invalidState(`The ${format === "x12_837p" ? "837P" : "837I"} failed validation and was not stored: ${findings.join("; ")}.`);
  return text;
}

/**
 * Exports an approved month as CSV, or as X12 claims (837P for an office, 837I for an RHC or FQHC,
 * unless a payer's directory entry says otherwise). X12 exports make one file per payer group —
 * payer EDI id, receiver id, submitter id and claim type, the payer's own or the billing
 * setting's (issue 24, decision 0052) — each with its own control number from its submitter's
 * sequence and each validated before it is stored. They follow the claim lifecycle
 * (claim-lifecycle.ts): first sending of a patient-month is its original; a claim that changed
 * after a reopen goes as a replacement and one no longer billable as a void, to the payer that has
 * it; a month with nothing new returns its last file. Refused (invalid_state) for a month that is
 * not approved.
 */
export async function createClaimExport(
  tx: ScopedTx, storage: ObjectStorage, tenantId: string, serviceMonth: string, format: ClaimFormat, userId: string, now = new Date(), options: ClaimExportOptions = {},
): Promise<ClaimExportResult> {
  // The month first (another clinic's month is not found), then the billing profile.
  await assertApprovedClose(tx, tenantId, serviceMonth);
  const provider = await loadBillingProvider(tx, tenantId);
  const rows = await loadClaimRows(tx, tenantId, serviceMonth, provider);
  // Serialise exports of one clinic so two never plan the same claims or take the same CSV number.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('claim_export:' || ${tenantId}))`;
  const none = { original: 0, replacement: 0, void: 0 };
  if (format === "csv") {
    const [next] = await tx.$queryRaw<{ n: number }[]>`
      SELECT coalesce(max(control_number), 0) + 1 AS n FROM claim_export WHERE tenant_id = ${tenantId}::uuid AND format = 'csv'`;
    const controlNumber = Number(next!.n);
    const amountCents = rows.reduce((s, r) => s + r.amountCents, 0);
    const stored = await storeExport(tx, storage, tenantId, serviceMonth, format, userId, buildClaimsCsv(rows, provider), { controlNumber, claimCount: rows.length, amountCents, submitterId: null, usage: null });
    const file = { ...stored, controlNumber, claimCount: rows.length, amountCents, payerName: null, payerEdiId: null, frequencies: none };
    return { ...stored, controlNumber, claimCount: rows.length, amountCents, reused: false, frequencies: none, files: [file] };
  }

  const claimType = claimTypeOf(provider.setting);
  if (`x12_${claimType}` !== format && !rows.some((r) => `x12_${r.payer.claimType}` === format)) {
    throw invalidInput(claimType === "837i"
      ? "This clinic is an RHC or FQHC: Medicare takes its care-management claims on the institutional 837I, not the 837P."
      : "This clinic bills Medicare on the professional 837P; the 837I is for RHCs and FQHCs.");
  }
  const plan = await planClaimSubmissions(tx, tenantId, serviceMonth, rows, provider, options);
  // The claims of this format, by the file they go in (a void goes to the payer that has the claim).
  const groups = new Map<string, PlannedClaim[]>();
  for (const claim of plan.toSend) {
    if (`x12_${claim.row.payer.claimType}` !== format) continue;
    const key = claimFileKey(claim.row.payer);
    groups.set(key, [...(groups.get(key) ?? []), claim]);
  }
  if (groups.size === 0) {
    const last = await tx.claimExport.findFirst({ where: { tenantId, serviceMonth, format }, orderBy: [{ createdAt: "desc" }, { controlNumber: "desc" }] });
    if (!last) throw invalidState("This month has no claims to send: no patient-month is billable, so no file was made.");
    const document = await tx.document.findFirstOrThrow({ where: { tenantId, id: last.documentId }, select: { fileName: true } });
    return { exportId: last.id, documentId: last.documentId, fileName: document.fileName, controlNumber: last.controlNumber, claimCount: last.claimCount, amountCents: Number(last.amountCents), reused: true, frequencies: none, files: [] };
  }

  const files: ClaimExportFile[] = [];
  const ordered = [...groups.values()].sort((a, b) => a[0]!.row.payer.name.localeCompare(b[0]!.row.payer.name) || claimFileKey(a[0]!.row.payer).localeCompare(claimFileKey(b[0]!.row.payer)));
  for (const claims of ordered) {
    const payer = claims[0]!.row.payer;
    // The file's envelope and receiver are the payer's (its own ids, else the billing setting's).
    const fileProvider: BillingProvider = { ...provider, receiverId: payer.receiverId, submitterId: payer.submitterId, payerName: payer.name, payerId: payer.ediPayerId };
    const controlNumber = await takeControlNumber(tx, payer.submitterId);
    const text = buildInterchange(format as "x12_837p" | "x12_837i", claims, fileProvider, controlNumber, now, serviceMonth);
    const frequencies = {
      original: claims.filter((c) => c.frequency === "1").length,
      replacement: claims.filter((c) => c.frequency === "7").length,
      void: claims.filter((c) => c.frequency === "8").length,
    };
    const amountCents = claims.filter((c) => c.frequency !== "8").reduce((s, c) => s + c.row.amountCents, 0);
    const stored = await storeExport(tx, storage, tenantId, serviceMonth, format, userId, text, {
      controlNumber, claimCount: claims.length, amountCents, submitterId: payer.submitterId, usage: provider.usage, payerEdiId: payer.ediPayerId, payerName: payer.name,
    });
    await recordSubmissions(tx, tenantId, serviceMonth, payer.claimType, claims, stored.exportId);
    files.push({ ...stored, controlNumber, claimCount: claims.length, amountCents, payerName: payer.name, payerEdiId: payer.ediPayerId, frequencies });
  }
  const sum = (pick: (f: ClaimExportFile) => number) => files.reduce((s, f) => s + pick(f), 0);
  const first = files[0]!;
  return {
    exportId: first.exportId, documentId: first.documentId, fileName: first.fileName, controlNumber: first.controlNumber,
    claimCount: sum((f) => f.claimCount), amountCents: sum((f) => f.amountCents), reused: false,
    frequencies: { original: sum((f) => f.frequencies.original), replacement: sum((f) => f.frequencies.replacement), void: sum((f) => f.frequencies.void) },
    files,
  };
}

/** The month's exports, newest first. */
export async function listClaimExports(tx: ScopedTx, tenantId: string, serviceMonth: string) {
  const rows = await tx.claimExport.findMany({ where: { tenantId, serviceMonth }, orderBy: { createdAt: "desc" } });
  const documents = new Map((await tx.document.findMany({ where: { tenantId, id: { in: rows.map((r) => r.documentId) } }, select: { id: true, fileName: true } })).map((d) => [d.id, d.fileName]));
  return rows.map((r) => ({
    exportId: r.id, format: r.format as ClaimFormat, controlNumber: r.controlNumber, claimCount: r.claimCount, amountCents: Number(r.amountCents), fileName: documents.get(r.documentId) ?? "",
    createdAt: r.createdAt.toISOString(), payerName: r.payerName, payerEdiId: r.payerEdiId,
  }));
}

/** A short-lived download link for one export (the key is checked against the tenant first). */
export async function presignClaimExport(tx: ScopedTx, storage: ObjectStorage, tenantId: string, exportId: string) {
  const row = await tx.claimExport.findFirst({ where: { tenantId, id: exportId } });
  if (!row) throw notFound("That export");
  const document = await tx.document.findFirstOrThrow({ where: { tenantId, id: row.documentId } });
  storage.assertKeyBelongsToTenant(document.storageKey, tenantId);
  const url = await storage.presignDownload(document.storageKey, { expiresInSeconds: 300, fileName: document.fileName });
  return { url, fileName: document.fileName, expiresInSeconds: 300 };
}
