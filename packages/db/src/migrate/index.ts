import { fileURLToPath } from "node:url";

export { runMigrations, MigrationError, type MigrationResult } from "./run-migrations.js";
export { readMigrationFiles, type MigrationFile } from "./migration-files.js";

/** The package's migrations folder (works from src/ under Vitest and from dist/ at run time). */
export const MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));
