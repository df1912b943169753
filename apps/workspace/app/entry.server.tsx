// Remix's default Node entry (renderToPipeableStream, bots get the complete document). The
// security headers, CSP included, are set on every response by the web server in front
// (infra/local/web-server.ts); its per-response nonce arrives in the load context and is put on
// every inline script React and Remix write, so the CSP needs no 'unsafe-inline' for scripts.
import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "@carefold/ui";

/** How long a streamed response may keep pending promises open (single fetch). */
export const streamTimeout = 5_000;

/**
 * Remix refuses a document POST whose Origin is another site before any action runs (500, empty
 * body); log that as one line instead of a stack trace. Only the path is logged, never the query.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  // An unknown address is answered with the designed 404 page; it is not a server error.
  if (isRouteErrorResponse(error) && error.status === 404) return;
  if (error instanceof Error && error.message.includes("does not match `origin` header")) {
    console.warn(
      `refused a cross-site ${request.method} ${new URL(request.url).pathname} from ${request.headers.get("origin")}`,
    );
    return;
  }
  console.error(error);
};

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : undefined;
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      const stream = createReadableStreamFromReadable(body);
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        ...(waitForAll ? { onAllReady: ready } : { onShellReady: ready }),
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors before the shell is ready reject and are logged by Remix.
          if (shellRendered) console.error(error);
        },
      },
    );
    // Abort after the stream timeout so rejected promises reach the client first.
    setTimeout(abort, streamTimeout + 1_000);
  });
}
