import { defineConfig } from "prisma/config";

// Used only by `prisma generate` (no connection is made). Migrations are applied by our own
// runner (src/migrate), see docs/decisions/0001-sql-migrations-with-prisma.md.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
