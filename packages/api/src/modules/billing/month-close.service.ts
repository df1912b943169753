import { randomUUID } from "node:crypto";
import { withTenantScope, type Db, type ScopedTx } from "@carefold/db";
import { invalidState } from "../../errors.js";
import { countEnrolled, loadPatientMonths, removeStaleRows } from "./month-close.loader.js";
import { loadCloseSettings } from "./patient-month.js";
import { computeWorksheetRow, type CloseSettings, type ComputedRow } from "./worksheet-row.js";

export interface CloseKey {
  tenantId: string;
  serviceMonth: string;
}

export interface CloseRunOptions {
  /** Patients per transaction (default 5,000: most clinics in one); each batch commits with the cursor, so a crash resumes after it. */
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
  /** Wall time of each phase in this call (ms), for the benchmark and logs. */
  timings: ClosePhaseTimings;
}

export interface ClosePhaseTimings {
  /** Claiming or resuming the run, reading settings (one transaction). */
  beginMs: number;
  /** Reading patient-months (one query a batch). */
  loadMs: number;
  /** Rules, care-plan checks and hashes (Node, no I/O). */
  evaluateMs: number;
  /** The upsert of a batch's rows (one statement a batch). */
  writeMs: number;
  /** Run ownership check and cursor/counters per batch, stale rows, checksum and totals at the end. */
  bookkeepingMs: number;
}

export class SimulatedCrash extends Error {}

/**
 * Another run of the same clinic-month moved the cursor (or finished) while this one ran: two
 * closes of one clinic-month at once. The other run owns the close; this one stops, having
 * committed nothing after the point where they met.
 */
export class CloseTakenOver extends Error {}

const inTenant = <T>(db: Db, tenantId: string, fn: (tx: ScopedTx) => Promise<T>) => withTenantScope(db, { tenantIds: [tenantId] }, fn, { timeoutMs: 120_000 });

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
  // Lock the month, start the run (patients_total is set by the first batch), record the run.
  await tx.$executeRaw`
    WITH month_lock AS (
      INSERT INTO service_month_lock (tenant_id, service_month, locked_by) VALUES (${key.tenantId}::uuid, ${key.serviceMonth}, ${requestedBy}::uuid)
      ON CONFLICT (tenant_id, service_month) DO NOTHING RETURNING 1
    ), started AS (
      UPDATE month_close SET status = 'running', run_id = ${runId}::uuid, cursor_patient_id = NULL, patients_total = 0, patients_done = 0,
             started_at = now(), heartbeat_at = now(), error = NULL, approved_by = NULL, approved_at = NULL
       WHERE tenant_id = ${key.tenantId}::uuid AND service_month = ${key.serviceMonth} RETURNING 1
    )
    INSERT INTO month_close_run (tenant_id, id, service_month, status) VALUES (${key.tenantId}::uuid, ${runId}::uuid, ${key.serviceMonth}, 'running')`;
  return { runId, cursor: null as string | null, resumed: false };
}

/** A PostgreSQL array literal of text values (NULL for null), quoted and escaped. */
const arrayLiteral = (values: readonly (string | number | null)[]) =>
  `{${values.map((v) => (v === null ? "NULL" : typeof v === "number" ? String(v) : `"${v.replace(/["\\]/g, "\\$&")}"`)).join(",")}}`;

/**
 * Dictionary-encodes a JSON column: rows share few distinct `lines` and `findings` values, so the
 * server parses each distinct value once and the rows carry an index (1-based).
 */
function encodeJson(values: readonly string[]): { dictionary: string; index: string } {
  const seen = new Map<string, number>();
  const index = values.map((json) => {
    let at = seen.get(json);
    if (at === undefined) seen.set(json, (at = seen.size + 1));
    return at;
  });
  return { dictionary: `[${[...seen.keys()].join(",")}]`, index: arrayLiteral(index) };
}

/**
 * Upserts computed rows in one statement: one typed array per column (unnest), `lines` and
 * `findings` dictionary-encoded. A row whose result and input hashes are unchanged is not written
 * at all, so a re-run leaves it — its run id and updated_at — untouched. Clinic exclusions live in
 * their own columns and survive every re-run.
 */
