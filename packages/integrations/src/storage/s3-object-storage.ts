import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { z } from "zod";
import { buildContentDisposition } from "./file-name.js";
import { assertKeyBelongsToTenant, buildObjectKey, requireObjectKey } from "./object-key.js";
import {
  PRESIGN_DEFAULT_EXPIRES_SECONDS,
  PRESIGN_MAX_EXPIRES_SECONDS,
  type GetObjectOptions,
  type ObjectContent,
  type ObjectInfo,
  type ObjectStorage,
  type PresignDownloadOptions,
  type PutObjectInput,
  type StoredObject,
} from "./object-storage.js";
import { ObjectStorageError } from "./object-storage-error.js";
import { readAndHashBody, sha256Hex } from "./read-body.js";
import { toObjectInfo, toStorageError, unquoteEtag } from "./s3-mapping.js";
import {
  parseS3ObjectStorageConfig,
  type S3ObjectStorageConfig,
  type S3ObjectStorageConfigInput,
} from "./s3-config.js";

const ContentTypeSchema = z
  .string()
  .max(255)
  .regex(/^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(;[ -~]*)?$/, "must be a MIME type");
const Sha256Schema = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters")
  .transform((v) => v.toLowerCase());
const ExpiresSchema = z.number().int().min(1).max(PRESIGN_MAX_EXPIRES_SECONDS);

/**
 * An S3 client for `config`. With `sendChecksumSha256: false` the SDK's default (CRC32) request
 * checksums and response validation are turned off too, for servers that do not support them.
 */
export function createS3Client(config: S3ObjectStorageConfig): S3Client {
  return new S3Client({
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
    ...(config.sendChecksumSha256
      ? {}
      : {
          requestChecksumCalculation: "WHEN_REQUIRED",
          responseChecksumValidation: "WHEN_REQUIRED",
        }),
  });
}

export interface S3ObjectStorageDeps {
  /** Use this client (e.g. one with capture middleware in tests) instead of building one. */
  client?: S3Client;
  /** Clock for the `<yyyy>/<mm>` key segments. */
  now?: () => Date;
}

/**
 * {@link ObjectStorage} on `@aws-sdk/client-s3`: AWS S3 in production, s3rver locally.
 * One PutObject per upload (bodies are buffered and capped by `maxObjectBytes`); the SHA-256 is
 * stored as `x-amz-meta-sha256` and, if enabled, sent as `ChecksumSHA256` so S3 rejects a
 * corrupted upload; SSE settings from the config go on every PutObject.
 */
export class S3ObjectStorage implements ObjectStorage {
  readonly #config: S3ObjectStorageConfig;
  readonly #client: S3Client;
  readonly #ownsClient: boolean;
  readonly #now: () => Date;

  constructor(config: S3ObjectStorageConfigInput, deps: S3ObjectStorageDeps = {}) {
    this.#config = parseS3ObjectStorageConfig(config);
    this.#client = deps.client ?? createS3Client(this.#config);
    this.#ownsClient = deps.client === undefined;
    this.#now = deps.now ?? (() => new Date());
  }

