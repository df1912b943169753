import type { ScopedTx } from "@carefold/db";
import { PLAN_TYPE_LABELS, planTypeFits, type CoveragePlanType } from "../coverage/coverage.schemas.js";
import { recordCoverage } from "../coverage/coverage.service.js";
import type { PanelColumn } from "./columns.js";
import type { ImportedCoverage, PanelRow } from "./parse-row.js";

type DirectoryPayer = { id: string; name: string; planType: string; ediPayerId: string; active: boolean };

/** The clinic's payer directory as an import looks payers up: by EDI payer id, then by name. */
export interface PayerDirectory {
  find(payer: string): DirectoryPayer | undefined;
  /** The active traditional Medicare payer an MBI-only row is assumed to be covered by. */
  medicare: DirectoryPayer | null;
}

export async function loadPayerDirectory(tx: ScopedTx, tenantId: string): Promise<PayerDirectory> {
  const payers = await tx.payer.findMany({ where: { tenantId }, select: { id: true, name: true, planType: true, ediPayerId: true, active: true }, orderBy: { createdAt: "asc" } });
  const byId = new Map(payers.map((p) => [p.ediPayerId.toUpperCase(), p]));
  const byName = new Map(payers.map((p) => [p.name.trim().toLowerCase(), p]));
  return {
    find: (payer) => byId.get(payer.trim().toUpperCase()) ?? byName.get(payer.trim().toLowerCase()),
    medicare: payers.find((p) => p.planType === "medicare" && p.active) ?? null,
  };
}

/**
 * The start of a coverage nobody dated (decision 0048): the first day of the month twelve months
 * before the import's month, so every date of service Medicare's 12-month timely-filing limit
 * (42 CFR 424.44) still lets the clinic bill is covered.
 */
export function assumedStart(today: string): string {
  const [y, m] = today.split("-").map(Number) as [number, number];
  const month = y * 12 + (m - 1) - 12;
  return `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, "0")}-01`;
}

const planTypeOf = (c: ImportedCoverage, payer: DirectoryPayer): CoveragePlanType => c.planType ?? (payer.planType as CoveragePlanType);

/**
 * The directory's payer for a stated coverage: by payer id or name; a traditional Medicare coverage
 * under a name the directory does not know ("Medicare", "Medicare Part B", "CMS") is the clinic's
 * traditional Medicare payer (one MAC per clinic; the MBI identifies the patient). Null: traditional
 * Medicare stated but the directory has none (no coverage is recorded; the preview counts it).
 */
export function resolvePayer(c: ImportedCoverage, directory: PayerDirectory): DirectoryPayer | null | undefined {
  const found = directory.find(c.payer);
  if (found || c.planType !== "medicare") return found;
  return directory.medicare;
}

/** The directory's verdict on a row's coverage: unknown or inactive payers, plan types the payer does not take. */
export function coverageFindings(row: PanelRow, directory: PayerDirectory): { column: PanelColumn; value: string; message: string }[] {
  const findings: { column: PanelColumn; value: string; message: string }[] = [];
  for (const c of row.coverage) {
    const payer = resolvePayer(c, directory);
    const column = `${c.rank}_payer` as PanelColumn;
    if (payer === null) continue;
    if (!payer) {
      findings.push({ column, value: c.payer, message: `No payer “${c.payer}” in the clinic's payer directory (matched by payer id or name). Add it on the Payers page, or correct the file.` });
      continue;
    }
    if (!payer.active) findings.push({ column, value: c.payer, message: `${payer.name} is inactive in the payer directory: reactivate it, or correct the file.` });
    const planType = planTypeOf(c, payer);
    if (!planTypeFits(payer.planType, planType)) {
      findings.push({ column: `${c.rank}_plan_type` as PanelColumn, value: c.planType ?? "", message: `${payer.name} is a ${PLAN_TYPE_LABELS[payer.planType as CoveragePlanType]} payer: a ${PLAN_TYPE_LABELS[planType]} coverage cannot be under it.` });
    }
  }
  return findings;
}

export interface ImportCoverageContext {
  source: "csv_import" | "fhir_import";
  fileName: string;
  label: string;
  today: string;
  userId: string | null;
}

/**
 * Records a written row's coverage through `recordCoverage` (replace mode: the file states the
 * patient's coverage now). Idempotent: the same file again changes nothing — a coverage the file
 * leaves undated keeps the start already on file, and an MBI-only row is assumed covered by
 * traditional Medicare only while the patient has no primary coverage at all.
 */
export async function writeRowCoverage(tx: ScopedTx, tenantId: string, patientId: string, row: PanelRow, directory: PayerDirectory, ctx: ImportCoverageContext) {
  const ref = `${ctx.fileName.slice(0, 120)} ${ctx.label}`;
  const current = await tx.patientCoverage.findMany({ where: { tenantId, patientId, supersededAt: null }, select: { rank: true, payerId: true, planType: true, memberId: true, groupNumber: true, effectiveTo: true } });
  let written = 0;
  for (const c of row.coverage) {
    const payer = resolvePayer(c, directory);
    if (!payer) continue;
    const planType = planTypeOf(c, payer);
    const memberId = c.memberId ?? row.mbi ?? "";
    if (!c.effectiveFrom) {
      const same = current.find((r) => r.rank === c.rank && r.payerId === payer.id && r.planType === planType && r.memberId === memberId.replaceAll("-", "").toUpperCase().trim() && (r.groupNumber ?? null) === c.groupNumber && (r.effectiveTo?.toISOString().slice(0, 10) ?? null) === c.effectiveTo);
      if (same) continue;
    }
    const result = await recordCoverage(
      tx,
      { tenantId, patientId, payerId: payer.id, rank: c.rank, planType, memberId, groupNumber: c.groupNumber, effectiveFrom: c.effectiveFrom ?? assumedStart(ctx.today), effectiveTo: c.effectiveTo, source: ctx.source, sourceRef: c.effectiveFrom ? ref : `start assumed: ${ref}`, recordedBy: ctx.userId },
      { onOverlap: "replace", replaceReason: `changed by import of ${ctx.fileName.slice(0, 200)}` },
    );
    if (result.outcome === "created") written++;
  }
  const statesPrimary = row.coverage.some((c) => c.rank === "primary");
  if (!statesPrimary && row.mbi && directory.medicare && !current.some((r) => r.rank === "primary")) {
    await recordCoverage(
      tx,
      { tenantId, patientId, payerId: directory.medicare.id, rank: "primary", planType: "medicare", memberId: row.mbi, effectiveFrom: assumedStart(ctx.today), source: ctx.source, sourceRef: `assumed: MBI on file, no coverage in ${ref}`.slice(0, 200), recordedBy: ctx.userId },
      { onOverlap: "replace" },
    );
    written++;
  }
  return written;
}
