import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestObjectStorage, type TestObjectStorage } from "../testing/index.js";
import { buildContentDisposition } from "./file-name.js";
import { buildObjectKey } from "./object-key.js";
import { isObjectStorageError, type ObjectStorageErrorCode } from "./object-storage-error.js";
import { parseS3ObjectStorageConfig, type S3ObjectStorageConfigInput } from "./s3-config.js";
import { S3ObjectStorage, createS3Client } from "./s3-object-storage.js";
import { scopeObjectStorageToTenant } from "./tenant-object-storage.js";

const TENANT_A = "0b6f3a52-6a0e-4c1e-9d51-3f1f3d2b8a11";
const TENANT_B = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

interface CapturedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
}

/** A client for `config` that records every outgoing request (after serialisation). */
function capturingClient(config: S3ObjectStorageConfigInput): {
  client: S3Client;
  requests: CapturedRequest[];
} {
  const client = createS3Client(parseS3ObjectStorageConfig(config));
  const requests: CapturedRequest[] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const { method, path, headers } = args.request as CapturedRequest;
      requests.push({ method, path, headers: { ...headers } });
      return next(args);
    },
    { step: "finalizeRequest", name: "captureRequests" },
  );
  return { client, requests };
}

async function expectStorageError(promise: Promise<unknown>, code: ObjectStorageErrorCode) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isObjectStorageError(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
}

let local: TestObjectStorage;
let storage: S3ObjectStorage;

beforeAll(async () => {
  local = await startTestObjectStorage();
  storage = local.storage;
});
afterAll(async () => {
  await local?.stop();
});

