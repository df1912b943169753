import { writeAuditCheckpoint, type CheckpointStore } from "@carefold/api";
import { withSystemScope, type Db } from "@carefold/db";

export const CHECKPOINT_AUDIT_QUEUE = "audit.checkpoint-chains";

export interface AuditCheckpointing {
  store: CheckpointStore;
  key: Buffer;
}

/**
 * Signs every audit chain's head and writes it outside the database (issue 17 item 11), so the
 * daily verification can tell deleted or recomputed rows from an intact chain.
 */
export async function checkpointAuditChains(db: Db, checkpointing: AuditCheckpointing) {
  const result = await writeAuditCheckpoint(db, checkpointing.store, checkpointing.key);
  await withSystemScope(db, "audit checkpoint written", (tx) =>
    tx.platformAuditEvent.create({
      data: { actorLabel: "worker", action: "audit.checkpointWritten", objectType: "audit_log", outcome: "success", details: { chains: result.chains, file: result.name } },
    }),
  );
  return result;
}
