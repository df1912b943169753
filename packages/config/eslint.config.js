// Shared ESLint flat config: TypeScript rules, the process.env ban and package boundaries.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

const internal = (names) => names.map((name) => ({ name: `@carefold/${name}`, message: `This package may not import @carefold/${name} (see its README).` }));
const internalPattern = (names) => ({
  patterns: [{ group: names.map((n) => `@carefold/${n}/*`), message: "Crosses a package boundary (see the package README)." }],
});

/** Which internal packages each folder must NOT import (docs/architecture.md). */
const BOUNDARIES = {
  "packages/ccm-rules/**": ["env", "db", "api", "integrations", "ui", "e2e"],
  "packages/ui/**": ["env", "db", "api", "integrations", "ccm-rules", "e2e"],
  "packages/env/**": ["db", "api", "integrations", "ui", "ccm-rules", "e2e"],
  "packages/db/**": ["api", "integrations", "ui", "ccm-rules", "e2e"],
  "packages/integrations/**": ["db", "api", "ui", "ccm-rules", "e2e"],
  "packages/api/**": ["ui", "e2e"],
  "apps/portal/**": ["db", "integrations", "e2e"],
  "apps/workspace/**": ["db", "integrations", "e2e"],
  "apps/worker/**": ["ui", "e2e"],
};

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**", "**/dist/**", "**/build/**", "coverage/**", "packages/*/coverage/**", "apps/*/coverage/**", "**/.turbo/**",
      "**/src/generated/**", "**/test-results/**", "**/playwright-report/**", ".data/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through @carefold/env." },
      ],
    },
  },
  // Configuration files of tools may read the environment directly.
  {
    files: ["packages/env/**", "**/*.config.{js,ts,mjs}", "**/vitest.preset.js", ".ci/**"],
    rules: { "no-restricted-properties": "off" },
  },
  ...Object.entries(BOUNDARIES).map(([folder, banned]) => ({
    files: [folder],
    rules: { "no-restricted-imports": ["error", { paths: internal(banned), ...internalPattern(banned) }] },
  })),
);
