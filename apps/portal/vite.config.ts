import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  server: { port: 3000 },
  // Server-only workspace packages run as their own built JS under Node (like any dependency) instead of
  // being bundled: the Prisma client and migration paths resolve relative to their own files.
  ssr: { external: ["@carefold/api", "@carefold/db", "@carefold/env"] },
  // The design system is linked source; pre-bundle its dependencies so dev doesn't reload on first visit.
  optimizeDeps: { include: ["lucide-react", "clsx"] },
  plugins: [
    tailwindcss(),
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        // v3_routeConfig needs app/routes.ts with @remix-run/route-config + @remix-run/fs-routes,
        // which are not installed; file-system routes work without it.
      },
    }),
  ],
});
