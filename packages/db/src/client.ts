import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.js";

export type Db = PrismaClient;

/**
 * A Prisma client on the pg driver adapter. Apps pass the runtime role's URL (carefold_app);
 * every read or write of tenant data must then go through withTenantScope().
 */
export function createDb(connectionString: string, poolSize = 10): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: poolSize }) });
}
