import { verifyChains } from "@carefold/api";
import { withSystemScope, type Db } from "@carefold/db";

export const VERIFY_AUDIT_QUEUE = "audit.verify-chains";

/**
 * Recomputes every audit hash chain and records the result in the platform log, so tampering by
 * anyone with database-owner rights is detected within a day.
 */
export async function verifyAuditChains(db: Db) {
  return withSystemScope(db, "daily audit chain verification", async (tx, tenantIds) => {
    const results = await verifyChains(tx, tenantIds);
    const broken = results.filter((r) => r.firstBrokenSeq !== null);
    await tx.platformAuditEvent.create({
      data: {
        actorLabel: "worker",
        action: "audit.chainVerified",
        objectType: "audit_log",
        outcome: broken.length ? "failure" : "success",
        details: { chains: results.length, broken },
      },
    });
    return { chains: results.length, broken };
  });
}
