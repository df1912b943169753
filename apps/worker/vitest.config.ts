import { defineConfig } from "vitest/config";
import { vitestProjects } from "@carefold/config/vitest";

export default defineConfig({ test: { projects: vitestProjects({ integration: true }) } });
