import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalS3Server, type LocalS3Server } from "../storage/local-s3-server.js";
import type { S3ObjectStorageConfigInput } from "../storage/s3-config.js";
import { S3ObjectStorage, type S3ObjectStorageDeps } from "../storage/s3-object-storage.js";

export interface TestObjectStorage {
  storage: S3ObjectStorage;
  server: LocalS3Server;
  /** Stops the server, releases client sockets and deletes the temporary directory. */
  stop(): Promise<void>;
}

export interface TestObjectStorageOptions {
  bucket?: string;
  /** Extra settings merged over the local server's (e.g. `serverSideEncryption`). */
  config?: Partial<S3ObjectStorageConfigInput>;
  deps?: S3ObjectStorageDeps;
}

/**
 * A real S3 API (s3rver on a random 127.0.0.1 port, in a fresh temporary directory) and a real
 * {@link S3ObjectStorage} on it, for other packages' tests. Call `stop()` in `afterAll`.
 */
export async function startTestObjectStorage(
  options: TestObjectStorageOptions = {},
): Promise<TestObjectStorage> {
  const directory = await mkdtemp(join(tmpdir(), "carefold-s3-"));
  try {
    const server = await startLocalS3Server({
      directory,
      bucket: options.bucket ?? "carefold-test",
    });
    const storage = new S3ObjectStorage(
      { ...server.storageConfig, ...options.config },
      options.deps,
    );
    return {
      storage,
      server,
      stop: async () => {
        storage.close();
        await server.stop();
        await rm(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}
