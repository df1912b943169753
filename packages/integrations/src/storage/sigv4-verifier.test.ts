import { describe, expect, it } from "vitest";
import { verifySigV4, type SigV4Key } from "./sigv4-verifier.js";

// AWS's published example (Signature Version 4, "GET Object" in the S3 API reference, header auth).
const KEY = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1" };
const EXAMPLE = {
  method: "GET",
  url: "/test.txt",
  headers: {
    host: "examplebucket.s3.amazonaws.com",
    range: "bytes=0-9",
    "x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "x-amz-date": "20130524T000000Z",
    authorization:
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
  },
};
const AT = new Date("2013-05-24T00:05:00Z");

// AWS's published presigned-URL example (query auth, 86400 s).
const PRESIGNED = {
  method: "GET",
  url: "/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
  headers: { host: "examplebucket.s3.amazonaws.com" },
};

describe("verifySigV4", () => {
  it("accepts AWS's header-signed example and its presigned example", () => {
    expect(verifySigV4(EXAMPLE, KEY, AT)).toEqual({ ok: true });
    expect(verifySigV4(PRESIGNED, KEY, AT)).toEqual({ ok: true });
  });

  it.each([
    ["no signature at all", { ...EXAMPLE, headers: { host: "examplebucket.s3.amazonaws.com" } }, "AccessDenied"],
    ["another secret", EXAMPLE, "SignatureDoesNotMatch", { ...KEY, secretAccessKey: "x" }],
    ["another access key", EXAMPLE, "InvalidAccessKeyId", { ...KEY, accessKeyId: "AKIAOTHER" }],
    ["another region", EXAMPLE, "SignatureDoesNotMatch", { ...KEY, region: "eu-west-1" }],
    ["a changed path", { ...EXAMPLE, url: "/other.txt" }, "SignatureDoesNotMatch"],
    ["a changed signed header", { ...EXAMPLE, headers: { ...EXAMPLE.headers, range: "bytes=0-99" } }, "SignatureDoesNotMatch"],
    ["a presigned URL with a changed key", { ...PRESIGNED, url: PRESIGNED.url.replace("/test.txt", "/secret.txt") }, "SignatureDoesNotMatch"],
    ["AWS signature version 2", { ...EXAMPLE, headers: { ...EXAMPLE.headers, authorization: "AWS AKIAIOSFODNN7EXAMPLE:abc" } }, "AccessDenied"],
  ] as const)("refuses %s", (_name, req, code, key?: SigV4Key) => {
    expect(verifySigV4(req, key ?? KEY, AT)).toMatchObject({ ok: false, code });
  });

  it("refuses stale header dates and expired presigned URLs", () => {
    expect(verifySigV4(EXAMPLE, KEY, new Date("2013-05-24T00:16:00Z"))).toMatchObject({ ok: false, code: "RequestTimeTooSkewed" });
    expect(verifySigV4(PRESIGNED, KEY, new Date("2013-05-25T00:00:01Z"))).toMatchObject({ ok: false, code: "AccessDenied" });
  });
});
