import { defineConfig } from "vitest/config";

// Tests start a real s3rver on a random 127.0.0.1 port; no database is needed.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
