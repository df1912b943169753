import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { AppShell, Logo, Sidebar, SystemStatus, TopBar } from "@carefold/ui";
import { renderNavLink } from "../components/RouterLink";
import { SignInLink } from "../components/SignInLink";
import { DEMO_CLINIC } from "../lib/demo";
import { loadSystemHealth } from "../lib/health.server";
import { portalNav } from "../lib/nav";

export async function loader({ request }: LoaderFunctionArgs) {
  // Until sessions exist (identity issue), every page shows the first demo clinic.
  return { clinic: DEMO_CLINIC, health: await loadSystemHealth(request) };
}

export default function PortalLayout() {
  const { clinic, health } = useLoaderData<typeof loader>();
  const { pathname } = useLocation();
  return (
    <AppShell
      sidebar={
        <Sidebar
          brand={<Logo product="Clinic portal" />}
          sections={portalNav}
          currentPath={pathname}
          renderLink={renderNavLink}
          footer={<SystemStatus database={health.database} worker={health.worker} />}
        />
      }
      topBar={<TopBar clinicName={clinic.name} userMenu={<SignInLink />} />}
    >
      <Outlet />
    </AppShell>
  );
}
