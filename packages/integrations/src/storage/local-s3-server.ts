import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { S3ObjectStorageConfigInput } from "./s3-config.js";
import { verifySigV4, type SigV4Key } from "./sigv4-verifier.js";

const LOCAL_S3_REGION = "us-east-1";
/** The part of Koa's middleware signature the signature check uses (s3rver is a Koa app). */
type KoaMiddleware = (ctx: { req: IncomingMessage; res: ServerResponse; respond?: boolean }, next: () => Promise<unknown>) => Promise<unknown>;

/** A fresh key pair per server (nothing to leak or guess); `npm start` hands it to the apps. */
const randomCredentials = () => ({
  accessKeyId: `LOCAL${randomBytes(8).toString("hex").toUpperCase()}`,
  secretAccessKey: randomBytes(30).toString("base64url"),
});

export interface LocalS3ServerOptions {
  /** Where objects are kept; reusing a directory keeps earlier objects (npm start). */
  directory: string;
  /** 0 (default) picks a free port. */
  port?: number;
  bucket: string;
  /** The only key pair the server accepts; a random pair when omitted. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
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
 * nothing, the bucket exists before this resolves, and every request must carry a valid AWS
 * Signature Version 4 (header or presigned query) made with this server's key pair: s3rver itself
 * lets anonymous callers read, list, write and delete, and does not check V4 signatures. s3rver is
 * loaded lazily so production code that imports this package never loads it.
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
  const credentials = { ...(options.credentials ?? randomCredentials()) };
  allowKeyInS3rver(credentials);
  const key: SigV4Key = { ...credentials, region: LOCAL_S3_REGION };
  // First in the chain (Koa's middleware list is composed when the server starts listening).
  (server as unknown as { middleware: KoaMiddleware[] }).middleware.unshift(async (ctx, next) => {
    const verdict = verifySigV4({ method: ctx.req.method ?? "GET", url: ctx.req.url ?? "/", headers: ctx.req.headers }, key);
    if (verdict.ok) return next();
    ctx.respond = false;
    ctx.res.writeHead(403, { "Content-Type": "application/xml" });
    ctx.res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${verdict.code}</Code><Message>${verdict.message.replace(/[<>&]/g, "")}</Message></Error>`);
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
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

/**
 * s3rver looks the access key id of a V4-signed request up in its account registry (and checks no
 * more); our verifier has already checked the signature, so register the key there too.
 */
function allowKeyInS3rver(credentials: { accessKeyId: string; secretAccessKey: string }) {
  const require = createRequire(import.meta.url);
  const account = require("s3rver/lib/models/account") as { DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void } };
  account.DUMMY_ACCOUNT.createKeyPair(credentials.accessKeyId, credentials.secretAccessKey);
}
