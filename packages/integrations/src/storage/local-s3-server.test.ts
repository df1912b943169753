import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, HeadBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
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

describe("startLocalS3Server: only requests signed with its key pair (issue 17, item 5)", () => {
  it("serves the SDK (signed) and presigned URLs, and refuses anonymous and wrongly signed requests with 403", async () => {
    const directory = await mkdtemp(join(tmpdir(), "carefold-s3-local-"));
    directories.push(directory);
    const server = await startLocalS3Server({ directory, bucket: "carefold-documents" });
    try {
      const storage = new S3ObjectStorage(server.storageConfig);
      const stored = await storage.putObject({ tenantId: TENANT, kind: "export", fileName: "secret.csv", contentType: "text/csv", body: Buffer.from("phi") });
      expect((await storage.getObject(stored.key)).body.toString()).toBe("phi");

      const presigned = await storage.presignDownload(stored.key, { fileName: "secret.csv", expiresInSeconds: 60 });
      const download = await fetch(presigned);
      expect(download.status).toBe(200);
      expect(await download.text()).toBe("phi");
      storage.close();

      const objectUrl = `${server.endpoint}/carefold-documents/${stored.key}`;
      for (const [method, url, body] of [
        ["GET", objectUrl],
        ["GET", `${server.endpoint}/carefold-documents?list-type=2`],
        ["GET", server.endpoint],
        ["PUT", `${server.endpoint}/carefold-documents/tenants/planted.txt`, "x"],
        ["DELETE", objectUrl],
      ] as const) {
        const response = await fetch(url, { method, body });
        expect(response.status, `${method} ${url}`).toBe(403);
        expect(await response.text()).toContain("<Code>AccessDenied</Code>");
      }
      // A tampered presigned URL (another object) is refused too.
      expect((await fetch(presigned.replace(stored.key, "tenants/other.csv"))).status).toBe(403);

      const wrong = new S3Client({ ...server.storageConfig, credentials: { accessKeyId: server.credentials.accessKeyId, secretAccessKey: "not-the-secret" } });
      await expect(wrong.send(new GetObjectCommand({ Bucket: "carefold-documents", Key: stored.key }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
      await expect(wrong.send(new PutObjectCommand({ Bucket: "carefold-documents", Key: "tenants/x.txt", Body: "x" }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
      await expect(wrong.send(new ListObjectsV2Command({ Bucket: "carefold-documents" }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
      const wrongUrl = await getSignedUrl(wrong, new GetObjectCommand({ Bucket: "carefold-documents", Key: stored.key }), { expiresIn: 60 });
      expect((await fetch(wrongUrl)).status).toBe(403);
      wrong.destroy();

      // Still there: nothing above deleted or replaced it.
      const again = new S3ObjectStorage(server.storageConfig);
      expect((await again.getObject(stored.key)).body.toString()).toBe("phi");
      again.close();
      expect(server.credentials.accessKeyId).not.toBe("S3RVER"); // s3rver's well-known pair is not accepted
    } finally {
      await server.stop();
    }
  });
});