async function writeRows(tx: ScopedTx, key: CloseKey, runId: string, rows: ComputedRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const col = <T extends string | number | null>(pick: (r: ComputedRow) => T) => arrayLiteral(rows.map(pick));
  const lines = encodeJson(rows.map((r) => r.linesJson));
  const findings = encodeJson(rows.map((r) => r.findingsJson));
  return tx.$executeRaw`
    INSERT INTO worksheet_row AS w (tenant_id, service_month, patient_id, run_id, evaluated_status, lane, lines, codes, staff_minutes, practitioner_minutes,
                                    logged_minutes, entry_count, amount_cents, coinsurance_cents, findings, date_of_service, diagnosis_codes,
                                    billing_practitioner_id, consent_obtained_on, input_hash, result_hash, primary_coverage_id, payer_id, rate_basis,
                                    secondary_coverage_id, patient_share_cents, secondary_share_cents)
    SELECT ${key.tenantId}::uuid, ${key.serviceMonth}, u.patient_id, ${runId}::uuid, u.status, u.lane, l.value, string_to_array(u.codes, ','), u.staff,
           u.practitioner, u.logged, u.entries, u.amount, u.coinsurance, f.value, u.dos, string_to_array(u.dx, ','), u.billing_practitioner, u.consent_on,
           u.input_hash, u.result_hash, u.primary_coverage, u.payer, u.rate_basis, u.secondary_coverage, u.patient_share, u.secondary_share
      FROM unnest(${col((r) => r.patientId)}::uuid[], ${col((r) => r.evaluatedStatus)}::text[], ${col((r) => r.lane)}::text[], ${lines.index}::int[],
                  ${col((r) => r.codes.join(","))}::text[], ${col((r) => r.staffMinutes)}::int[], ${col((r) => r.practitionerMinutes)}::int[],
                  ${col((r) => r.loggedMinutes)}::int[], ${col((r) => r.entryCount)}::int[], ${col((r) => r.amountCents)}::int[],
                  ${col((r) => r.coinsuranceCents)}::int[], ${findings.index}::int[], ${col((r) => r.dateOfService)}::date[],
                  ${col((r) => r.diagnosisCodes.join(","))}::text[], ${col((r) => r.billingPractitionerId)}::uuid[],
                  ${col((r) => r.consentObtainedOn)}::date[], ${col((r) => r.inputHash)}::text[], ${col((r) => r.resultHash)}::text[],
                  ${col((r) => r.primaryCoverageId)}::uuid[], ${col((r) => r.payerId)}::uuid[], ${col((r) => r.rateBasis)}::text[],
                  ${col((r) => r.secondaryCoverageId)}::uuid[], ${col((r) => r.patientShareCents)}::int[], ${col((r) => r.secondaryShareCents)}::int[])
           AS u(patient_id, status, lane, lines_at, codes, staff, practitioner, logged, entries, amount, coinsurance, findings_at, dos, dx,
                billing_practitioner, consent_on, input_hash, result_hash, primary_coverage, payer, rate_basis, secondary_coverage, patient_share, secondary_share)
      JOIN jsonb_array_elements(${lines.dictionary}::jsonb) WITH ORDINALITY AS l(value, at) ON l.at = u.lines_at
      JOIN jsonb_array_elements(${findings.dictionary}::jsonb) WITH ORDINALITY AS f(value, at) ON f.at = u.findings_at
    ON CONFLICT (tenant_id, service_month, patient_id) DO UPDATE SET
      run_id = EXCLUDED.run_id, evaluated_status = EXCLUDED.evaluated_status, lane = EXCLUDED.lane, lines = EXCLUDED.lines, codes = EXCLUDED.codes,
      staff_minutes = EXCLUDED.staff_minutes, practitioner_minutes = EXCLUDED.practitioner_minutes, logged_minutes = EXCLUDED.logged_minutes,
      entry_count = EXCLUDED.entry_count, amount_cents = EXCLUDED.amount_cents, coinsurance_cents = EXCLUDED.coinsurance_cents,
      findings = EXCLUDED.findings, date_of_service = EXCLUDED.date_of_service, diagnosis_codes = EXCLUDED.diagnosis_codes,
      billing_practitioner_id = EXCLUDED.billing_practitioner_id, consent_obtained_on = EXCLUDED.consent_obtained_on,
      input_hash = EXCLUDED.input_hash, result_hash = EXCLUDED.result_hash, primary_coverage_id = EXCLUDED.primary_coverage_id, payer_id = EXCLUDED.payer_id,
      rate_basis = EXCLUDED.rate_basis, secondary_coverage_id = EXCLUDED.secondary_coverage_id, patient_share_cents = EXCLUDED.patient_share_cents,
      secondary_share_cents = EXCLUDED.secondary_share_cents, updated_at = now()
    WHERE w.result_hash IS DISTINCT FROM EXCLUDED.result_hash OR w.input_hash IS DISTINCT FROM EXCLUDED.input_hash`;
}

