// Issue 17 item 11: the audit chain needs an anchor outside the database. Without one, deleting
// the newest rows, or an owner rewriting rows and recomputing every hash, verifies "intact"; and
// the runtime role moved a clinic's audit rows to another tenant id through `UPDATE tenant SET id`.
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { withSystemScope, withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { createFileCheckpointStore, verifyAgainstCheckpoint, writeAuditCheckpoint } from "./audit-checkpoint.js";
import { verifyChains } from "./audit.service.js";

const db = () => getTestDatabase().db;
const KEY = randomBytes(32);

/** A database operator: the superuser, on this test file's database (RLS does not stop them). */
async function asOwner<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const { adminUrl, name } = getTestDatabase();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function addEvents(tenantId: string, count: number) {
  await withTenantScope(db(), { tenantIds: [tenantId] }, async (tx) => {
    for (let i = 0; i < count; i++) {
      await tx.$executeRaw`INSERT INTO audit_event (tenant_id, action, outcome, details, seq, prev_hash, hash)
                           VALUES (${tenantId}::uuid, ${`test.event${i}`}, 'success', '{}'::jsonb, 0, '', '')`;
    }
  });
}

const verifyInDb = (tenantId: string) => withSystemScope(db(), "test", (tx) => verifyChains(tx, [tenantId]));

let dir: string;
let tenantId: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "audit-checkpoints-"));
  tenantId = (await createTestTenant(db())).id;
  await addEvents(tenantId, 5);
});

describe("audit chain checkpoints outside the database", () => {
  it("a fresh checkpoint verifies; new events after it are fine", async () => {
    const store = createFileCheckpointStore(dir);
    await writeAuditCheckpoint(db(), store, KEY);
    await addEvents(tenantId, 2);
    const report = await verifyAgainstCheckpoint(db(), store, KEY);
    expect(report.signatureValid).toBe(true);
    expect(report.chains.find((c) => c.chain === tenantId)).toMatchObject({ status: "intact", checkpointSeq: "5", currentSeq: "7" });
  });

  it("deleting the newest rows is reported as truncation, though the chain itself still verifies", async () => {
    const store = createFileCheckpointStore(dir);
    await writeAuditCheckpoint(db(), store, KEY);
    await asOwner((c) => c.query("DELETE FROM audit_event WHERE tenant_id = $1 AND seq > 3", [tenantId]));
    expect(await verifyInDb(tenantId)).toContainEqual({ chain: tenantId, firstBrokenSeq: null });
    const report = await verifyAgainstCheckpoint(db(), store, KEY);
    expect(report.chains.find((c) => c.chain === tenantId)).toMatchObject({ status: "truncated", checkpointSeq: "5", currentSeq: "3" });
  });

  it("an owner who rewrites a row and recomputes every hash is caught by the checkpoint", async () => {
    const store = createFileCheckpointStore(dir);
    await writeAuditCheckpoint(db(), store, KEY);
    await asOwner(async (c) => {
      await c.query(`UPDATE audit_event SET details = '{"rewritten": true}'::jsonb WHERE tenant_id = $1 AND seq = 2`, [tenantId]);
      // Recompute the chain from the rewritten row on, as a database owner could.
      for (let seq = 2; seq <= 5; seq++) {
        await c.query(
          `UPDATE audit_event e SET prev_hash = p.hash,
                  hash = audit_event_digest(e.tenant_id::text, e.seq, e.at, e.actor_user_id, e.actor_label, e.patient_id, e.action, e.object_type,
                                            e.object_id, e.outcome, e.request_id, e.ip, e.user_agent, e.details, p.hash)
             FROM audit_event p WHERE e.tenant_id = $1 AND e.seq = $2 AND p.tenant_id = e.tenant_id AND p.seq = e.seq - 1`,
          [tenantId, seq],
        );
      }
    });
    expect(await verifyInDb(tenantId)).toContainEqual({ chain: tenantId, firstBrokenSeq: null });
    const report = await verifyAgainstCheckpoint(db(), store, KEY);
    expect(report.chains.find((c) => c.chain === tenantId)).toMatchObject({ status: "rewritten", checkpointSeq: "5" });
  });

  it("a checkpoint edited outside the product fails its signature", async () => {
    const store = createFileCheckpointStore(dir);
    await writeAuditCheckpoint(db(), store, KEY);
    const [file] = await readdir(dir);
    const path = join(dir, file!);
    const body = JSON.parse(await readFile(path, "utf8")) as { heads: { chain: string; seq: string }[] };
    for (const head of body.heads) if (head.chain === tenantId) head.seq = "3";
    await writeFile(path, JSON.stringify(body));
    const report = await verifyAgainstCheckpoint(db(), store, KEY);
    expect(report.signatureValid).toBe(false);
  });

  it("the runtime role cannot move a clinic's audit rows by changing the tenant's id", async () => {
    const newId = "00000000-0000-4000-8000-000000000017";
    await expect(withSystemScope(db(), "test", (tx) => tx.$executeRaw`UPDATE tenant SET id = ${newId}::uuid WHERE id = ${tenantId}::uuid`)).rejects.toThrow(/never change/);
    // Not even the owner through the foreign key: audit rows keep their tenant id or the update fails.
    await expect(asOwner((c) => c.query("UPDATE tenant SET id = $1 WHERE id = $2", [newId, tenantId]))).rejects.toThrow(/never change/);
    expect(await verifyInDb(tenantId)).toContainEqual({ chain: tenantId, firstBrokenSeq: null });
    const rows = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.auditEvent.count({ where: { tenantId } }));
    expect(rows).toBe(5);
  });
});
