import type { ScopedTx } from "@carefold/db";
import type { ObjectStorage } from "@carefold/integrations";
import { notFound } from "../../errors.js";
import { loadBillingProvider, loadClaimRows } from "./claims.js";
import { buildClaimsCsv } from "./claims-csv.js";
import { build837p } from "./x12-837p.js";

export type ClaimFormat = "csv" | "x12_837p";

const FILE: Record<ClaimFormat, { ext: string; contentType: string; label: string }> = {
  csv: { ext: "csv", contentType: "text/csv", label: "claims" },
  x12_837p: { ext: "837p.txt", contentType: "text/plain", label: "claims-837p" },
};

/**
 * Exports an approved month's billable rows as CSV or 837P, stores the file in object storage
 * (tenant-prefixed key, SHA-256 recorded) and records it with the next control number of the
 * clinic for that format. Refused (invalid_state) for a month that is not approved.
 */
export async function createClaimExport(tx: ScopedTx, storage: ObjectStorage, tenantId: string, serviceMonth: string, format: ClaimFormat, userId: string, now = new Date()) {
  const rows = await loadClaimRows(tx, tenantId, serviceMonth);
  const provider = await loadBillingProvider(tx, tenantId);
  // Serialise exports of one clinic so two never take the same control number.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('claim_export:' || ${tenantId}))`;
  const [next] = await tx.$queryRaw<{ n: number }[]>`
    SELECT coalesce(max(control_number), 0) + 1 AS n FROM claim_export WHERE tenant_id = ${tenantId}::uuid AND format = ${format}`;
  const controlNumber = Number(next!.n);
  const text = format === "csv" ? buildClaimsCsv(rows, provider) : build837p(rows, provider, { controlNumber, createdAt: now, usage: "P", serviceMonth });
  const fileName = `${FILE[format].label}-${serviceMonth}-${controlNumber}.${FILE[format].ext}`;
  const stored = await storage.putObject({ tenantId, kind: "claim-export", fileName, contentType: FILE[format].contentType, body: Buffer.from(text, "utf8") });
  const document = await tx.document.create({
    data: { tenantId, kind: "export", storageKey: stored.key, fileName, contentType: FILE[format].contentType, sizeBytes: BigInt(stored.sizeBytes), sha256: stored.sha256, uploadedBy: userId },
  });
  const amountCents = rows.reduce((s, r) => s + r.amountCents, 0);
  const created = await tx.claimExport.create({
    data: { tenantId, serviceMonth, format, controlNumber, documentId: document.id, claimCount: rows.length, amountCents: BigInt(amountCents), createdBy: userId },
  });
  return { exportId: created.id, documentId: document.id, fileName, controlNumber, claimCount: rows.length, amountCents };
}

/** The month's exports, newest first. */
export async function listClaimExports(tx: ScopedTx, tenantId: string, serviceMonth: string) {
  const rows = await tx.claimExport.findMany({ where: { tenantId, serviceMonth }, orderBy: { createdAt: "desc" } });
  const documents = new Map((await tx.document.findMany({ where: { tenantId, id: { in: rows.map((r) => r.documentId) } }, select: { id: true, fileName: true } })).map((d) => [d.id, d.fileName]));
  return rows.map((r) => ({ exportId: r.id, format: r.format as ClaimFormat, controlNumber: r.controlNumber, claimCount: r.claimCount, amountCents: Number(r.amountCents), fileName: documents.get(r.documentId) ?? "", createdAt: r.createdAt.toISOString() }));
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