describe("S3ObjectStorage on s3rver", () => {
  it("round-trips bytes, content type and the SHA-256 under the tenant prefix", async () => {
    const body = Buffer.from("%PDF-1.7 consent form");
    const stored = await storage.putObject({
      tenantId: TENANT_A,
      kind: "consent",
      fileName: "Consent form.pdf",
      contentType: "application/pdf",
      body,
      sha256: sha256(body).toUpperCase(),
    });
    expect(stored.key).toMatch(
      new RegExp(`^tenants/${TENANT_A}/consent/\\d{4}/\\d{2}/[0-9a-f-]{36}-consent-form\\.pdf$`),
    );
    expect(stored).toMatchObject({ sizeBytes: body.length, sha256: sha256(body) });
    expect(stored.etag).toMatch(/^[0-9a-f]{32}$/);

    const read = await storage.getObject(stored.key, { expectedSha256: stored.sha256 });
    expect(read.body.equals(body)).toBe(true);
    expect(read).toMatchObject({
      sha256: stored.sha256,
      contentType: "application/pdf",
      etag: stored.etag,
    });

    const info = await storage.headObject(stored.key);
    expect(info).toMatchObject({ key: stored.key, sizeBytes: body.length, sha256: stored.sha256 });
    expect(info?.lastModified).toBeInstanceOf(Date);
  });

  it("dates the key folder with the injected clock (UTC)", async () => {
    const dated = new S3ObjectStorage(local.server.storageConfig, {
      now: () => new Date("2025-01-31T23:30:00-05:00"),
    });
    const stored = await dated.putObject({
      tenantId: TENANT_A,
      kind: "export",
      fileName: "x.csv",
      contentType: "text/csv",
      body: Buffer.from("a,b\n"),
    });
    dated.close();
    expect(stored.key).toContain(`tenants/${TENANT_A}/export/2025/02/`);
  });

  it("keeps traversal-looking file names inside the tenant prefix", async () => {
    const stored = await storage.putObject({
      tenantId: TENANT_A,
      kind: "export",
      fileName: `../../tenants/${TENANT_B}/export/evil.csv`,
      contentType: "text/csv",
      body: Buffer.from("x"),
    });
    expect(stored.key.startsWith(`tenants/${TENANT_A}/export/`)).toBe(true);
    expect(stored.key.endsWith("-evil.csv")).toBe(true);
    expect(stored.key).not.toContain(TENANT_B);
  });

  it("refuses a body whose SHA-256 differs from the one given, and stores nothing", async () => {
    const tenant = "99999999-9999-4999-8999-999999999999";
    await expectStorageError(
      storage.putObject({
        tenantId: tenant,
        kind: "consent",
        fileName: "c.pdf",
        contentType: "application/pdf",
        body: Buffer.from("actual"),
        sha256: sha256(Buffer.from("expected")),
      }),
      "invalid_input",
    );
    const { client } = capturingClient(local.server.storageConfig);
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: local.server.bucket, Prefix: `tenants/${tenant}/` }),
    );
    client.destroy();
    expect(listed.KeyCount ?? 0).toBe(0);
  });

  it("detects an object whose bytes no longer match the recorded SHA-256", async () => {
    const key = buildObjectKey({ tenantId: TENANT_A, kind: "consent", fileName: "tampered.pdf" });
    const { client } = capturingClient(local.server.storageConfig);
    await client.send(
      new PutObjectCommand({
        Bucket: local.server.bucket,
        Key: key,
        Body: Buffer.from("replaced"),
        Metadata: { sha256: sha256(Buffer.from("original")) },
      }),
    );
    client.destroy();
    await expectStorageError(storage.getObject(key), "external_failure");
  });

  it("refuses expectedSha256 that differs from the stored bytes", async () => {
    const stored = await storage.putObject({
      tenantId: TENANT_A,
      kind: "consent",
      fileName: "c.pdf",
      contentType: "application/pdf",
      body: Buffer.from("one"),
    });
    await expectStorageError(
      storage.getObject(stored.key, { expectedSha256: sha256(Buffer.from("two")) }),
      "external_failure",
    );
  });

  it("validates inputs before any request", async () => {
    const base = {
      tenantId: TENANT_A,
      kind: "consent" as const,
      fileName: "c.pdf",
      body: Buffer.from("x"),
    };
    await expectStorageError(
      storage.putObject({ ...base, contentType: "pdf\r\nX-Evil: 1" }),
      "invalid_input",
    );
    await expectStorageError(
      storage.putObject({ ...base, contentType: "application/pdf", sha256: "abc" }),
      "invalid_input",
    );
    await expectStorageError(
      storage.putObject({ ...base, contentType: "application/pdf", tenantId: "../other" }),
      "invalid_input",
    );
    await expectStorageError(
      storage.getObject(`tenants/${TENANT_A}/../../etc/passwd`),
      "invalid_input",
    );
    await expectStorageError(storage.deleteObject("anything"), "invalid_input");
  });

  it("reports missing objects: get → not_found, head → null, delete → ok", async () => {
    const key = buildObjectKey({ tenantId: TENANT_A, kind: "consent", fileName: "never.pdf" });
    await expectStorageError(storage.getObject(key), "not_found");
    expect(await storage.headObject(key)).toBeNull();
    await expect(storage.deleteObject(key)).resolves.toBeUndefined();
  });

  it("reports a missing bucket as external_failure, not as a missing object", async () => {
    const wrong = new S3ObjectStorage({ ...local.server.storageConfig, bucket: "no-such-bucket" });
    const key = buildObjectKey({ tenantId: TENANT_A, kind: "consent", fileName: "c.pdf" });
    await expectStorageError(wrong.getObject(key), "external_failure");
    await expectStorageError(
      wrong.putObject({
        tenantId: TENANT_A,
        kind: "consent",
        fileName: "c.pdf",
        contentType: "application/pdf",
        body: Buffer.from("x"),
      }),
      "external_failure",
    );
    wrong.close();
  });

  it("deletes an object", async () => {
    const stored = await storage.putObject({
      tenantId: TENANT_A,
      kind: "recording",
      fileName: "call.json",
      contentType: "application/json",
      body: Buffer.from("{}"),
    });
    await storage.deleteObject(stored.key);
    expect(await storage.headObject(stored.key)).toBeNull();
  });

  it("streams a 20 MB Readable body and keeps it intact", async () => {
    const data = randomBytes(20 * 1024 * 1024);
    const chunks = function* () {
      for (let offset = 0; offset < data.length; offset += 64 * 1024)
        yield data.subarray(offset, offset + 64 * 1024);
    };
    const stored = await storage.putObject({
      tenantId: TENANT_A,
      kind: "audit-packet",
      fileName: "packet.zip",
      contentType: "application/zip",
      body: Readable.from(chunks()),
    });
    expect(stored).toMatchObject({ sizeBytes: data.length, sha256: sha256(data) });
    const read = await storage.getObject(stored.key);
    expect(read.sha256).toBe(sha256(data));
    expect(read.sizeBytes).toBe(data.length);
  });

  it("stops reading a body past maxObjectBytes", async () => {
    const small = new S3ObjectStorage({ ...local.server.storageConfig, maxObjectBytes: 1024 });
    const body = Readable.from([Buffer.alloc(1000), Buffer.alloc(1000), Buffer.alloc(1000)]);
    await expectStorageError(
      small.putObject({
        tenantId: TENANT_A,
        kind: "export",
        fileName: "big.csv",
        contentType: "text/csv",
        body,
      }),
      "invalid_input",
    );
    expect(body.destroyed).toBe(true);
    small.close();
  });
});

