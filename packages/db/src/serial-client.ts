import pg from "pg";

/**
 * A pg client that sends one statement at a time.
 *
 * A transaction is one connection, and a connection runs one statement at a time. Prisma's query
 * interpreter nevertheless fetches the parts of a read with relations (`include`) concurrently,
 * and on a transaction's connection that queues a second `client.query()` behind the first. pg 8
 * warns that this is deprecated and pg 9 refuses it (prisma/orm#29468, still open). Here each
 * promise-style call waits for the previous one to settle before it is handed to pg, so the
 * statements go out in the order they were asked for, exactly as pg's own queue would send them,
 * without relying on that queue.
 *
 * Calls with a callback (the pool's own `pool.query`) and submittables (cursors, streams) pass
 * through unchanged: they manage their own flow.
 */
export class SerialClient extends pg.Client {
  #tail: Promise<unknown> = Promise.resolve();

  // pg's query has many overloads; this keeps them and only changes when a call is sent.
  override query(...args: unknown[]): never {
    const [config] = args;
    const isSubmittable = typeof config === "object" && config !== null && typeof (config as { submit?: unknown }).submit === "function";
    const hasCallback = typeof args.at(-1) === "function";
    const send = () => (super.query as (...a: unknown[]) => unknown).apply(this, args);
    if (isSubmittable || hasCallback) return send() as never;
    const result = this.#tail.then(send);
    // The next call waits for this one to settle, whether it succeeds or fails.
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result as never;
  }
}
