import { randomUUID } from "node:crypto";
import { withTenantScope, type Db, type ScopedTx } from "@carefold/db";
import { invalidState } from "../../errors.js";
import { countEnrolled, loadPatientMonths, removeStaleRows } from "./month-close.loader.js";
import { computeWorksheetRow, type CloseSettings, type ComputedRow } from "./worksheet-row.js";

export interface CloseKey {
  tenantId: string;
  serviceMonth: string;
}

export interface CloseRunOptions {
  /** Patients per transaction; each batch commits with the cursor, so a crash resumes after it. */
  batchSize?: number;
  /** Test hook: throw after this many committed batches, as a crashed worker would stop. */
  crashAfterBatches?: number;
}

export interface CloseOutcome {
  runId: string;
  inputChecksum: string;
  rowsWritten: number;
  rowsUnchanged: number;
  rowsRemoved: number;
  resumed: boolean;
}

export class SimulatedCrash extends Error {}

const inTenant = <T>(db: Db, tenantId: string, fn: (tx: ScopedTx) => Promise<T>) => withTenantScope(db, { tenantIds: [tenantId] }, fn, { timeoutMs: 120_000 });

async function loadSettings(tx: ScopedTx, { tenantId, serviceMonth }: CloseKey): Promise<CloseSettings> {
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { setting: true } });
  const billing = await tx.billingSetting.findUnique({ where: { tenantId }, select: { dateOfService: true } });
  const dateOfService = (billing?.dateOfService ?? "last_day_of_month") as CloseSettings["dateOfService"];
  return { serviceMonth, setting: tenant.setting, dateOfService, options: { dateOfService } };
}

/**
 * Claims the close for a run: a fresh run (new run id, month locked so no entry can change while
 * it reads), or the interrupted run to resume (same run id, from its cursor). An approved month
 * must be reopened first.
 */
async function beginRun(tx: ScopedTx, key: CloseKey, requestedBy: string | null) {
  await tx.$executeRaw`
    INSERT INTO month_close (tenant_id, service_month, status, requested_by)
    VALUES (${key.tenantId}::uuid, ${key.serviceMonth}, 'queued', ${requestedBy}::uuid)
    ON CONFLICT (tenant_id, service_month) DO NOTHING`;
  const [close] = await tx.$queryRaw<{ status: string; run_id: string | null; cursor_patient_id: string | null }[]>`
    SELECT status, run_id::text, cursor_patient_id::text FROM month_close
     WHERE tenant_id = ${key.tenantId}::uuid AND service_month = ${key.serviceMonth} FOR UPDATE`;
  if (close!.status === "approved") throw invalidState("This month is approved. A vendor admin must reopen it before it can be closed again.");
  if (close!.status === "running" && close!.run_id) {
    await tx.$executeRaw`UPDATE month_close_run SET resumed_count = resumed_count + 1 WHERE tenant_id = ${key.tenantId}::uuid AND id = ${close!.run_id}::uuid`;
    await tx.$executeRaw`UPDATE month_close SET heartbeat_at = now() WHERE tenant_id = ${key.tenantId}::uuid AND service_month = ${key.serviceMonth}`;
    return { runId: close!.run_id, cursor: close!.cursor_patient_id, resumed: true };
  }
  const runId = randomUUID();
  await tx.$executeRaw`
    INSERT INTO service_month_lock (tenant_id, service_month, locked_by) VALUES (${key.tenantId}::uuid, ${key.serviceMonth}, ${requestedBy}::uuid)
    ON CONFLICT (tenant_id, service_month) DO NOTHING`;
  const total = await countEnrolled(tx, key.tenantId, key.serviceMonth);
  await tx.$executeRaw`
    UPDATE month_close SET status = 'running', run_id = ${runId}::uuid, cursor_patient_id = NULL, patients_total = ${total}, patients_done = 0,
           started_at = now(), heartbeat_at = now(), error = NULL, approved_by = NULL, approved_at = NULL
     WHERE tenant_id = ${key.tenantId}::uuid AND service_month = ${key.serviceMonth}`;
  await tx.$executeRaw`
    INSERT INTO month_close_run (tenant_id, id, service_month, status) VALUES (${key.tenantId}::uuid, ${runId}::uuid, ${key.serviceMonth}, 'running')`;
  return { runId, cursor: null as string | null, resumed: false };
}

/**
 * Upserts computed rows in one statement. A row whose result (and input) hash is unchanged is not
 * written at all, so a re-run leaves it — its run id and updated_at — untouched. Clinic
 * exclusions live in their own columns and survive every re-run.
 */