  async putObject(input: PutObjectInput): Promise<StoredObject> {
    const contentType = parseInput(ContentTypeSchema, input.contentType, "contentType");
    const expected =
      input.sha256 === undefined ? undefined : parseInput(Sha256Schema, input.sha256, "sha256");
    const { tenantId, kind, fileName } = input;
    const key = buildObjectKey({ tenantId, kind, fileName, now: this.#now() });
    const { buffer, sha256, sizeBytes } = await readAndHashBody(
      input.body,
      this.#config.maxObjectBytes,
    );
    if (expected !== undefined && expected !== sha256) {
      throw new ObjectStorageError("invalid_input", "The upload does not match its SHA-256.");
    }
    const output = await this.#call((client) =>
      client.send(
        new PutObjectCommand({
          Bucket: this.#config.bucket,
          Key: key,
          Body: buffer,
          ContentLength: sizeBytes,
          ContentType: contentType,
          Metadata: { sha256 },
          ...(this.#config.sendChecksumSha256
            ? { ChecksumSHA256: Buffer.from(sha256, "hex").toString("base64") }
            : {}),
          ...this.#encryption(),
        }),
      ),
    );
    return { key, sizeBytes, sha256, etag: unquoteEtag(output.ETag) };
  }

  async getObject(key: string, options: GetObjectOptions = {}): Promise<ObjectContent> {
    requireObjectKey(key);
    const { output, bytes } = await this.#call(async (c) => {
      const output = await c.send(new GetObjectCommand({ Bucket: this.#config.bucket, Key: key }));
      return { output, bytes: (await output.Body?.transformToByteArray()) ?? new Uint8Array() };
    });
    const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const sha256 = sha256Hex(body);
    const recorded = output.Metadata?.["sha256"];
    for (const want of [recorded, options.expectedSha256]) {
      if (want !== undefined && want.toLowerCase() !== sha256) {
        throw new ObjectStorageError("external_failure", `Object ${key} failed its SHA-256 check.`);
      }
    }
    return { ...toObjectInfo(key, output), sizeBytes: body.length, sha256, body };
  }

  async headObject(key: string): Promise<ObjectInfo | null> {
    requireObjectKey(key);
    try {
      const output = await this.#call((c) =>
        c.send(new HeadObjectCommand({ Bucket: this.#config.bucket, Key: key })),
      );
      return toObjectInfo(key, output);
    } catch (error) {
      if (error instanceof ObjectStorageError && error.code === "not_found") return null;
      throw error;
    }
  }

  async deleteObject(key: string): Promise<void> {
    requireObjectKey(key);
    await this.#call((c) =>
      c.send(new DeleteObjectCommand({ Bucket: this.#config.bucket, Key: key })),
    );
  }

  async presignDownload(key: string, options: PresignDownloadOptions = {}): Promise<string> {
    const parts = requireObjectKey(key);
    const expiresIn = parseInput(
      ExpiresSchema,
      options.expiresInSeconds ?? PRESIGN_DEFAULT_EXPIRES_SECONDS,
      "expiresInSeconds",
    );
    const command = new GetObjectCommand({
      Bucket: this.#config.bucket,
      Key: key,
      ResponseContentDisposition: buildContentDisposition(
        options.fileName ?? parts.fileName,
        options.disposition,
      ),
    });
    try {
      return await getSignedUrl(this.#client, command, { expiresIn });
    } catch (error) {
      throw new ObjectStorageError("external_failure", "Could not sign the download URL.", {
        cause: error,
      });
    }
  }

  assertKeyBelongsToTenant(key: string, tenantId: string): void {
    assertKeyBelongsToTenant(key, tenantId);
  }

  /** Releases the HTTP sockets of a client this instance created (not of an injected one). */
  close(): void {
    if (this.#ownsClient) this.#client.destroy();
  }

  #encryption() {
    const sse = this.#config.serverSideEncryption;
    if (sse === undefined) return {};
    const kmsKeyId = sse === "aws:kms" ? this.#config.kmsKeyId : undefined;
    return { ServerSideEncryption: sse, ...(kmsKeyId ? { SSEKMSKeyId: kmsKeyId } : {}) };
  }

  /** Runs one S3 call, mapping its failures onto storage error codes. */
  async #call<Output>(send: (client: S3Client) => Promise<Output>): Promise<Output> {
    try {
      return await send(this.#client);
    } catch (error) {
      throw toStorageError(error);
    }
  }
}

function parseInput<T extends z.ZodTypeAny>(schema: T, value: unknown, field: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ObjectStorageError(
      "invalid_input",
      `${field}: ${result.error.issues[0]?.message ?? "invalid"}`,
    );
  }
  return result.data;
}
