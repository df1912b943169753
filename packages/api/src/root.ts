import { healthRouter } from "./modules/health/health.router.js";
import { createCallerFactory, router } from "./trpc/trpc.js";

export const appRouter = router({
  health: healthRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
