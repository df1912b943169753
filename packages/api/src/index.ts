export { appRouter, createCaller, type AppRouter } from "./root.js";
export { handleTrpcRequest, serverCaller } from "./http.js";
export { getAppDb } from "./server-context.js";
export { getHealthReport, type HealthReport } from "./modules/health/health.service.js";
