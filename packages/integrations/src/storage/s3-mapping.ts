import { S3ServiceException } from "@aws-sdk/client-s3";
import type { ObjectInfo } from "./object-storage.js";
import { ObjectStorageError } from "./object-storage-error.js";

/**
 * A missing object becomes `not_found`; everything else (a missing bucket included, which is a
 * configuration fault, not a user's miss) is `external_failure`, with the cause kept for logs.
 */
export function toStorageError(error: unknown): ObjectStorageError {
  const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
  const name = error instanceof Error ? error.name : "unknown";
  if (name === "NoSuchKey" || name === "NotFound" || (status === 404 && name !== "NoSuchBucket")) {
    return new ObjectStorageError("not_found", "Object not found.", { cause: error });
  }
  const message = `Object storage request failed (${name}).`;
  return new ObjectStorageError("external_failure", message, { cause: error });
}

/** The {@link ObjectInfo} of a HeadObject/GetObject response. */
export function toObjectInfo(
  key: string,
  output: {
    ContentLength?: number;
    ContentType?: string;
    ETag?: string;
    LastModified?: Date;
    Metadata?: Record<string, string>;
    ServerSideEncryption?: string;
  },
): ObjectInfo {
  return {
    key,
    sizeBytes: output.ContentLength ?? 0,
    contentType: output.ContentType ?? "application/octet-stream",
    sha256: output.Metadata?.["sha256"],
    etag: unquoteEtag(output.ETag),
    lastModified: output.LastModified,
    serverSideEncryption: output.ServerSideEncryption,
  };
}

/** ETag without the surrounding quotes S3 sends. */
export function unquoteEtag(etag: string | undefined): string {
  return (etag ?? "").replace(/^"|"$/g, "");
}