async function writeRows(tx: ScopedTx, key: CloseKey, runId: string, rows: ComputedRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const payload = JSON.stringify(rows);
  return tx.$executeRaw`
    INSERT INTO worksheet_row AS w (tenant_id, service_month, patient_id, run_id, evaluated_status, lane, lines, codes, staff_minutes, practitioner_minutes,
                                    logged_minutes, entry_count, amount_cents, coinsurance_cents, findings, date_of_service, diagnosis_codes,
                                    billing_practitioner_id, consent_obtained_on, input_hash, result_hash)
    SELECT ${key.tenantId}::uuid, ${key.serviceMonth}, r."patientId", ${runId}::uuid, r."evaluatedStatus", r.lane, r.lines, r.codes, r."staffMinutes",
           r."practitionerMinutes", r."loggedMinutes", r."entryCount", r."amountCents", r."coinsuranceCents", r.findings, r."dateOfService",
           r."diagnosisCodes", r."billingPractitionerId", r."consentObtainedOn", r."inputHash", r."resultHash"
      FROM jsonb_to_recordset(${payload}::jsonb) AS r("patientId" uuid, "evaluatedStatus" text, lane text, lines jsonb, codes text[], "staffMinutes" int,
           "practitionerMinutes" int, "loggedMinutes" int, "entryCount" int, "amountCents" int, "coinsuranceCents" int, findings jsonb,
           "dateOfService" date, "diagnosisCodes" text[], "billingPractitionerId" uuid, "consentObtainedOn" date, "inputHash" text, "resultHash" text)
    ON CONFLICT (tenant_id, service_month, patient_id) DO UPDATE SET
      run_id = EXCLUDED.run_id, evaluated_status = EXCLUDED.evaluated_status, lane = EXCLUDED.lane, lines = EXCLUDED.lines, codes = EXCLUDED.codes,
      staff_minutes = EXCLUDED.staff_minutes, practitioner_minutes = EXCLUDED.practitioner_minutes, logged_minutes = EXCLUDED.logged_minutes,
      entry_count = EXCLUDED.entry_count, amount_cents = EXCLUDED.amount_cents, coinsurance_cents = EXCLUDED.coinsurance_cents,
      findings = EXCLUDED.findings, date_of_service = EXCLUDED.date_of_service, diagnosis_codes = EXCLUDED.diagnosis_codes,
      billing_practitioner_id = EXCLUDED.billing_practitioner_id, consent_obtained_on = EXCLUDED.consent_obtained_on,
      input_hash = EXCLUDED.input_hash, result_hash = EXCLUDED.result_hash, updated_at = now()
    WHERE w.result_hash IS DISTINCT FROM EXCLUDED.result_hash OR w.input_hash IS DISTINCT FROM EXCLUDED.input_hash`;
}

/** Evaluates and writes one batch after the cursor; returns the new cursor (null when done). */
async function runBatch(db: Db, key: CloseKey, runId: string, settings: CloseSettings, cursor: string | null, batchSize: number) {
  return inTenant(db, key.tenantId, async (tx) => {
    const loaded = await loadPatientMonths(tx, key.tenantId, key.serviceMonth, cursor, batchSize);
    if (loaded.length === 0) return null;
    const rows = loaded.map((p) => computeWorksheetRow(p, settings));
    const written = await writeRows(tx, key, runId, rows);
    const next = loaded.at(-1)!.patientId;
    await tx.$executeRaw`
      UPDATE month_close SET cursor_patient_id = ${next}::uuid, patients_done = patients_done + ${loaded.length}, heartbeat_at = now()
       WHERE tenant_id = ${key.tenantId}::uuid AND service_month = ${key.serviceMonth}`;
    await tx.$executeRaw`
      UPDATE month_close_run SET rows_written = rows_written + ${written}, rows_unchanged = rows_unchanged + ${loaded.length - written}
       WHERE tenant_id = ${key.tenantId}::uuid AND id = ${runId}::uuid`;
    return loaded.length < batchSize ? null : next;
  });
}

