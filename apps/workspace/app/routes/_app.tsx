import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { Keyboard } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { AppShell, Button, Kbd, Logo, Sidebar, SystemStatus, TopBar } from "@carefold/ui";
import { AccountMenu } from "../components/AccountMenu";
import { ClinicSwitcher } from "../components/ClinicSwitcher";
import { IdleGuard } from "../components/IdleGuard";
import { renderNavLink } from "../components/RouterLink";
import { ShortcutsDialog } from "../components/ShortcutsDialog";
import { loadSystemHealth } from "../lib/health.server";
import { roleLabel } from "../lib/labels";
import { workspaceNav } from "../lib/nav";
import { readScope } from "../lib/scope.server";
import { requireUser } from "../lib/session.server";
import { isTypingTarget } from "../lib/shortcuts";

/** Ask the server on every navigation: it notices an idle, expired or revoked session at once. */
export const shouldRevalidate = () => true;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, me, headers } = await requireUser(request);
  const [health, clinics] = await Promise.all([
    loadSystemHealth(caller),
    // Staff without clinical work (billing) have no clinic scope.
    caller.workspace.clinics().catch(() => null),
  ]);
  const roles = me.user.vendorRoles;
  const seesAll = roles.includes("vendor_admin") || roles.includes("supervisor");
  const wanted = readScope(request);
  const scope = clinics?.some((c) => c.id === wanted) ? wanted : "all";
  return data(
    {
      user: { name: me.user.name, email: me.user.email, roles },
      clinics: clinics?.map((c) => ({ id: c.id, name: c.name })) ?? null,
      scope,
      allLabel: clinics
        ? `${seesAll ? "All clinics" : "All assigned clinics"} (${clinics.length})`
        : "No clinics",
      idleTimeoutMinutes: me.idleTimeoutMinutes,
      health,
    },
    { headers: headers() },
  );
}

export default function WorkspaceLayout() {
  const layout = useLoaderData<typeof loader>();
  const { user, clinics, scope, allLabel, health } = layout;
  const { pathname } = useLocation();
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const closeShortcuts = useCallback(() => setShortcutsOpen(false), []);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target)) return;
      if (event.key === "?") {
        event.preventDefault();
        setShortcutsOpen(true);
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  const currentClinic = clinics?.find((c) => c.id === scope)?.name ?? allLabel;

  return (
    <>
      <AppShell
        sidebar={
          <Sidebar
            brand={<Logo product="Workspace" surface="dark" />}
            sections={workspaceNav(user.roles)}
            currentPath={pathname}
            renderLink={renderNavLink}
            surface="dark"
            dense
            footer={
              <SystemStatus
                database={health.database}
                worker={health.worker}
                surface="dark"
                dense
              />
            }
          />
        }
        topBar={
          <TopBar
            dense
            clinicName={currentClinic}
            clinicLabel="Clinics"
            clinicSwitcher={
              clinics && clinics.length > 0 ? (
                <ClinicSwitcher scope={scope} allLabel={allLabel} clinics={clinics} />
              ) : undefined
            }
            actions={
              <Button
                variant="ghost"
                size="sm"
                icon={Keyboard}
                onClick={() => setShortcutsOpen(true)}
              >
                Shortcuts
                <Kbd>?</Kbd>
              </Button>
            }
            userMenu={
              <AccountMenu
                dense
                name={user.name}
                email={user.email}
                role={user.roles.map(roleLabel).join(", ")}
              />
            }
          />
        }
      >
        <Outlet />
      </AppShell>
      <ShortcutsDialog open={shortcutsOpen} onClose={closeShortcuts} />
      <IdleGuard timeoutMinutes={layout.idleTimeoutMinutes} activity={layout} />
    </>
  );
}
