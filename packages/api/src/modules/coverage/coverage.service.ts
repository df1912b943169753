import type { ScopedTx } from "@carefold/db";
import { conflict, invalidInput, notFound } from "../../errors.js";
import { findPayer } from "./payers.service.js";
import { PLAN_TYPE_LABELS, memberIdProblem, normalizeMemberId, planTypeFits, type CoveragePlanType, type CoverageRank, type CoverageSource } from "./coverage.schemas.js";

/** What one coverage says, as every writer (chart, import, eligibility) hands it to `recordCoverage`. */
export interface CoverageRecord {
  tenantId: string;
  patientId: string;
  payerId: string;
  rank: CoverageRank;
  planType: CoveragePlanType;
  memberId: string;
  groupNumber?: string | null;
  /** 'YYYY-MM-DD' */
  effectiveFrom: string;
  /** 'YYYY-MM-DD', inclusive; null: open-ended. */
  effectiveTo?: string | null;
  source: CoverageSource;
  /** Where it came from (file name and row, 271 trace); `assumed: …` marks a coverage nobody stated (decision 0048). */
  sourceRef?: string | null;
  recordedBy?: string | null;
}

export interface RecordCoverageOptions {
  /**
   * What happens to a coverage of the same rank whose dates overlap the new one:
   * - `refuse` (the chart): nothing is changed and the error names the other coverage's payer and dates;
   * - `replace` (imports, eligibility: the source states the patient's coverage now): an older
   *   coverage that began earlier is ended the day before the new one begins (its tail superseded by
   *   an ended copy); one that begins on or after the new one's start is superseded by it.
   */
  onOverlap: "refuse" | "replace";
  /** A correction: this coverage is superseded by the new row, with the reason. */
  supersedes?: { coverageId: string; reason: string };
  /** The reason written on rows `replace` supersedes (e.g. "changed by import of panel.csv"). */
  replaceReason?: string;
}

export type RecordCoverageResult = { coverageId: string; outcome: "created" | "unchanged"; superseded: string[] };

type Row = {
  id: string;
  payer_id: string;
  rank: string;
  plan_type: string;
  member_id: string;
  group_number: string | null;
  effective_from: string;
  effective_to: string | null;
  source: string;
  source_ref: string | null;
};

const dayBefore = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const overlaps = (a: { from: string; to: string | null }, b: { from: string; to: string | null }) =>
  a.from <= (b.to ?? "9999-12-31") && b.from <= (a.to ?? "9999-12-31");
const describeDates = (from: string, to: string | null) => (to ? `${from} to ${to}` : `${from}, open-ended`);

/** Whether a coverage row was assumed rather than stated (decision 0048). */
export const isAssumedCoverage = (sourceRef: string | null | undefined) => !!sourceRef && sourceRef.startsWith("assumed");

/**
 * The one writer of patient coverage (decision 0049): the chart, the panel import and eligibility
 * all record through here, so supersede and overlap rules live in one place. Rows are never edited:
 * a correction, an end date or a replacement supersedes the old row (superseded_at, by, reason,
 * superseded_by_id) and inserts the new one, in the caller's transaction. Recording exactly what
 * is already in force changes nothing (imports and 271s are idempotent). The database's exclusion
 * constraint is the overlap check: the insert does nothing when it would overlap, and only then is
 * the other coverage looked up to name it (also when another connection saved it a moment ago).
 */
