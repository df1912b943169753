import type { TestProjectInlineConfiguration } from "vitest/config";
export function vitestProjects(opts?: { integration?: boolean }): TestProjectInlineConfiguration[];