describe("tenant isolation", () => {
  it("refuses a key of tenant A for tenant B, before any request", async () => {
    const stored = await storage.putObject({
      tenantId: TENANT_A,
      kind: "care-plan",
      fileName: "plan.pdf",
      contentType: "application/pdf",
      body: Buffer.from("plan"),
    });
    expect(() => storage.assertKeyBelongsToTenant(stored.key, TENANT_B)).toThrow(
      expect.objectContaining({ code: "not_found" }),
    );
    expect(() => storage.assertKeyBelongsToTenant(stored.key, TENANT_A)).not.toThrow();

    const { client, requests } = capturingClient(local.server.storageConfig);
    const tenantB = scopeObjectStorageToTenant(
      new S3ObjectStorage(local.server.storageConfig, { client }),
      TENANT_B,
    );
    await expectStorageError(tenantB.getObject(stored.key), "not_found");
    await expectStorageError(tenantB.headObject(stored.key), "not_found");
    await expectStorageError(tenantB.deleteObject(stored.key), "not_found");
    await expectStorageError(tenantB.presignDownload(stored.key), "not_found");
    expect(requests).toHaveLength(0);

    const own = await tenantB.putObject({
      kind: "care-plan",
      fileName: "plan.pdf",
      contentType: "application/pdf",
      body: Buffer.from("b"),
    });
    expect(own.key.startsWith(`tenants/${TENANT_B}/`)).toBe(true);
    expect((await tenantB.getObject(own.key)).body.toString()).toBe("b");
    client.destroy();

    expect((await storage.getObject(stored.key)).body.toString()).toBe("plan");
  });
});

describe("presigned downloads", () => {
  it("downloads with plain fetch and the requested Content-Disposition", async () => {
    const body = Buffer.from("care plan body");
    const stored = await storage.putObject({
      tenantId: TENANT_A,
      kind: "care-plan",
      fileName: "plan.pdf",
      contentType: "application/pdf",
      body,
    });
    const url = new URL(
      await storage.presignDownload(stored.key, { fileName: "Care plan – März.pdf" }),
    );
    expect(url.searchParams.get("X-Amz-Expires")).toBe("300");

    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(
      buildContentDisposition("Care plan – März.pdf"),
    );
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await response.arrayBuffer()).equals(body)).toBe(true);

    const defaultName = await fetch(
      await storage.presignDownload(stored.key, { disposition: "inline" }),
    );
    expect(defaultName.headers.get("content-disposition")).toBe(
      `inline; filename="plan.pdf"; filename*=UTF-8''plan.pdf`,
    );
    await defaultName.arrayBuffer();
  });

  it("is refused by the server once expired", async () => {
    const stored = await storage.putObject({
      tenantId: TENANT_A,
      kind: "export",
      fileName: "e.csv",
      contentType: "text/csv",
      body: Buffer.from("x"),
    });
    const url = await storage.presignDownload(stored.key, { expiresInSeconds: 1 });
    expect(new URL(url).searchParams.get("X-Amz-Expires")).toBe("1");
    await sleep(2_100);
    const response = await fetch(url);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("Request has expired");
  });

  it.each([0, 901, 1.5, -1])("refuses expiresInSeconds %s", async (expiresInSeconds) => {
    const key = buildObjectKey({ tenantId: TENANT_A, kind: "export", fileName: "e.csv" });
    await expectStorageError(storage.presignDownload(key, { expiresInSeconds }), "invalid_input");
  });
});

