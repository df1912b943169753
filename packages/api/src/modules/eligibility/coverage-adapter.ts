import type { ScopedTx } from "@carefold/db";
import type { CoveragePlanType } from "../coverage/coverage.schemas.js";
import { recordCoverage as recordThroughCoverageService } from "../coverage/coverage.service.js";

/**
 * How the eligibility module writes coverage: only through the coverage service's `recordCoverage`
 * (decision 0049, the one writer; its supersede/overlap semantics), with source 'eligibility' and
 * the 271 file's id. This file adapts the module's two needs — "this coverage from the 271 now"
 * and "end that coverage on a day" — and reads the rows a decision depends on.
 */

export interface CoverageRow {
  id: string;
  payerId: string;
  rank: "primary" | "secondary";
  planType: string;
  memberId: string;
  groupNumber: string | null;
  effectiveFrom: string;
  effectiveTo: string | null;
}

export interface CoverageChangeSource {
  /** Always 'eligibility' here; the coverage service takes the others. */
  source: "eligibility";
  /** The 271 file's id. */
  sourceRef: string;
  reason: string;
  userId: string;
}

export const dayAfter = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The patient's unsuperseded coverage rows of a rank that overlap [from, to] (to null: open-ended), oldest first. */
export async function coverageOverlapping(tx: ScopedTx, tenantId: string, patientId: string, rank: "primary" | "secondary", from: string, to: string | null): Promise<CoverageRow[]> {
  const rows = await tx.$queryRaw<{ id: string; payer_id: string; rank: "primary" | "secondary"; plan_type: string; member_id: string; group_number: string | null; effective_from: string; effective_to: string | null }[]>`
    SELECT id::text, payer_id::text, rank, plan_type, member_id, group_number,
           to_char(effective_from, 'YYYY-MM-DD') AS effective_from, to_char(effective_to, 'YYYY-MM-DD') AS effective_to
      FROM patient_coverage
     WHERE tenant_id = ${tenantId}::uuid AND patient_id = ${patientId}::uuid AND rank = ${rank} AND superseded_at IS NULL
       AND daterange(effective_from, effective_to, '[]') && daterange(${from}::date, ${to}::date, '[]')
     ORDER BY effective_from`;
  return rows.map((r) => ({ id: r.id, payerId: r.payer_id, rank: r.rank, planType: r.plan_type, memberId: r.member_id, groupNumber: r.group_number, effectiveFrom: r.effective_from, effectiveTo: r.effective_to }));
}

export interface CoverageWrite {
  recorded: string[];
  superseded: string[];
}

/**
 * Records a coverage the 271 states for [from, to]: `replace`, so what was primary before the
 * start ends the day before (the service trims it) and anything of the rank starting later is
 * superseded. Recording what is already in force changes nothing.
 */
export async function recordCoverage(tx: ScopedTx, tenantId: string, patientId: string, coverage: Omit<CoverageRow, "id">, src: CoverageChangeSource): Promise<CoverageWrite> {
  const result = await recordThroughCoverageService(
    tx,
    { tenantId, patientId, ...coverage, planType: coverage.planType as CoveragePlanType, source: src.source, sourceRef: src.sourceRef, recordedBy: src.userId },
    { onOverlap: "replace", replaceReason: src.reason },
  );
  return { recorded: result.outcome === "created" ? [result.coverageId] : [], superseded: result.superseded };
}

/**
 * Ends a coverage on a day: superseded by a copy ending then (history kept). A coverage starting
 * after the day is left for the clinic (the flag says Part B ended): the service ends, it never deletes.
 */
export async function endCoverage(tx: ScopedTx, tenantId: string, patientId: string, row: CoverageRow, endOn: string, src: CoverageChangeSource): Promise<CoverageWrite> {
  if (endOn < row.effectiveFrom) return { recorded: [], superseded: [] };
  const { id, ...facts } = row;
  const result = await recordThroughCoverageService(
    tx,
    { tenantId, patientId, ...facts, planType: facts.planType as CoveragePlanType, effectiveTo: endOn, source: src.source, sourceRef: src.sourceRef, recordedBy: src.userId },
    { onOverlap: "refuse", supersedes: { coverageId: id, reason: src.reason } },
  );
  return { recorded: result.outcome === "created" ? [result.coverageId] : [], superseded: result.superseded };
}
