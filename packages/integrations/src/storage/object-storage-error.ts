/**
 * The subset of the domain error codes (docs/architecture.md, Conventions) that storage can
 * produce. The api layer maps these one-to-one onto its `DomainError`, so a cross-tenant key is a
 * `not_found` there too and never reveals that the object exists.
 */
export type ObjectStorageErrorCode = "not_found" | "invalid_input" | "external_failure";

/**
 * An expected storage failure. `message` is for logs and never contains object contents; keys
 * may appear in it (they hold a sanitised file name, which callers keep PHI-free).
 */
export class ObjectStorageError extends Error {
  constructor(
    readonly code: ObjectStorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ObjectStorageError";
  }
}

/** True when `error` is an {@link ObjectStorageError}, optionally with the given code. */
export function isObjectStorageError(
  error: unknown,
  code?: ObjectStorageErrorCode,
): error is ObjectStorageError {
  return error instanceof ObjectStorageError && (code === undefined || error.code === code);
}
