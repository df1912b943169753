import { defineConfig } from "vitest/config";
import { vitestProjects } from "@carefold/config/vitest";

export default defineConfig({
  test: {
    projects: vitestProjects({ integration: true }),
    // Memory tests measure the live heap (after a collection), not garbage not yet collected.
    poolOptions: { forks: { execArgv: ["--expose-gc"] } },
  },
});
