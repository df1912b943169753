// Where invoicing reads an approved month from: the month close and its billing worksheet
// (issue 8). Kept behind a small interface so invoicing depends on "the billed lines of an
// approved close" and nothing else of the close.
import type { ScopedTx } from "@carefold/db";
import type { BilledWorksheetLine } from "./pricing.js";

export type CloseStatus = "queued" | "running" | "closed" | "approved" | "reopened" | "failed";

export interface BilledMonth {
  status: CloseStatus;
  /** Identifies the approved run; a re-approved month after a reopen has a new key. */
  sourceKey: string;
  lines: BilledWorksheetLine[];
}

export interface BilledMonthSource {
  /** The close of a clinic-month with its billable worksheet rows, or null when never closed. */
  load(tx: ScopedTx, tenantId: string, serviceMonth: string): Promise<BilledMonth | null>;
}

interface WorksheetLineJson {
  code: string;
  units: number;
  amountCents: number;
}

/**
 * Reads issue 8's tables: `month_close` (one per clinic × month; status and the run id) and the
 * `worksheet_row`s with status 'billable' (their `lines` hold code, units and the expected
 * Medicare amount in cents). Raw SQL so invoicing does not depend on the close's Prisma models.
 */
export const worksheetSource: BilledMonthSource = {
  async load(tx, tenantId, serviceMonth) {
    const [close] = await tx.$queryRaw<{ status: CloseStatus; run_id: string | null }[]>`
      SELECT status, run_id::text AS run_id FROM month_close WHERE tenant_id = ${tenantId}::uuid AND service_month = ${serviceMonth}`;
    if (!close) return null;
    const rows = await tx.$queryRaw<{ patient_id: string; lines: WorksheetLineJson[]; result_hash: string }[]>`
      SELECT patient_id::text AS patient_id, lines, result_hash FROM worksheet_row
       WHERE tenant_id = ${tenantId}::uuid AND service_month = ${serviceMonth} AND status = 'billable'
       ORDER BY patient_id`;
    return {
      status: close.status,
      sourceKey: `close:${serviceMonth}:${close.run_id ?? "none"}`,
      lines: rows.map((r) => ({
        patientId: r.patient_id,
        serviceMonth,
        worksheetResultHash: r.result_hash,
        codes: r.lines.map((l) => ({ code: l.code, units: l.units, expectedReimbursementCents: l.amountCents })),
      })),
    };
  },
};
