import { mkdir } from "node:fs/promises";
import type { S3ObjectStorageConfigInput } from "./s3-config.js";

/** The fixed access key pair s3rver accepts. Local use only. */
export const LOCAL_S3_CREDENTIALS = Object.freeze({
  accessKeyId: "S3RVER",
  secretAccessKey: "S3RVER",
});
const LOCAL_S3_REGION = "us-east-1";

export interface LocalS3ServerOptions {
  /** Where objects are kept; reusing a directory keeps earlier objects (npm start). */
  directory: string;
  /** 0 (default) picks a free port. */
  port?: number;
  bucket: string;
}

export interface LocalS3Server {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  bucket: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Ready for `new S3ObjectStorage(...)` (path-style, static credentials). */
  storageConfig: S3ObjectStorageConfigInput;
  stop(): Promise<void>;
}

/**
 * Starts s3rver (an S3-compatible server on the local filesystem) for `npm start` and tests.
 * Invariants: listens on 127.0.0.1 only (documents may hold PHI, even in development), logs
 * nothing, and the bucket exists before this resolves. s3rver is loaded lazily so production
 * code that imports this package never loads it.
 */
export async function startLocalS3Server(options: LocalS3ServerOptions): Promise<LocalS3Server> {
  const { default: S3rver } = await import("s3rver");
  await mkdir(options.directory, { recursive: true });
  const server = new S3rver({
    address: "127.0.0.1",
    port: options.port ?? 0,
    silent: true,
    directory: options.directory,
    vhostBuckets: false,
    configureBuckets: [{ name: options.bucket, configs: [] }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { ...LOCAL_S3_CREDENTIALS };
  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    bucket: options.bucket,
    region: LOCAL_S3_REGION,
    credentials,
    storageConfig: {
      bucket: options.bucket,
      region: LOCAL_S3_REGION,
      endpoint,
      forcePathStyle: true,
      credentials,
    },
    stop: () => (stopped ??= server.close()),
  };
}
