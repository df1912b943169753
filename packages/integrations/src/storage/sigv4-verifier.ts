import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** What the verifier needs of an incoming request (Node's IncomingMessage fits). */
export interface SignedRequest {
  method: string;
  /** The raw request target as sent, path and query still percent-encoded. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface SigV4Key {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service?: string;
}

export type SigV4Result = { ok: true } | { ok: false; code: "AccessDenied" | "SignatureDoesNotMatch" | "RequestTimeTooSkewed" | "InvalidAccessKeyId"; message: string };

const ALGORITHM = "AWS4-HMAC-SHA256";
/** S3 refuses header-signed requests more than 15 minutes from its clock. */
const MAX_SKEW_MS = 15 * 60_000;
/** A presigned URL may live at most 7 days (S3's limit). */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

const sha256Hex = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data, "utf8").digest();
/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const encodeRfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const deny = (code: Exclude<SigV4Result, { ok: true }>["code"], message: string): SigV4Result => ({ ok: false, code, message });

/** `20261207T121314Z` → Date (null when malformed). */
function parseAmzDate(value: string | undefined): Date | null {
  const m = value && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : null;
}

function header(req: SignedRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(",") : v;
}

/** Query pairs, decoded, in their order (`+` is a literal plus in S3 keys' query values). */
function queryPairs(rawQuery: string): [string, string][] {
  if (!rawQuery) return [];
  return rawQuery.split("&").filter(Boolean).map((part) => {
    const i = part.indexOf("=");
    const [k, v] = i < 0 ? [part, ""] : [part.slice(0, i), part.slice(i + 1)];
    return [decodeURIComponent(k), decodeURIComponent(v)];
  });
}

/** The SigV4 canonical request and the signature the secret gives it. */
function expectedSignature(key: SigV4Key, req: SignedRequest, parts: { amzDate: string; scopeDate: string; signedHeaders: string[]; query: [string, string][]; payloadHash: string; path: string }) {
  const canonicalQuery = parts.query
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const canonicalHeaders = parts.signedHeaders.map((h) => `${h}:${(header(req, h) ?? "").trim().replace(/\s+/g, " ")}\n`).join("");
  // S3 signs the path as sent (no normalisation, no second encoding).
  const canonicalRequest = [req.method.toUpperCase(), parts.path || "/", canonicalQuery, canonicalHeaders, parts.signedHeaders.join(";"), parts.payloadHash].join("\n");
  const service = key.service ?? "s3";
  const scope = `${parts.scopeDate}/${key.region}/${service}/aws4_request`;
  const stringToSign = [ALGORITHM, parts.amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${key.secretAccessKey}`, parts.scopeDate), key.region), service), "aws4_request");
  return { signature: createHmac("sha256", signingKey).update(stringToSign, "utf8").digest("hex"), scope };
}

const sameHex = (a: string, b: string) => a.length === b.length && /^[0-9a-f]+$/.test(a) && timingSafeEqual(Buffer.from(a, "hex"), Buffer.from(b, "hex"));

/**
 * Verifies an AWS Signature Version 4 request, signed in the Authorization header or presigned in
 * the query, against one access key. Anonymous requests, other keys, wrong signatures, a scope for
 * another region/service, stale header dates and expired presigned URLs are refused. Checks the
 * signature over the declared `x-amz-content-sha256`; it does not hash the body (a local stand-in:
 * the signer is our own SDK, the threat is unsigned callers).
 */
export function verifySigV4(req: SignedRequest, key: SigV4Key, now = new Date()): SigV4Result {
  const q = req.url.indexOf("?");
  const path = q < 0 ? req.url : req.url.slice(0, q);
  let query: [string, string][];
  try {
    query = queryPairs(q < 0 ? "" : req.url.slice(q + 1));
  } catch {
    return deny("AccessDenied", "Malformed query string.");
  }
  const param = (name: string) => query.find(([k]) => k === name)?.[1];
  const authorization = header(req, "authorization");
  const presigned = param("X-Amz-Algorithm") !== undefined;
  if (!authorization && !presigned) return deny("AccessDenied", "Anonymous access is not allowed; sign the request (AWS Signature Version 4).");
  if (authorization && presigned) return deny("AccessDenied", "Use one of the Authorization header or a presigned URL, not both.");

  let credential: string | undefined, signedHeaders: string | undefined, provided: string | undefined, amzDate: string | undefined, payloadHash: string;
  if (authorization) {
    const m = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(authorization.trim());
    if (!m) return deny("AccessDenied", "Only AWS Signature Version 4 (AWS4-HMAC-SHA256) is accepted.");
    [credential, signedHeaders, provided] = [m[1], m[2], m[3]];
    amzDate = header(req, "x-amz-date");
    payloadHash = header(req, "x-amz-content-sha256") ?? "";
    if (!payloadHash) return deny("AccessDenied", "x-amz-content-sha256 is missing.");
    const at = parseAmzDate(amzDate);
    if (!at) return deny("AccessDenied", "x-amz-date is missing or malformed.");
    if (Math.abs(now.getTime() - at.getTime()) > MAX_SKEW_MS) return deny("RequestTimeTooSkewed", "The request time is too far from the server's time.");
  } else {
    if (param("X-Amz-Algorithm") !== ALGORITHM) return deny("AccessDenied", "Only AWS Signature Version 4 presigned URLs are accepted.");
    [credential, signedHeaders, provided, amzDate] = [param("X-Amz-Credential"), param("X-Amz-SignedHeaders"), param("X-Amz-Signature"), param("X-Amz-Date")];
    payloadHash = "UNSIGNED-PAYLOAD";
    const at = parseAmzDate(amzDate);
    const expires = Number(param("X-Amz-Expires"));
    if (!at || !Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGN_SECONDS) return deny("AccessDenied", "The presigned URL is malformed.");
    if (now.getTime() > at.getTime() + expires * 1000) return deny("AccessDenied", "Request has expired");
    if (at.getTime() - now.getTime() > MAX_SKEW_MS) return deny("RequestTimeTooSkewed", "The presigned URL is dated in the future.");
    query = query.filter(([k]) => k !== "X-Amz-Signature");
  }
  if (!credential || !signedHeaders || !provided || !amzDate) return deny("AccessDenied", "The signature is incomplete.");
  const [accessKeyId, scopeDate, ...scopeRest] = credential.split("/");
  if (accessKeyId !== key.accessKeyId) return deny("InvalidAccessKeyId", "The access key id is not known to this server.");
  const headers = signedHeaders.split(";");
  if (!headers.includes("host")) return deny("AccessDenied", "The host header must be signed.");
  const expected = expectedSignature(key, req, { amzDate, scopeDate: scopeDate ?? "", signedHeaders: headers, query, payloadHash, path });
  if (`${scopeDate}/${scopeRest.join("/")}` !== expected.scope || !amzDate.startsWith(scopeDate ?? "-")) return deny("SignatureDoesNotMatch", "The credential scope does not match this server.");
  if (!sameHex(provided, expected.signature)) return deny("SignatureDoesNotMatch", "The request signature does not match.");
  return { ok: true };
}
