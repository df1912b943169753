import { verifyAgainstCheckpoint, verifyChains } from "@carefold/api";
import { withSystemScope, type Db } from "@carefold/db";
import type { AuditCheckpointing } from "./checkpoint-audit-chains.job.js";

export const VERIFY_AUDIT_QUEUE = "audit.verify-chains";

/**
 * Recomputes every audit hash chain and, when checkpoints are configured, compares each chain
 * with the newest signed checkpoint outside the database (truncated or recomputed chains verify
 * on their own, not against the checkpoint). Records the result in the platform log.
 */
export interface AuditVerification {
  chains: number;
  broken: { chain: string; firstBrokenSeq: string | null }[];
  /** Chains that differ from the newest checkpoint (truncated, rewritten), or a forged checkpoint. */
  anchorProblems: { chain: string; status: string }[];
}

export async function verifyAuditChains(db: Db, checkpointing?: AuditCheckpointing): Promise<AuditVerification> {
  const anchored = checkpointing ? await verifyAgainstCheckpoint(db, checkpointing.store, checkpointing.key) : null;
  const anchorProblems: AuditVerification["anchorProblems"] = anchored
    ? [
        ...(anchored.signatureValid === false ? [{ chain: "checkpoint", status: "bad_signature" }] : []),
        ...anchored.chains.filter((c) => c.status !== "intact").map((c) => ({ chain: c.chain, status: c.status })),
      ]
    : [];
  return withSystemScope(db, "daily audit chain verification", async (tx, tenantIds) => {
    const results = await verifyChains(tx, tenantIds);
    const broken = results.filter((r) => r.firstBrokenSeq !== null);
    await tx.platformAuditEvent.create({
      data: {
        actorLabel: "worker",
        action: "audit.chainVerified",
        objectType: "audit_log",
        outcome: broken.length || anchorProblems.length ? "failure" : "success",
        details: { chains: results.length, broken, checkpointAt: anchored?.checkpointAt ?? null, anchorProblems },
      },
    });
    return { chains: results.length, broken, anchorProblems };
  });
}
