import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { afterAll, describe, expect, it } from "vitest";
import { startLocalS3Server } from "./local-s3-server.js";
import { parseS3ObjectStorageConfig } from "./s3-config.js";
import { S3ObjectStorage, createS3Client } from "./s3-object-storage.js";

const TENANT = "0b6f3a52-6a0e-4c1e-9d51-3f1f3d2b8a11";
const directories: string[] = [];
afterAll(async () => {
  await Promise.all(directories.map((d) => rm(d, { recursive: true, force: true })));
});

describe("startLocalS3Server", () => {
  it("listens on 127.0.0.1 with the bucket created, and keeps objects across restarts", async () => {
    const directory = await mkdtemp(join(tmpdir(), "carefold-s3-local-"));
    directories.push(directory);

    const first = await startLocalS3Server({ directory, bucket: "carefold-documents" });
    expect(first.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = createS3Client(parseS3ObjectStorageConfig(first.storageConfig));
    await expect(
      client.send(new HeadBucketCommand({ Bucket: "carefold-documents" })),
    ).resolves.toBeDefined();
    client.destroy();

    const storage = new S3ObjectStorage(first.storageConfig);
    const stored = await storage.putObject({
      tenantId: TENANT,
      kind: "export",
      fileName: "kept.csv",
      contentType: "text/csv",
      body: Buffer.from("kept"),
    });
    storage.close();
    await first.stop();
    await first.stop(); // idempotent

    const second = await startLocalS3Server({ directory, bucket: "carefold-documents" });
    const again = new S3ObjectStorage(second.storageConfig);
    expect((await again.getObject(stored.key)).body.toString()).toBe("kept");
    again.close();
    await second.stop();
  });

  it("refuses connections after stop", async () => {
    const directory = await mkdtemp(join(tmpdir(), "carefold-s3-local-"));
    directories.push(directory);
    const server = await startLocalS3Server({ directory, bucket: "carefold-documents" });
    await server.stop();
    await expect(fetch(`${server.endpoint}/carefold-documents`)).rejects.toThrow();
  });
});