const timer = () => {
  const started = performance.now();
  return () => performance.now() - started;
};

/**
 * Locks the close row for this batch's transaction and checks this run still owns it at the
 * cursor it last committed. Batches of two runs of the same clinic-month take this lock in turn,
 * so whichever moves the cursor first wins and the other stops here (CloseTakenOver).
 *
 * Also commits the batch without waiting for the WAL flush (synchronous_commit off, this
 * transaction only): a batch lost in a server crash is simply redone, since the run resumes from
 * the last cursor that reached disk, and any later synchronous commit (an approval) flushes it first.
 */
async function assertOwnership(tx: ScopedTx, key: CloseKey, runId: string, cursor: string | null) {
  const [close] = await tx.$queryRaw<{ status: string; run_id: string | null; cursor_patient_id: string | null }[]>`
    SELECT status, run_id::text, cursor_patient_id::text, set_config('synchronous_commit', 'off', true) FROM month_close
     WHERE tenant_id = ${key.tenantId}::uuid AND service_month = ${key.serviceMonth} FOR UPDATE`;
  if (!close || close.status !== "running" || close.run_id !== runId || close.cursor_patient_id !== cursor) {
    throw new CloseTakenOver("Another run of this month close moved on while this one ran; it owns the close now.");
  }
}

/** Evaluates and writes one batch after the cursor; returns the new cursor (null when done). */
async function runBatch(db: Db, key: CloseKey, runId: string, settings: CloseSettings, cursor: string | null, batchSize: number, t: ClosePhaseTimings) {
  return inTenant(db, key.tenantId, async (tx) => {
    let elapsed = timer();
    await assertOwnership(tx, key, runId, cursor);
    t.bookkeepingMs += elapsed();
    elapsed = timer();
    const loaded = await loadPatientMonths(tx, key.tenantId, key.serviceMonth, cursor, batchSize);
    t.loadMs += elapsed();
    if (loaded.length === 0) {
      if (cursor === null) await tx.$executeRaw`UPDATE month_close SET patients_total = 0 WHERE tenant_id = ${key.tenantId}::uuid AND service_month = ${key.serviceMonth}`;
      return { next: cursor, isDone: true };
    }
    elapsed = timer();
    const rows = loaded.map((p) => computeWorksheetRow(p, settings));
    t.evaluateMs += elapsed();
    elapsed = timer();
    // Rows whose input and result are unchanged are not sent at all: an upsert that finds nothing
    // to change still locks (and so writes) the row it checks. The close row is locked by this run,
    // so no other run can change a row between the read and here; the upsert keeps its own guard.
    const changed = rows.filter((r, i) => {
      const stored = loaded[i]!.stored;
      return !stored || stored.inputHash !== r.inputHash || stored.resultHash !== r.resultHash;
    });
    const written = await writeRows(tx, key, runId, changed);
    t.writeMs += elapsed();
    elapsed = timer();
    const next = loaded.at(-1)!.patientId;
    const isDone = loaded.length < batchSize;
    // The run's patient count, for progress: known from the first batch when it is also the last.
    const total = cursor !== null ? null : isDone ? loaded.length : await countEnrolled(tx, key.tenantId, key.serviceMonth);
    await tx.$executeRaw`
      WITH close AS (
        UPDATE month_close SET cursor_patient_id = ${next}::uuid, patients_done = patients_done + ${loaded.length}, heartbeat_at = now(),
               patients_total = coalesce(${total}::int, patients_total)
         WHERE tenant_id = ${key.tenantId}::uuid AND service_month = ${key.serviceMonth} RETURNING 1)
      UPDATE month_close_run SET rows_written = rows_written + ${written}, rows_unchanged = rows_unchanged + ${loaded.length - written}
       WHERE tenant_id = ${key.tenantId}::uuid AND id = ${runId}::uuid AND EXISTS (SELECT 1 FROM close)`;
    t.bookkeepingMs += elapsed();
    return { next, isDone };
  });
}

