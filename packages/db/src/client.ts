import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.js";
import { CapturingPool, registerPool } from "./lean-sql.js";
import { SerialClient } from "./serial-client.js";

export type Db = PrismaClient;

/**
 * A Prisma client on the pg driver adapter. Apps pass the runtime role's URL (carefold_app);
 * every read or write of tenant data must then go through withTenantScope(). The pool is ours
 * (a CapturingPool) so that lean statements can run on a transaction's own connection.
 */
export function createDb(connectionString: string, poolSize = 10): Db {
  // SerialClient: one statement at a time per connection, also when Prisma reads relations concurrently.
  const pool = new CapturingPool({ connectionString, max: poolSize, Client: SerialClient });
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  registerPool(db, pool);
  return db;
}
