import type { Readable } from "node:stream";
import type { ObjectKind } from "./object-kind.js";

/** Presigned download lifetimes, in seconds: short by default, never longer than 15 minutes. */
export const PRESIGN_DEFAULT_EXPIRES_SECONDS = 300;
export const PRESIGN_MAX_EXPIRES_SECONDS = 900;

/** An upload. The key is chosen by the storage, never by the caller. */
export interface PutObjectInput {
  /** Database UUID of the tenant; becomes the key prefix `tenants/<tenantId>/`. */
  tenantId: string;
  kind: ObjectKind;
  /** Display name; only a sanitised, truncated form reaches the key. */
  fileName: string;
  contentType: string;
  body: Buffer | Readable;
  /** Expected SHA-256 (hex). When given, a body with another digest is refused before upload. */
  sha256?: string;
}

/** What the caller records in the `document` row. */
export interface StoredObject {
  key: string;
  sizeBytes: number;
  /** Lower-case hex SHA-256 of the bytes stored. */
  sha256: string;
  /** ETag without quotes (an MD5 for single-part uploads; not a content hash in general). */
  etag: string;
}

/** Metadata of a stored object. */
export interface ObjectInfo {
  key: string;
  sizeBytes: number;
  contentType: string;
  /** SHA-256 recorded at upload (object metadata); undefined for objects not written here. */
  sha256: string | undefined;
  etag: string;
  lastModified: Date | undefined;
  /** As reported by the server (s3rver reports nothing). */
  serverSideEncryption: string | undefined;
}

/** An object read into memory; `sha256` is computed from `body` and checked. */
export interface ObjectContent extends ObjectInfo {
  body: Buffer;
  sha256: string;
}

export interface GetObjectOptions {
  /** The digest recorded in the database; a different body is refused (`external_failure`). */
  expectedSha256?: string;
}

export interface PresignDownloadOptions {
  /** 1–900, default 300. */
  expiresInSeconds?: number;
  /** Name the browser saves as (sent as Content-Disposition); defaults to the key's file name. */
  fileName?: string;
  /** `attachment` (default) or `inline` (e.g. PDF preview). */
  disposition?: "attachment" | "inline";
}

/**
 * Object storage for tenant documents (product capability 11): consent forms, recording
 * metadata, care-plan PDFs, audit packets, exports.
 *
 * Invariants every implementation keeps:
 * - keys are generated (`tenants/<tenantId>/<kind>/<yyyy>/<mm>/<uuid>-<name>`), never supplied;
 * - every method taking a key refuses a malformed one (`invalid_input`) before any request;
 * - the SHA-256 is computed from the bytes, stored with the object and checked on read;
 * - missing objects are `not_found`; server failures are `external_failure`.
 * Tenancy of a key is checked with {@link ObjectStorage.assertKeyBelongsToTenant}, or always by
 * using `scopeObjectStorageToTenant`.
 */
export interface ObjectStorage {
  putObject(input: PutObjectInput): Promise<StoredObject>;
  getObject(key: string, options?: GetObjectOptions): Promise<ObjectContent>;
  /** Metadata, or null when the object does not exist. */
  headObject(key: string): Promise<ObjectInfo | null>;
  /** Idempotent: deleting a missing object succeeds. */
  deleteObject(key: string): Promise<void>;
  /** A short-lived GET URL that downloads with the given file name. */
  presignDownload(key: string, options?: PresignDownloadOptions): Promise<string>;
  /** Throws `not_found` unless `key` is a well-formed key of `tenantId`. */
  assertKeyBelongsToTenant(key: string, tenantId: string): void;
}