/** Removes stale rows, records the input checksum and the totals, and marks the month closed. */
async function finishRun(db: Db, key: CloseKey, runId: string, cursor: string | null) {
  return inTenant(db, key.tenantId, async (tx) => {
    await assertOwnership(tx, key, runId, cursor);
    const checksum = () => tx.$queryRaw<{ rows: bigint; checksum: string; patients_done: number }[]>`
      SELECT count(*) AS rows, (SELECT patients_done FROM month_close WHERE tenant_id = ${key.tenantId}::uuid AND service_month = ${key.serviceMonth}) AS patients_done,
             encode(sha256(convert_to(coalesce(string_agg(patient_id::text || ':' || input_hash, ',' ORDER BY patient_id), ''), 'UTF8')), 'hex') AS checksum
        FROM worksheet_row WHERE tenant_id = ${key.tenantId}::uuid AND service_month = ${key.serviceMonth}`;
    // Every patient this run evaluated has exactly one row, so rows beyond that count are of
    // patients no longer enrolled: only then look for them (it reads the clinic's enrolments).
    let [sum] = await checksum();
    let removed = 0;
    if (Number(sum!.rows) > sum!.patients_done) {
      removed = await removeStaleRows(tx, key.tenantId, key.serviceMonth);
      [sum] = await checksum();
    }
    await refreshTotals(tx, key);
    const [run] = await tx.$queryRaw<{ rows_written: number; rows_unchanged: number }[]>`
      WITH closed AS (
        UPDATE month_close SET status = 'closed', input_checksum = ${sum!.checksum}, cursor_patient_id = NULL, closed_at = now(), heartbeat_at = now()
         WHERE tenant_id = ${key.tenantId}::uuid AND service_month = ${key.serviceMonth} RETURNING 1)
      UPDATE month_close_run SET status = 'succeeded', finished_at = now(), input_checksum = ${sum!.checksum}, rows_removed = ${removed}
       WHERE tenant_id = ${key.tenantId}::uuid AND id = ${runId}::uuid AND EXISTS (SELECT 1 FROM closed) RETURNING rows_written, rows_unchanged`;
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
  const batchSize = options.batchSize ?? 5_000;
  const timings: ClosePhaseTimings = { beginMs: 0, loadMs: 0, evaluateMs: 0, writeMs: 0, bookkeepingMs: 0 };
  const begun = timer();
  const { runId, cursor: startCursor, resumed, settings } = await inTenant(db, key.tenantId, async (tx) => ({
    ...(await beginRun(tx, key, requestedBy)),
    settings: await loadCloseSettings(tx, key.tenantId, key.serviceMonth),
  }));
  timings.beginMs = begun();
  let cursor: string | null = startCursor;
  let batches = 0;
  try {
    for (;;) {
      const batch = await runBatch(db, key, runId, settings, cursor, batchSize, timings);
      cursor = batch.next;
      batches += 1;
      if (batch.isDone) break;
      if (options.crashAfterBatches !== undefined && batches >= options.crashAfterBatches) throw new SimulatedCrash(`stopped after ${batches} batch(es)`);
    }
    const finished = timer();
    const outcome = await finishRun(db, key, runId, cursor);
    timings.bookkeepingMs += finished();
    return { runId, resumed, ...outcome, timings };
  } catch (error) {
    // A crash leaves the run to resume; a run that lost the close to another leaves it alone.
    if (!(error instanceof SimulatedCrash) && !(error instanceof CloseTakenOver)) await recordFailure(db, key, runId, error);
    throw error;
  }
}

/** A failed run stays `running` with its cursor, so the next attempt resumes it; the error is kept. */
async function recordFailure(db: Db, key: CloseKey, runId: string, error: unknown) {
  const message = String((error as Error)?.message ?? error).slice(0, 500);
  await inTenant(db, key.tenantId, async (tx) => {
    await tx.$executeRaw`UPDATE month_close SET error = ${message} WHERE tenant_id = ${key.tenantId}::uuid AND service_month = ${key.serviceMonth}`;
    await tx.$executeRaw`UPDATE month_close_run SET error = ${message} WHERE tenant_id = ${key.tenantId}::uuid AND id = ${runId}::uuid`;
  }).catch(() => {});
}
