// Shared Vitest settings. Unit tests are `*.test.ts`; tests that need PostgreSQL are
// `*.int.test.ts` and run in the "integration" project with a per-worker database.
/** @param {{ integration?: boolean }} [opts] */
export function vitestProjects(opts = {}) {
  const projects = [
    { extends: true, test: { name: "unit", include: ["src/**/*.test.ts"], exclude: ["src/**/*.int.test.ts"] } },
  ];
  if (opts.integration) {
    projects.push({
      extends: true,
      test: {
        name: "integration",
        include: ["src/**/*.int.test.ts"],
        globalSetup: ["@carefold/db/testing/global-setup"],
        setupFiles: ["@carefold/db/testing/worker-setup"],
        testTimeout: 30_000,
        hookTimeout: 60_000,
      },
    });
  }
  return projects;
}
