export { appRouter, createCaller, type AppRouter } from "./root.js";
export { handleTrpcRequest, serverCaller } from "./http.js";
export { getAppDb, getApiConfig } from "./server-context.js";
export { getHealthReport, type HealthReport } from "./modules/health/health.service.js";
export { securityHeaders } from "./http/security-headers.js";
export { isSameOriginRequest } from "./http/csrf.js";
export type { AppName, Context } from "./trpc/context.js";
export type { ApiConfig } from "./config.js";
export { DomainError } from "./errors.js";
export { toAuditCsv, AUDIT_CSV_COLUMNS } from "./modules/audit/audit.service.js";
export { seedDemoUsers, DEMO_USERS, DEMO_PASSWORD, DEMO_TOTP_SECRET } from "./seed/demo-users.js";
export { generateTotp } from "./modules/auth/totp.js";
export { verifyChains } from "./modules/audit/audit.service.js";
export { seedDemoPatients } from "./seed/demo-patients.js";
// Fixed vocabularies the apps' loaders show without a round trip (no data behind them).
export { NOTE_LABELS } from "./modules/tasks/notes.schemas.js";
export { ACTIVITIES } from "./modules/time/time.schemas.js";
