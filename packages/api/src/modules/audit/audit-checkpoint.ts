import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { withSystemScope, type Db, type ScopedTx } from "@carefold/db";

/**
 * Audit chain checkpoints kept OUTSIDE the database (issue 17 item 11). The hash chain proves that
 * rows link up, but someone with database-owner rights can delete the newest rows or rewrite a row
 * and recompute every hash after it, and the chain verifies "intact". A checkpoint records each
 * chain's head (seq and hash) at a moment, signed with HMAC-SHA256 under a key from the
 * environment (never stored in the database), and written where the database cannot reach. The
 * verifier then reports a chain whose head went backwards (truncation) or whose row at the
 * checkpointed seq has another hash (rewritten).
 */
export interface ChainHead {
  /** A tenant id, or "platform". */
  chain: string;
  seq: string;
  hash: string;
}

export interface AuditCheckpoint {
  version: 1;
  at: string;
  heads: ChainHead[];
  /** HMAC-SHA256 (hex) over the canonical JSON of version, at and heads. */
  signature: string;
}

/** Where checkpoints live; write never overwrites, latest gives the newest. */
export interface CheckpointStore {
  write(checkpoint: AuditCheckpoint): Promise<string>;
  latest(): Promise<unknown | null>;
}

/**
 * Checkpoints as files in a directory outside the database's reach (a mount the database host
 * cannot write, or a synced, versioned folder). Each is a new file, created exclusively.
 */
export function createFileCheckpointStore(dir: string): CheckpointStore {
  return {
    async write(checkpoint) {
      await mkdir(dir, { recursive: true });
      const name = `${checkpoint.at.replace(/[:.]/g, "-")}-${checkpoint.signature.slice(0, 12)}.json`;
      await writeFile(join(dir, name), JSON.stringify(checkpoint, null, 2), { flag: "wx" });
      return name;
    },
    async latest() {
      const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".json")).sort();
      const newest = names.at(-1);
      return newest ? (JSON.parse(await readFile(join(dir, newest), "utf8")) as unknown) : null;
    },
  };
}

function signatureOf(key: Buffer, body: Pick<AuditCheckpoint, "version" | "at" | "heads">): string {
  const canonical = JSON.stringify({ version: body.version, at: body.at, heads: body.heads.map((h) => [h.chain, h.seq, h.hash]) });
  return createHmac("sha256", key).update(canonical).digest("hex");
}

/** Every chain's newest row: one per tenant chain, and the platform chain. */
async function readChainHeads(tx: ScopedTx): Promise<ChainHead[]> {
  const tenants = await tx.$queryRaw<{ chain: string; seq: bigint; hash: string }[]>`
    SELECT DISTINCT ON (tenant_id) tenant_id::text AS chain, seq, hash FROM audit_event ORDER BY tenant_id, seq DESC`;
  const platform = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
    SELECT seq, hash FROM platform_audit_event ORDER BY seq DESC LIMIT 1`;
  return [
    ...tenants.map((r) => ({ chain: r.chain, seq: r.seq.toString(), hash: r.hash })),
    ...platform.map((r) => ({ chain: "platform", seq: r.seq.toString(), hash: r.hash })),
  ];
}

/** Signs the current chain heads and stores them outside the database (the worker's job). */
export async function writeAuditCheckpoint(db: Db, store: CheckpointStore, key: Buffer, now = new Date()) {
  const heads = await withSystemScope(db, "audit checkpoint: read chain heads", readChainHeads);
  const body = { version: 1 as const, at: now.toISOString(), heads };
  const checkpoint: AuditCheckpoint = { ...body, signature: signatureOf(key, body) };
  const name = await store.write(checkpoint);
  return { name, chains: heads.length };
}

export type ChainCheck = { chain: string; checkpointSeq: string; currentSeq: string | null; status: "intact" | "truncated" | "rewritten" };

function isCheckpoint(value: unknown): value is AuditCheckpoint {
  const v = value as Partial<AuditCheckpoint> | null;
  return !!v && v.version === 1 && typeof v.at === "string" && typeof v.signature === "string" && Array.isArray(v.heads);
}

/**
 * Compares the database with the newest checkpoint: its signature must hold, each checkpointed
 * chain must still reach that seq, and the row at that seq must still carry that hash.
 */
export async function verifyAgainstCheckpoint(db: Db, store: CheckpointStore, key: Buffer) {
  const stored = await store.latest();
  if (stored === null) return { checkpointAt: null, signatureValid: null, chains: [] as ChainCheck[] };
  if (!isCheckpoint(stored)) return { checkpointAt: null, signatureValid: false, chains: [] as ChainCheck[] };
  const expected = Buffer.from(signatureOf(key, stored), "hex");
  const given = Buffer.from(stored.signature, "hex");
  const signatureValid = expected.length === given.length && timingSafeEqual(expected, given);
  if (!signatureValid) return { checkpointAt: stored.at, signatureValid, chains: [] as ChainCheck[] };
  const chains = await withSystemScope(db, "audit checkpoint: compare chain heads", async (tx) => {
    const current = new Map((await readChainHeads(tx)).map((h) => [h.chain, h]));
    const checks: ChainCheck[] = [];
    for (const head of stored.heads) {
      const now = current.get(head.chain);
      const at = await rowHashAt(tx, head.chain, head.seq);
      const status = !now || BigInt(now.seq) < BigInt(head.seq) || at === null ? "truncated" : at !== head.hash ? "rewritten" : "intact";
      checks.push({ chain: head.chain, checkpointSeq: head.seq, currentSeq: now?.seq ?? null, status });
    }
    return checks;
  });
  return { checkpointAt: stored.at, signatureValid, chains };
}

async function rowHashAt(tx: ScopedTx, chain: string, seq: string): Promise<string | null> {
  const rows =
    chain === "platform"
      ? await tx.$queryRaw<{ hash: string }[]>`SELECT hash FROM platform_audit_event WHERE seq = ${BigInt(seq)}`
      : await tx.$queryRaw<{ hash: string }[]>`SELECT hash FROM audit_event WHERE tenant_id = ${chain}::uuid AND seq = ${BigInt(seq)}`;
  return rows[0]?.hash ?? null;
}
