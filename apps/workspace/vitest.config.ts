import { defineConfig } from "vitest/config";

// Unit tests of the app's pure helpers (form parsing). A config of its own so Vitest does not load
// the Remix plugin from vite.config.ts.
export default defineConfig({ test: { include: ["app/**/*.test.ts"] } });
