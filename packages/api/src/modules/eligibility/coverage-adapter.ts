import type { ScopedTx } from "@carefold/db";

/**
 * A thin stand-in for the coverage service's `recordCoverage` (issue 24 items 1–2, being built on
 * branch h24cov): the one writer of patient_coverage rows with the supersede/overlap semantics of
 * migration 20261209000000. When that service lands, the two functions below become calls to it;
 * nothing else in the eligibility module writes coverage.
 *
 * Semantics (the migration's comment): a row is never edited or deleted. Recording a coverage for
 * [from, to] supersedes every unsuperseded row of the same rank that overlaps it and re-inserts what
 * is left of each outside [from, to]; ending a coverage supersedes it with a copy that ends on the
 * day. The superseded row points at the row that replaced it.
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

const dayBefore = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const dayAfter = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
export { dayAfter, dayBefore };

async function lockPatient(tx: ScopedTx, tenantId: string, patientId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('patient_coverage:' || ${tenantId} || ${patientId}))`;
}

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

async function insertRow(tx: ScopedTx, tenantId: string, patientId: string, row: Omit<CoverageRow, "id">, src: CoverageChangeSource): Promise<string> {
  const [created] = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO patient_coverage (tenant_id, patient_id, payer_id, rank, plan_type, member_id, group_number, effective_from, effective_to, source, source_ref, recorded_by)
    VALUES (${tenantId}::uuid, ${patientId}::uuid, ${row.payerId}::uuid, ${row.rank}, ${row.planType}, ${row.memberId}, ${row.groupNumber}, ${row.effectiveFrom}::date,
            ${row.effectiveTo}::date, ${src.source}, ${src.sourceRef}, ${src.userId}::uuid)
    RETURNING id::text`;
  return created!.id;
}

async function supersede(tx: ScopedTx, tenantId: string, ids: string[], src: CoverageChangeSource) {
  if (ids.length === 0) return;
  await tx.$executeRaw`
    UPDATE patient_coverage SET superseded_at = now(), superseded_by = ${src.userId}::uuid, supersede_reason = ${src.reason}
     WHERE tenant_id = ${tenantId}::uuid AND id = ANY (${ids}::uuid[]) AND superseded_at IS NULL`;
}

async function pointTo(tx: ScopedTx, tenantId: string, ids: string[], nextId: string) {
  if (ids.length === 0) return;
  await tx.$executeRaw`UPDATE patient_coverage SET superseded_by_id = ${nextId}::uuid WHERE tenant_id = ${tenantId}::uuid AND id = ANY (${ids}::uuid[])`;
}

export interface CoverageWrite {
  recorded: string[];
  superseded: string[];
}

/** Records a coverage for [from, to]; overlapping rows of its rank keep only their days outside it. */
export async function recordCoverage(tx: ScopedTx, tenantId: string, patientId: string, coverage: Omit<CoverageRow, "id">, src: CoverageChangeSource): Promise<CoverageWrite> {
  await lockPatient(tx, tenantId, patientId);
  const overlapping = await coverageOverlapping(tx, tenantId, patientId, coverage.rank, coverage.effectiveFrom, coverage.effectiveTo);
  const supersededIds = overlapping.map((r) => r.id);
  await supersede(tx, tenantId, supersededIds, src);
  const recordedId = await insertRow(tx, tenantId, patientId, coverage, src);
  const recorded = [recordedId];
  for (const old of overlapping) {
    const { id: _id, ...rest } = old;
    if (old.effectiveFrom < coverage.effectiveFrom) recorded.push(await insertRow(tx, tenantId, patientId, { ...rest, effectiveTo: dayBefore(coverage.effectiveFrom) }, src));
    if (coverage.effectiveTo !== null && (old.effectiveTo === null || old.effectiveTo > coverage.effectiveTo)) {
      recorded.push(await insertRow(tx, tenantId, patientId, { ...rest, effectiveFrom: dayAfter(coverage.effectiveTo) }, src));
    }
  }
  await pointTo(tx, tenantId, supersededIds, recordedId);
  return { recorded, superseded: supersededIds };
}

/** Ends a coverage on a day (it keeps [from, day]); a coverage starting after the day is withdrawn whole. */
export async function endCoverage(tx: ScopedTx, tenantId: string, patientId: string, row: CoverageRow, endOn: string, src: CoverageChangeSource): Promise<CoverageWrite> {
  await lockPatient(tx, tenantId, patientId);
  await supersede(tx, tenantId, [row.id], src);
  if (endOn < row.effectiveFrom) return { recorded: [], superseded: [row.id] };
  const { id: _id, ...rest } = row;
  const next = await insertRow(tx, tenantId, patientId, { ...rest, effectiveTo: endOn }, src);
  await pointTo(tx, tenantId, [row.id], next);
  return { recorded: [next], superseded: [row.id] };
}
