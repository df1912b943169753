import { ConfigError } from "@carefold/env";
import { z } from "zod";

const MIB = 1024 * 1024;

/**
 * Configuration of {@link S3ObjectStorage}. Built by the api layer from `@carefold/env` (this
 * package never reads the environment). `.strict()` so a misspelt setting fails at start-up
 * instead of silently dropping, say, encryption.
 */
export const S3ObjectStorageConfigSchema = z
  .object({
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid S3 bucket name"),
    region: z.string().min(1),
    /** Only for S3-compatible servers (s3rver locally); omit for AWS. */
    endpoint: z.string().url().optional(),
    /** `true` for s3rver and most S3-compatible servers; AWS uses virtual-hosted style. */
    forcePathStyle: z.boolean().default(false),
    /** Omit on AWS to use the SDK's default chain (instance/task role); static keys for local. */
    credentials: z
      .object({
        accessKeyId: z.string().min(1),
        secretAccessKey: z.string().min(1),
        sessionToken: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    /** Sent on every PutObject as `x-amz-server-side-encryption`. */
    serverSideEncryption: z.enum(["AES256", "aws:kms"]).optional(),
    /** KMS key id/ARN; only with `aws:kms` (without it S3 uses the account's aws/s3 key). */
    kmsKeyId: z.string().min(1).optional(),
    /**
     * Send the SHA-256 as `ChecksumSHA256` so S3 verifies the upload. `false` also turns off the
     * SDK's default CRC32 checksums, for S3-compatible servers that reject them.
     */
    sendChecksumSha256: z.boolean().default(true),
    /** Uploads are buffered (see `readAndHashBody`), so they are capped. */
    maxObjectBytes: z
      .number()
      .int()
      .positive()
      .max(5 * 1024 * MIB)
      .default(100 * MIB),
  })
  .strict()
  .refine((c) => c.kmsKeyId === undefined || c.serverSideEncryption === "aws:kms", {
    message: 'kmsKeyId requires serverSideEncryption "aws:kms"',
    path: ["kmsKeyId"],
  });

/** Validated configuration (defaults applied). */
export type S3ObjectStorageConfig = z.output<typeof S3ObjectStorageConfigSchema>;
/** What callers write (defaults optional). */
export type S3ObjectStorageConfigInput = z.input<typeof S3ObjectStorageConfigSchema>;

/**
 * Validates `input`, throwing the same `ConfigError` as `@carefold/env` (one error naming every
 * invalid field), so a bad storage configuration stops start-up like a bad variable does.
 */
export function parseS3ObjectStorageConfig(input: unknown): S3ObjectStorageConfig {
  const result = S3ObjectStorageConfigSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((i) => `s3.${i.path.join(".") || "(root)"}: ${i.message}`),
  );
}
