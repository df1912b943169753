import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import pg from "pg";
import type { Prisma } from "./generated/prisma/client.js";

/**
 * Lean SQL on the unit of work's own connection (decision 0013).
 *
 * Prisma's client costs about 0.3 ms of CPU per statement, even for `$queryRaw`; the pg driver
 * underneath costs about 0.1 ms. On the hottest paths (resolving the session of every request,
 * setting the RLS scope of every transaction, logging minutes, the audit row) that difference
 * decides whether two cores can take 500 writes a second. These helpers send plain parameterised
 * SQL through the pg client that Prisma's interactive transaction itself holds — same connection,
 * same transaction, same RLS scope — and fall back to Prisma's `$queryRawUnsafe` on that
 * transaction whenever the connection is not known, so correctness never depends on the shortcut.
 *
 * How the connection is known: Prisma's pg adapter checks a client out of our pool when a
 * transaction starts. `withConnectionCapture` runs the transaction in an async context with an
 * empty slot; the pool fills the slot with the first client it hands out in that context.
 */

/** A pg pool that remembers which client it handed out to the transaction being started. */
export class CapturingPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): Promise<pg.PoolClient> | void {
    if (callback) return super.connect(callback);
    const slot = connectionSlot.getStore();
    const pending = super.connect();
    if (slot && !slot.isClaimed) {
      // Claimed synchronously: only the first checkout of this context (the transaction's).
      slot.isClaimed = true;
      return pending.then((client) => {
        slot.client = client;
        if (slot.withBegin) sendWithBegin(client, slot);
        return client;
      });
    }
    return pending;
  }
}

interface ConnectionSlot {
  isClaimed: boolean;
  client?: pg.PoolClient;
  /** A statement without parameters to send in the same round trip as the transaction's BEGIN. */
  withBegin?: string;
  /** Set once it went with BEGIN (else the caller sends it itself). */
  isSentWithBegin?: boolean;
}

/**
 * One round trip less per unit of work: the first statement of a transaction checked out for a
 * slot, if it is Prisma's plain "BEGIN" (simple protocol, no parameters), goes out as
 * "BEGIN; <withBegin>". Only that one statement is touched; anything else leaves the client as is.
 */
function sendWithBegin(client: pg.PoolClient, slot: ConnectionSlot) {
  const query = client.query;
  const restore = () => {
    // The patch is an own property of this pooled client; removing it restores the class's method.
    delete (client as { query?: unknown }).query;
    if (client.query !== query) client.query = query;
  };
  const patched = function (this: pg.PoolClient, config: unknown, ...rest: unknown[]) {
    restore();
    const text = typeof config === "string" ? config : (config as { text?: unknown; values?: unknown[]; name?: unknown } | null)?.text;
    const values = typeof config === "object" && config !== null ? (config as { values?: unknown[] }).values : undefined;
    const name = typeof config === "object" && config !== null ? (config as { name?: unknown }).name : undefined;
    // Only the BEGIN of this very slot's transaction (same async context); a client released
    // unused with the patch still on passes anything else through untouched.
    if (text === "BEGIN" && !name && (!values || values.length === 0) && connectionSlot.getStore() === slot) {
      slot.isSentWithBegin = true;
      const combined = `BEGIN; ${slot.withBegin}`;
      return (query as (...args: unknown[]) => unknown).call(this, typeof config === "string" ? combined : { ...(config as object), text: combined }, ...rest);
    }
    return (query as (...args: unknown[]) => unknown).call(this, config, ...rest);
  };
  client.query = patched as typeof client.query;
}

const connectionSlot = new AsyncLocalStorage<ConnectionSlot>();
const transactionConnections = new WeakMap<object, pg.PoolClient>();
const poolsOfClients = new WeakMap<object, pg.Pool>();

/** Runs `start` (which opens one Prisma interactive transaction) so its connection can be found. */
export function withConnectionCapture<T>(
  start: (claimed: () => pg.PoolClient | undefined, isSentWithBegin: () => boolean) => Promise<T>,
  options: { withBegin?: string } = {},
): Promise<T> {
  const slot: ConnectionSlot = { isClaimed: false, withBegin: options.withBegin };
  return connectionSlot.run(slot, () => start(() => slot.client, () => slot.isSentWithBegin === true));
}

/** Links a Prisma transaction client to the pg connection it runs on. */
export function bindTransactionConnection(tx: object, client: pg.PoolClient | undefined): void {
  if (client) transactionConnections.set(tx, client);
}

export function registerPool(db: object, pool: pg.Pool): void {
  poolsOfClients.set(db, pool);
}

type Queryable = Pick<Prisma.TransactionClient, "$queryRawUnsafe">;

/**
 * Rows of one parameterised statement ($1, $2, …) run in `txOrDb`: inside a unit of work on its
 * connection, else on the pool (autocommit). Values are passed as parameters, never spliced.
 * Types come back as the pg driver parses them (timestamps as Date, bigint/numeric as string).
 * `text` must be a constant (each distinct text becomes a prepared statement on every connection).
 */
export async function leanQuery<T extends object>(txOrDb: Queryable, text: string, values: readonly unknown[] = []): Promise<T[]> {
  const client = transactionConnections.get(txOrDb) ?? poolsOfClients.get(txOrDb);
  if (client) return (await client.query<T & pg.QueryResultRow>({ name: statementName(text), text, values: values as unknown[] })).rows;
  return txOrDb.$queryRawUnsafe<T[]>(text, ...values);
}

// Named statements are parsed and planned once per connection (the hot statements run thousands of
// times a second); the name is a digest of the text, so a changed text is a new statement.
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `lean_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** Whether `tx` runs its lean statements on its own connection (tests check that it does). */
export function hasLeanConnection(tx: object): boolean {
  return transactionConnections.has(tx);
}
