import { ConfigError } from "@carefold/env";
import { describe, expect, it } from "vitest";
import { parseS3ObjectStorageConfig } from "./s3-config.js";

describe("parseS3ObjectStorageConfig", () => {
  it("applies defaults", () => {
    const config = parseS3ObjectStorageConfig({ bucket: "carefold-docs", region: "us-east-1" });
    expect(config).toEqual({
      bucket: "carefold-docs",
      region: "us-east-1",
      forcePathStyle: false,
      sendChecksumSha256: true,
      maxObjectBytes: 100 * 1024 * 1024,
    });
  });

  it("names every problem in one ConfigError", () => {
    try {
      parseS3ObjectStorageConfig({
        bucket: "Bad_Bucket",
        region: "",
        endpoint: "not a url",
        serverSideEncryption: "AES256",
        kmsKeyId: "alias/docs",
        sse: "AES256",
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain("s3.bucket");
      expect(message).toContain("s3.region");
      expect(message).toContain("s3.endpoint");
      expect(message).toContain("Unrecognized key(s) in object: 'sse'");
    }
  });

  it("refuses a KMS key without aws:kms", () => {
    expect(() =>
      parseS3ObjectStorageConfig({
        bucket: "carefold-docs",
        region: "us-east-1",
        serverSideEncryption: "AES256",
        kmsKeyId: "alias/docs",
      }),
    ).toThrow(/s3\.kmsKeyId: kmsKeyId requires serverSideEncryption "aws:kms"/);
  });
});
