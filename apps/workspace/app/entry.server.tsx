// Remix's default Node entry (renderToPipeableStream, bots get the complete document), plus the
// API's security headers on every document and data response.
import { PassThrough } from "node:stream";
import type { EntryContext, HandleDataRequestFunction, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { securityHeaders } from "@carefold/api";

/** How long a streamed response may keep pending promises open (single fetch). */
export const streamTimeout = 5_000;

function isHttps(request: Request) {
  return (
    new URL(request.url).protocol === "https:" ||
    request.headers.get("x-forwarded-proto") === "https"
  );
}

function applySecurityHeaders(request: Request, headers: Headers) {
  for (const [name, value] of Object.entries(securityHeaders(isHttps(request)))) {
    // Vite's dev server injects scripts and a websocket the production policy would block.
    if (import.meta.env.DEV && name === "Content-Security-Policy") continue;
    headers.set(name, value);
  }
}

export const handleDataRequest: HandleDataRequestFunction = (response, { request }) => {
  applySecurityHeaders(request, response.headers);
  return response;
};

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
) {
  applySecurityHeaders(request, responseHeaders);
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
      <RemixServer context={remixContext} url={request.url} />,
      {
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
