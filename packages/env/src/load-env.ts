import { z } from "zod";
import { findDevelopmentDefaults } from "./development-defaults.js";

/** Thrown when configuration is missing or invalid; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    title = "Invalid configuration",
  ) {
    super(`${title}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Validates `source` (default: process.env) against a zod object schema.
 * Collects every problem instead of stopping at the first, so one start-up names all of them.
 */
export function loadEnv<S extends z.ZodRawShape>(
  shape: S,
  source: Record<string, string | undefined> = process.env,
): z.infer<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(source);
  if (result.success) {
    const defaults = findDevelopmentDefaults(result.data);
    if (defaults.length > 0) throw new ConfigError(defaults, "NODE_ENV=production refuses to start with development default secrets");
    return result.data;
  }
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    const isMissing = issue.code === "invalid_type" && issue.received === "undefined";
    return isMissing ? `${name} is required but not set` : `${name}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}