export async function recordCoverage(tx: ScopedTx, input: CoverageRecord, options: RecordCoverageOptions): Promise<RecordCoverageResult> {
  const { tenantId, patientId } = input;
  const patient = await tx.patient.findFirst({ where: { tenantId, id: patientId }, select: { id: true } });
  if (!patient) throw notFound("That patient");
  const payer = await findPayer(tx, tenantId, input.payerId);
  if (!planTypeFits(payer.planType, input.planType)) {
    throw invalidInput(`${payer.name} is a ${PLAN_TYPE_LABELS[payer.planType as CoveragePlanType] ?? payer.planType} payer: a ${PLAN_TYPE_LABELS[input.planType]} coverage cannot be under it.`);
  }
  const memberError = memberIdProblem(input.planType, input.memberId);
  if (memberError) throw invalidInput(memberError);
  const memberId = normalizeMemberId(input.planType, input.memberId);
  const groupNumber = input.groupNumber?.trim() || null;
  const to = input.effectiveTo ?? null;
  if (to && to < input.effectiveFrom) throw invalidInput("The end date is before the start date.");

  // The patient's coverage in force (unsuperseded), locked so two writers of one patient take turns.
  const current = await tx.$queryRaw<Row[]>`
    SELECT id::text, payer_id::text, rank, plan_type, member_id, group_number, effective_from::text, effective_to::text, source, source_ref
      FROM patient_coverage
     WHERE tenant_id = ${tenantId}::uuid AND patient_id = ${patientId}::uuid AND superseded_at IS NULL
     ORDER BY effective_from
       FOR UPDATE`;
  const same = (r: Row) =>
    r.rank === input.rank && r.payer_id === input.payerId && r.plan_type === input.planType && r.member_id === memberId && (r.group_number ?? null) === groupNumber && r.effective_from === input.effectiveFrom && r.effective_to === to;

  const target = options.supersedes ? current.find((r) => r.id === options.supersedes!.coverageId) : undefined;
  if (options.supersedes && !target) throw notFound("That coverage (it may have been corrected already)");
  if (target && same(target)) return { coverageId: target.id, outcome: "unchanged", superseded: [] };
  if (!target) {
    const identical = current.find(same);
    if (identical) return { coverageId: identical.id, outcome: "unchanged", superseded: [] };
  }
  if (!payer.active) throw invalidInput(`${payer.name} is inactive in the payer directory: reactivate it or choose another payer.`);

  const userId = input.recordedBy ?? null;
  const retire: { row: Row; reason: string; trimTo: string | null }[] = [];
  if (target) retire.push({ row: target, reason: options.supersedes!.reason, trimTo: null });
  if (options.onOverlap === "replace") {
    const reason = options.replaceReason ?? `replaced by ${input.source.replace("_", " ")}`;
    for (const r of current) {
      if (r === target || r.rank !== input.rank || !overlaps({ from: r.effective_from, to: r.effective_to }, { from: input.effectiveFrom, to })) continue;
      retire.push({ row: r, reason, trimTo: r.effective_from < input.effectiveFrom ? dayBefore(input.effectiveFrom) : null });
    }
  }

  const supersededIds = retire.map((r) => r.row.id);
  for (const { row, reason } of retire) {
    await tx.$executeRaw`
      UPDATE patient_coverage SET superseded_at = now(), superseded_by = ${userId}::uuid, supersede_reason = ${reason}
       WHERE tenant_id = ${tenantId}::uuid AND id = ${row.id}::uuid`;
  }
  const successors = new Map<string, string>();
  for (const { row, trimTo } of retire) {
    if (!trimTo) continue;
    const [copy] = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO patient_coverage (tenant_id, patient_id, payer_id, rank, plan_type, member_id, group_number, effective_from, effective_to, source, source_ref, recorded_by)
      VALUES (${tenantId}::uuid, ${patientId}::uuid, ${row.payer_id}::uuid, ${row.rank}, ${row.plan_type}, ${row.member_id}, ${row.group_number}, ${row.effective_from}::date, ${trimTo}::date, ${row.source}, ${row.source_ref}, ${userId}::uuid)
      RETURNING id::text`;
    successors.set(row.id, copy!.id);
  }

  const [inserted] = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO patient_coverage (tenant_id, patient_id, payer_id, rank, plan_type, member_id, group_number, effective_from, effective_to, source, source_ref, recorded_by)
    VALUES (${tenantId}::uuid, ${patientId}::uuid, ${input.payerId}::uuid, ${input.rank}, ${input.planType}, ${memberId}, ${groupNumber}, ${input.effectiveFrom}::date, ${to}::date, ${input.source}, ${input.sourceRef ?? null}, ${userId}::uuid)
    ON CONFLICT DO NOTHING
    RETURNING id::text`;
  if (!inserted) throw await overlapConflict(tx, tenantId, patientId, input.rank, input.effectiveFrom, to);

  for (const id of supersededIds) {
    await tx.$executeRaw`UPDATE patient_coverage SET superseded_by_id = ${successors.get(id) ?? inserted.id}::uuid WHERE tenant_id = ${tenantId}::uuid AND id = ${id}::uuid`;
  }
  return { coverageId: inserted.id, outcome: "created", superseded: supersededIds };
}

/** The coverage the new one would overlap, named (payer and dates), as a conflict. */
async function overlapConflict(tx: ScopedTx, tenantId: string, patientId: string, rank: string, from: string, to: string | null) {
  const [other] = await tx.$queryRaw<{ name: string; effective_from: string; effective_to: string | null }[]>`
    SELECT py.name, pc.effective_from::text, pc.effective_to::text
      FROM patient_coverage pc JOIN payer py ON py.tenant_id = pc.tenant_id AND py.id = pc.payer_id
     WHERE pc.tenant_id = ${tenantId}::uuid AND pc.patient_id = ${patientId}::uuid AND pc.rank = ${rank} AND pc.superseded_at IS NULL
       AND daterange(pc.effective_from, pc.effective_to, '[]') && daterange(${from}::date, ${to}::date, '[]')
     ORDER BY pc.effective_from LIMIT 1`;
  if (!other) return conflict(`This patient already has ${rank} coverage on some of those dates. Reload the chart, then end or correct that coverage first.`);
  return conflict(
    `This patient already has ${rank} coverage with ${other.name} (${describeDates(other.effective_from, other.effective_to)}) on some of those dates. End or correct that coverage first, or change the dates.`,
  );
}

const maskMemberId = (memberId: string) => `•••${memberId.slice(-4)}`;

/**
 * A patient's coverage: the primary and secondary in force on `today` (the clinic's date) and the
 * full history (every row, superseded ones with who, when and why). Member ids show their last 4 only.
 */
export async function getPatientCoverage(tx: ScopedTx, patientId: string, today?: string) {
  const patient = await tx.patient.findFirst({ where: { id: patientId }, select: { tenantId: true, tenant: { select: { timeZone: true } } } });
  if (!patient) throw notFound("That patient");
  const { tenantId } = patient;
  const day = today ?? new Date().toLocaleDateString("en-CA", { timeZone: patient.tenant.timeZone });
  const rows = await tx.$queryRaw<
    (Row & { payer_name: string; payer_active: boolean; recorded_at: Date; superseded_at: Date | null; supersede_reason: string | null; superseded_by_id: string | null })[]
  >`
    SELECT pc.id::text, pc.payer_id::text, pc.rank, pc.plan_type, pc.member_id, pc.group_number, pc.effective_from::text, pc.effective_to::text,
           pc.source, pc.source_ref, pc.recorded_at, pc.superseded_at, pc.supersede_reason, pc.superseded_by_id::text,
           py.name AS payer_name, py.active AS payer_active
      FROM patient_coverage pc JOIN payer py ON py.tenant_id = pc.tenant_id AND py.id = pc.payer_id
     WHERE pc.tenant_id = ${tenantId}::uuid AND pc.patient_id = ${patientId}::uuid
     ORDER BY pc.recorded_at DESC, pc.effective_from DESC`;
  const items = rows.map((r) => ({
    id: r.id,
    rank: r.rank as CoverageRank,
    payer: { id: r.payer_id, name: r.payer_name, active: r.payer_active },
    planType: r.plan_type as CoveragePlanType,
    memberIdMasked: maskMemberId(r.member_id),
    groupNumber: r.group_number,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    source: r.source as CoverageSource,
    sourceRef: r.source_ref,
    isAssumed: isAssumedCoverage(r.source_ref),
    recordedAt: r.recorded_at.toISOString(),
    supersededAt: r.superseded_at?.toISOString() ?? null,
    supersedeReason: r.supersede_reason,
    isInForce: r.superseded_at === null && r.effective_from <= day && (r.effective_to === null || r.effective_to >= day),
  }));
  const inForce = (rank: CoverageRank) => items.find((i) => i.rank === rank && i.isInForce) ?? null;
  const upcoming = items.filter((i) => i.supersededAt === null && i.effectiveFrom > day);
  return { tenantId, today: day, primary: inForce("primary"), secondary: inForce("secondary"), upcoming, history: items };
}

/** The unsuperseded coverage `coverageId` of the patient, with its facts, or not found. */
async function currentCoverage(tx: ScopedTx, tenantId: string, patientId: string, coverageId: string) {
  const row = await tx.patientCoverage.findFirst({ where: { tenantId, patientId, id: coverageId, supersededAt: null } });
  if (!row) throw notFound("That coverage (it may have been corrected already)");
  return {
    tenantId,
    patientId,
    payerId: row.payerId,
    rank: row.rank as CoverageRank,
    planType: row.planType as CoveragePlanType,
    memberId: row.memberId,
    groupNumber: row.groupNumber,
    effectiveFrom: row.effectiveFrom.toISOString().slice(0, 10),
    effectiveTo: row.effectiveTo?.toISOString().slice(0, 10) ?? null,
    sourceRef: row.sourceRef,
  };
}

/** Ends a coverage on a date: the row is superseded by a copy with that end date (history kept). */
export async function endCoverage(tx: ScopedTx, tenantId: string, patientId: string, coverageId: string, effectiveTo: string, userId: string) {
  const facts = await currentCoverage(tx, tenantId, patientId, coverageId);
  if (effectiveTo < facts.effectiveFrom) throw invalidInput(`The end date is before the coverage began (${facts.effectiveFrom}).`);
  return recordCoverage(
    tx,
    { ...facts, effectiveTo, source: "manual", sourceRef: facts.sourceRef, recordedBy: userId },
    { onOverlap: "refuse", supersedes: { coverageId, reason: `ended on ${effectiveTo}` } },
  );
}

/** Corrects a coverage: the new facts supersede it, with the reason. A blank member id keeps the old one. */
export async function correctCoverage(
  tx: ScopedTx,
  tenantId: string,
  patientId: string,
  coverageId: string,
  next: Omit<CoverageRecord, "tenantId" | "patientId" | "source" | "sourceRef" | "recordedBy" | "memberId"> & { memberId?: string | null },
  reason: string,
  userId: string,
) {
  const facts = await currentCoverage(tx, tenantId, patientId, coverageId);
  return recordCoverage(
    tx,
    { ...next, tenantId, patientId, memberId: next.memberId?.trim() || facts.memberId, source: "manual", sourceRef: null, recordedBy: userId },
    { onOverlap: "refuse", supersedes: { coverageId, reason } },
  );
}
