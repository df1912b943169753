import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { AppShell, Logo, Sidebar, SystemStatus, TopBar } from "@carefold/ui";
import { AccountMenu } from "../components/AccountMenu";
import { ClinicSwitcher } from "../components/ClinicSwitcher";
import { IdleGuard } from "../components/IdleGuard";
import { PendingInvitations } from "../components/PendingInvitations";
import { renderNavLink } from "../components/RouterLink";
import { loadSystemHealth } from "../lib/health.server";
import { roleLabel } from "../lib/labels";
import { portalNav } from "../lib/nav";
import { requireUser } from "../lib/session.server";

/** Ask the server on every navigation: it notices an idle, expired or revoked session at once. */
export const shouldRevalidate = () => true;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, me, headers } = await requireUser(request);
  const [health, invitations] = await Promise.all([loadSystemHealth(caller), caller.account.pendingInvitations()]);
  const membership =
    me.memberships.find((m) => m.tenantId === me.activeTenantId) ?? me.memberships[0] ?? null;
  return data(
    {
      user: { name: me.user.name, email: me.user.email },
      role: membership?.role ?? null,
      clinic: membership ? { id: membership.tenantId, name: membership.tenantName } : null,
      clinics: me.memberships.map((m) => ({ id: m.tenantId, name: m.tenantName })),
      idleTimeoutMinutes: me.idleTimeoutMinutes,
      health,
      invitations,
    },
    { headers: headers() },
  );
}

export default function PortalLayout() {
  const layout = useLoaderData<typeof loader>();
  const { user, role, clinic, clinics, health, invitations } = layout;
  const { pathname } = useLocation();
  return (
    <>
      <AppShell
        sidebar={
          <Sidebar
            brand={<Logo product="Clinic portal" />}
            sections={portalNav(role)}
            currentPath={pathname}
            renderLink={renderNavLink}
            footer={<SystemStatus database={health.database} worker={health.worker} />}
          />
        }
        topBar={
          <TopBar
            clinicName={clinic?.name ?? "No clinic"}
            clinicSwitcher={
              clinic && clinics.length > 1 ? (
                <ClinicSwitcher current={clinic.id} clinics={clinics} />
              ) : undefined
            }
            userMenu={<AccountMenu name={user.name} email={user.email} role={roleLabel(role)} />}
          />
        }
      >
        <PendingInvitations invitations={invitations} />
        <Outlet />
      </AppShell>
      <IdleGuard timeoutMinutes={layout.idleTimeoutMinutes} activity={layout} />
    </>
  );
}