/** Removes stale rows, records the input checksum and the totals, and marks the month closed. */
async function finishRun(db: Db, key: CloseKey, runId: string) {
  return inTenant(db, key.tenantId, async (tx) => {
    const removed = await removeStaleRows(tx, key.tenantId, key.serviceMonth);
    const [sum] = await tx.$queryRaw<{ checksum: string }[]>`
      SELECT encode(sha256(convert_to(coalesce(string_agg(patient_id::text || ':' || input_hash, ',' ORDER BY patient_id), ''), 'UTF8')), 'hex') AS checksum
        FROM worksheet_row WHERE tenant_id = ${key.tenantId}::uuid AND service_month = ${key.serviceMonth}`;
    await refreshTotals(tx, key);
    await tx.$executeRaw`
      UPDATE month_close SET status = 'closed', input_checksum = ${sum!.checksum}, cursor_patient_id = NULL, closed_at = now(), heartbeat_at = now()
       WHERE tenant_id = ${key.tenantId}::uuid AND service_month = ${key.serviceMonth}`;
    const [run] = await tx.$queryRaw<{ rows_written: number; rows_unchanged: number }[]>`
      UPDATE month_close_run SET status = 'succeeded', finished_at = now(), input_checksum = ${sum!.checksum}, rows_removed = ${removed}
       WHERE tenant_id = ${key.tenantId}::uuid AND id = ${runId}::uuid RETURNING rows_written, rows_unchanged`;
    return { inputChecksum: sum!.checksum, rowsRemoved: removed, rowsWritten: run!.rows_written, rowsUnchanged: run!.rows_unchanged };
  });
}

/** Recomputes the close's counts and billable total from its rows (after a close or an exclusion). */
export async function refreshTotals(tx: ScopedTx, key: CloseKey) {
  await tx.$executeRaw`
    UPDATE month_close mc SET billable_count = t.billable, blocked_count = t.blocked, below_count = t.below, excluded_count = t.excluded, amount_cents = t.amount
      FROM (SELECT count(*) FILTER (WHERE status = 'billable') AS billable, count(*) FILTER (WHERE status = 'blocked') AS blocked,
                   count(*) FILTER (WHERE status = 'below_threshold') AS below, count(*) FILTER (WHERE status = 'excluded') AS excluded,
                   coalesce(sum(amount_cents) FILTER (WHERE status = 'billable'), 0) AS amount
              FROM worksheet_row WHERE tenant_id = ${key.tenantId}::uuid AND service_month = ${key.serviceMonth}) t
     WHERE mc.tenant_id = ${key.tenantId}::uuid AND mc.service_month = ${key.serviceMonth}`;
}

/**
 * Closes one clinic-month: locks the month, evaluates every enrolled patient with
 * @carefold/ccm-rules in batches (set-based reads, one upsert per batch), then records the input
 * checksum and totals. Idempotent: a re-run writes only rows whose result changed. Resumable: a
 * run interrupted after some batches continues from its cursor under the same run id, and ends
 * with the same rows and totals as an uninterrupted run.
 */
export async function runMonthClose(db: Db, key: CloseKey, requestedBy: string | null = null, options: CloseRunOptions = {}): Promise<CloseOutcome> {
  const batchSize = options.batchSize ?? 2_000;
  const { runId, cursor: startCursor, resumed, settings } = await inTenant(db, key.tenantId, async (tx) => ({
    ...(await beginRun(tx, key, requestedBy)),
    settings: await loadSettings(tx, key),
  }));
  let cursor: string | null = startCursor;
  let batches = 0;
  try {
    do {
      cursor = await runBatch(db, key, runId, settings, cursor, batchSize);
      batches += 1;
      if (options.crashAfterBatches !== undefined && batches >= options.crashAfterBatches && cursor !== null) throw new SimulatedCrash(`stopped after ${batches} batch(es)`);
    } while (cursor !== null);
  } catch (error) {
    if (!(error instanceof SimulatedCrash)) await recordFailure(db, key, runId, error);
    throw error;
  }
  return { runId, resumed, ...(await finishRun(db, key, runId)) };
}

/** A failed run stays `running` with its cursor, so the next attempt resumes it; the error is kept. */
async function recordFailure(db: Db, key: CloseKey, runId: string, error: unknown) {
  const message = String((error as Error)?.message ?? error).slice(0, 500);
  await inTenant(db, key.tenantId, async (tx) => {
    await tx.$executeRaw`UPDATE month_close SET error = ${message} WHERE tenant_id = ${key.tenantId}::uuid AND service_month = ${key.serviceMonth}`;
    await tx.$executeRaw`UPDATE month_close_run SET error = ${message} WHERE tenant_id = ${key.tenantId}::uuid AND id = ${runId}::uuid`;
  }).catch(() => {});
}
