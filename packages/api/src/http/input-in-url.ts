/**
 * No PHI in URLs. tRPC puts a query's input in the address of a GET (`?input=…`, also for
 * batches), where a search term or any other PHI would end up in browser history, access logs and
 * Referer headers. Our `/api/trpc` therefore takes queries as POST too (`allowMethodOverride`; a
 * browser client sets `methodOverride: "POST"` on its `httpBatchLink`) and refuses a GET that
 * carries input, without reading or echoing it. A GET without input (`auth.me`) is fine.
 */
export function refuseInputInUrl(request: Request): Response | null {
  if (request.method !== "GET" && request.method !== "HEAD") return null;
  if (!new URL(request.url).searchParams.has("input")) return null;
  return new Response(
    JSON.stringify({
      error:
        "Procedure input is not accepted in the address; send it in the body of a POST instead.",
    }),
    { status: 400, headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } },
  );
}
