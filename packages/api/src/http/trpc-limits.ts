/**
 * Size limits for `/api/trpc` (issue 17, item 7), checked before tRPC parses anything: a batch
 * (`a,b,c?batch=1`) runs one unit of work per call, so an unbounded batch multiplies any
 * per-request cost (500 calls arrived in one request); and a body is buffered whole by tRPC, so
 * it is capped. Files never travel through `/api/trpc` (uploads go through the apps' actions).
 */
export const MAX_BATCH_CALLS = 20;
export const MAX_BODY_BYTES = 1024 * 1024;

const refusal = (status: 400 | 413, error: string) =>
  new Response(JSON.stringify({ error }), { status, headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });

/**
 * The number of procedure calls a tRPC request carries (1 unless it is a batch). Counted the way
 * tRPC will split it: after percent-decoding, so "%2C" separates calls too. A path that does not
 * decode is left to tRPC, which refuses it.
 */
export function countBatchCalls(url: URL, endpoint = "/api/trpc/"): number {
  if (url.searchParams.get("batch") !== "1") return 1;
  const raw = url.pathname.startsWith(endpoint) ? url.pathname.slice(endpoint.length) : url.pathname;
  let paths: string;
  try {
    paths = decodeURIComponent(raw);
  } catch {
    return 1;
  }
  return paths.split(",").length;
}

/**
 * The request to hand to tRPC (its body read once, within the limit) or the refusal to send:
 * 400 for too many calls in a batch, 413 for a body over MAX_BODY_BYTES (declared or streamed).
 */
export async function enforceTrpcLimits(request: Request): Promise<Request | Response> {
  const calls = countBatchCalls(new URL(request.url));
  if (calls > MAX_BATCH_CALLS) {
    return refusal(400, `A batch may carry at most ${MAX_BATCH_CALLS} calls; this one had ${calls}. Send them in smaller batches.`);
  }
  if (!request.body) return request;
  const tooLarge = () => refusal(413, `The request body is too large (the limit is ${MAX_BODY_BYTES / 1024} KiB).`);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return tooLarge();
    }
    chunks.push(value);
  }
  return new Request(request.url, { method: request.method, headers: request.headers, body: Buffer.concat(chunks), signal: request.signal });
}
