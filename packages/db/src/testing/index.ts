export { getTestDatabase, type TestDatabase } from "./current.js";
export { createTestTenant } from "./factories.js";
export { ensureTemplateDatabase, createDatabaseFromTemplate } from "./test-database.js";
