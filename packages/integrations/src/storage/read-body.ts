import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { ObjectStorageError } from "./object-storage-error.js";

/** A body read into memory with its SHA-256 (lower-case hex) and size. */
export interface HashedBody {
  buffer: Buffer;
  sha256: string;
  sizeBytes: number;
}

/** Lower-case hex SHA-256 of `data`. */
export function sha256Hex(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Reads `body` once, hashing chunk by chunk, and stops (destroying the stream) as soon as it
 * passes `maxBytes`, so an oversized upload cannot exhaust memory. Buffering is deliberate:
 * `@aws-sdk/lib-storage` (multipart streaming) is not a dependency, and a single PutObject with a
 * known length is the only upload that works identically on AWS S3 and s3rver.
 */
export async function readAndHashBody(
  body: Buffer | Readable,
  maxBytes: number,
): Promise<HashedBody> {
  if (Buffer.isBuffer(body)) {
    assertWithinLimit(body.length, maxBytes);
    return { buffer: body, sha256: sha256Hex(body), sizeBytes: body.length };
  }
  const hash = createHash("sha256");
  const chunks: Buffer[] = [];
  let sizeBytes = 0;
  try {
    for await (const chunk of body) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
      sizeBytes += bytes.length;
      assertWithinLimit(sizeBytes, maxBytes);
      hash.update(bytes);
      chunks.push(bytes);
    }
  } catch (error) {
    body.destroy();
    if (error instanceof ObjectStorageError) throw error;
    throw new ObjectStorageError("invalid_input", "Could not read the upload body.", {
      cause: error,
    });
  }
  return { buffer: Buffer.concat(chunks, sizeBytes), sha256: hash.digest("hex"), sizeBytes };
}

function assertWithinLimit(sizeBytes: number, maxBytes: number): void {
  if (sizeBytes > maxBytes) {
    throw new ObjectStorageError(
      "invalid_input",
      `Object is larger than the ${maxBytes}-byte limit.`,
    );
  }
}
