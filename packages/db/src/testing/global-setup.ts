// Vitest globalSetup for integration projects: find (or start) PostgreSQL, build the migrated
// template once, and hand its name to the test files through `provide`.
import { loadBootstrapEnv } from "@carefold/env";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "../embedded.js";
import { ensureTemplateDatabase } from "./test-database.js";

declare module "vitest" {
  export interface ProvidedContext {
    carefoldAdminUrl: string;
    carefoldTemplate: string;
  }
}

let embedded: EmbeddedPostgresHandle | undefined;

export default async function setup(project: TestProject) {
  const env = loadBootstrapEnv();
  let adminUrl = env.DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: `${env.CAREFOLD_DATA_DIR}/pg-test`,
      port: env.EMBEDDED_PG_PORT + 10,
    });
    adminUrl = embedded.adminUrl;
  }
  project.provide("carefoldAdminUrl", adminUrl);
  project.provide("carefoldTemplate", await ensureTemplateDatabase(adminUrl));
  return async () => {
    await embedded?.stop();
  };
}
