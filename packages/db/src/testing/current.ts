import type { Db } from "../client.js";

export interface TestDatabase {
  name: string;
  adminUrl: string;
  ownerUrl: string;
  /** Runtime role URL (carefold_app): what the product uses. */
  appUrl: string;
  /** Prisma client connected as carefold_app. */
  db: Db;
}

let current: TestDatabase | undefined;

export function setCurrentTestDatabase(value: TestDatabase) {
  current = value;
}

/** The database of the running test file (integration tests only). */
export function getTestDatabase(): TestDatabase {
  if (!current) {
    throw new Error("No test database: is this an *.int.test.ts file in the integration project?");
  }
  return current;
}
