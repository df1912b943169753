import { randomUUID } from "node:crypto";
import { ObjectStorageError } from "./object-storage-error.js";
import { OBJECT_KINDS, type ObjectKind } from "./object-kind.js";
import { MAX_FILE_NAME_LENGTH, sanitizeFileName } from "./file-name.js";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const UUID_PATTERN = new RegExp(`^${UUID}$`);
const KEY_PATTERN = new RegExp(
  `^tenants/(${UUID})/(${OBJECT_KINDS.join("|")})/(\\d{4})/(0[1-9]|1[0-2])/(${UUID})-` +
    `([a-z0-9][a-z0-9-]*(?:\\.[a-z0-9]{1,10})?)$`,
);

/** The parts of a well-formed object key. */
export interface ObjectKeyParts {
  tenantId: string;
  kind: ObjectKind;
  year: number;
  month: number;
  objectId: string;
  fileName: string;
}

/**
 * Canonical (lower-case) form of a tenant id. Tenant ids are database UUIDs; anything else is
 * refused, so a tenant id can never smuggle `/` or `..` into a key prefix.
 */
export function normalizeTenantId(tenantId: string): string {
  const normalized = tenantId.trim().toLowerCase();
  if (!UUID_PATTERN.test(normalized)) {
    throw new ObjectStorageError("invalid_input", "Tenant id must be a UUID.");
  }
  return normalized;
}

/**
 * Builds `tenants/<tenantId>/<kind>/<yyyy>/<mm>/<uuid>-<sanitised file name>`.
 * Invariants: every key starts with its tenant's prefix; year/month are UTC (instants are UTC);
 * the random UUID makes keys unguessable and unique, so an upload never overwrites another.
 */
export function buildObjectKey(input: {
  tenantId: string;
  kind: ObjectKind;
  fileName: string;
  now?: Date;
  objectId?: string;
}): string {
  const tenantId = normalizeTenantId(input.tenantId);
  if (!OBJECT_KINDS.includes(input.kind)) {
    throw new ObjectStorageError("invalid_input", `Unknown object kind "${String(input.kind)}".`);
  }
  const now = input.now ?? new Date();
  const yyyy = String(now.getUTCFullYear()).padStart(4, "0");
  const mm = String(now.getUTCMonth() + 1).padStart(2, "0");
  const objectId = input.objectId ?? randomUUID();
  return `tenants/${tenantId}/${input.kind}/${yyyy}/${mm}/${objectId}-${sanitizeFileName(input.fileName)}`;
}

/**
 * Parses a key produced by {@link buildObjectKey}; returns null for anything else. The whole key
 * is matched (not a prefix), so `tenants/<a>/../<b>/…`, encoded separators or extra segments
 * never parse.
 */
export function parseObjectKey(key: string): ObjectKeyParts | null {
  const match = KEY_PATTERN.exec(key);
  if (!match) return null;
  const [, tenantId, kind, year, month, objectId, fileName] = match as unknown as string[];
  if (!fileName || fileName.length > MAX_FILE_NAME_LENGTH) return null;
  return {
    tenantId: tenantId as string,
    kind: kind as ObjectKind,
    year: Number(year),
    month: Number(month),
    objectId: objectId as string,
    fileName,
  };
}

/** Parses `key` or throws `invalid_input`: no request is ever sent for a malformed key. */
export function requireObjectKey(key: string): ObjectKeyParts {
  const parts = parseObjectKey(key);
  if (!parts) throw new ObjectStorageError("invalid_input", "Malformed object key.");
  return parts;
}

/**
 * Throws `not_found` unless `key` is a well-formed key under `tenants/<tenantId>/`.
 * Defence in depth against a stored key being used from another tenant's request: the error is
 * `not_found` (not forbidden) so the caller learns nothing about other tenants' objects.
 */
export function assertKeyBelongsToTenant(key: string, tenantId: string): void {
  const parts = parseObjectKey(key);
  const expected = tenantId.trim().toLowerCase();
  if (!parts || parts.tenantId !== expected) {
    throw new ObjectStorageError("not_found", "Object not found for this tenant.");
  }
}
