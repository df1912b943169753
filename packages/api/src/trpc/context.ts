import type { Db } from "@carefold/db";

/** Built once per request by both the HTTP handler and server-side callers in loaders. */
export interface Context {
  db: Db;
  request: Request | null;
}

export function createContext(db: Db, request: Request | null = null): Context {
  return { db, request };
}
