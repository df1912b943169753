import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "./root.js";
import { getAppDb } from "./server-context.js";
import { createContext } from "./trpc/context.js";

/** The `/api/trpc/*` resource route of both web apps. */
export function handleTrpcRequest(request: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () => createContext(getAppDb(), request),
  });
}

/** Server-side caller for Remix loaders and actions: same procedures, same guards. */
export function serverCaller(request: Request) {
  return appRouter.createCaller(createContext(getAppDb(), request));
}