describe("request headers (captured with SDK middleware)", () => {
  const put = (s: S3ObjectStorage) =>
    s.putObject({
      tenantId: TENANT_A,
      kind: "consent",
      fileName: "c.pdf",
      contentType: "application/pdf",
      body: Buffer.from("signed consent"),
    });

  it.each([
    [{ serverSideEncryption: "AES256" as const }, "AES256", undefined],
    [
      { serverSideEncryption: "aws:kms" as const, kmsKeyId: "alias/carefold-docs" },
      "aws:kms",
      "alias/carefold-docs",
    ],
    [{}, undefined, undefined],
  ])("passes SSE settings %j through to PutObject", async (sse, header, kmsHeader) => {
    const config = { ...local.server.storageConfig, ...sse };
    const { client, requests } = capturingClient(config);
    const s = new S3ObjectStorage(config, { client });
    await put(s);
    client.destroy();
    const request = requests.find((r) => r.method === "PUT");
    expect(request?.headers["x-amz-server-side-encryption"]).toBe(header);
    expect(request?.headers["x-amz-server-side-encryption-aws-kms-key-id"]).toBe(kmsHeader);
  });

  it("sends ChecksumSHA256 by default, and no checksum at all when turned off", async () => {
    const on = capturingClient(local.server.storageConfig);
    const storedOn = await put(
      new S3ObjectStorage(local.server.storageConfig, { client: on.client }),
    );
    on.client.destroy();
    const putOn = on.requests.find((r) => r.method === "PUT");
    expect(putOn?.headers["x-amz-checksum-sha256"]).toBe(
      Buffer.from(storedOn.sha256, "hex").toString("base64"),
    );
    expect(putOn?.headers["x-amz-meta-sha256"]).toBe(storedOn.sha256);

    const offConfig = { ...local.server.storageConfig, sendChecksumSha256: false };
    const off = capturingClient(offConfig);
    const offStorage = new S3ObjectStorage(offConfig, { client: off.client });
    const storedOff = await put(offStorage);
    const putOff = off.requests.find((r) => r.method === "PUT");
    expect(
      Object.keys(putOff?.headers ?? {}).filter((h) => h.startsWith("x-amz-checksum")),
    ).toEqual([]);
    expect(putOff?.headers["x-amz-meta-sha256"]).toBe(storedOff.sha256);
    expect((await offStorage.getObject(storedOff.key)).sha256).toBe(storedOff.sha256);
    off.client.destroy();
  });

  it("documents s3rver's limits: it accepts a wrong ChecksumSHA256 and stores no SSE", async () => {
    const { client } = capturingClient(local.server.storageConfig);
    const key = buildObjectKey({ tenantId: TENANT_A, kind: "consent", fileName: "wrong.pdf" });
    await expect(
      client.send(
        new PutObjectCommand({
          Bucket: local.server.bucket,
          Key: key,
          Body: Buffer.from("body"),
          ChecksumSHA256: createHash("sha256").update("other").digest("base64"),
          ServerSideEncryption: "AES256",
        }),
      ),
    ).resolves.toBeDefined(); // AWS S3 answers BadDigest here
    client.destroy();
    expect((await storage.headObject(key))?.serverSideEncryption).toBeUndefined(); // AWS: "AES256"
  });
});
