import type { ScopedTx } from "@carefold/db";

export type Outcome = {
  applied: boolean;
  detail?: Record<string, unknown>;
  patientId?: string;
  objectId?: string;
};

/**
 * Records one provider callback once per (sid, event). Returns false for a duplicate: a retry, a
 * doubled delivery or a concurrent copy (the losing insert waits for the winner and then does
 * nothing), so the caller must not apply it again.
 */
export async function recordEventOnce(
  tx: ScopedTx,
  row: {
    tenantId: string;
    sid: string;
    event: string;
    callId?: string;
    messageId?: string;
    occurredAt: Date;
    detail?: Record<string, unknown>;
  },
) {
  const inserted = await tx.$queryRaw<{ sid: string }[]>`
    INSERT INTO provider_event (tenant_id, sid, event, call_id, message_id, occurred_at, detail)
    VALUES (${row.tenantId}::uuid, ${row.sid}, ${row.event}, ${row.callId ?? null}::uuid, ${row.messageId ?? null}::uuid, ${row.occurredAt}, ${JSON.stringify(row.detail ?? {})}::jsonb)
    ON CONFLICT (tenant_id, sid, event) DO NOTHING
    RETURNING sid`;
  return inserted.length === 1;
}
