import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { Keyboard } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { AppShell, Button, Kbd, Logo, Sidebar, SystemStatus, TopBar } from "@carefold/ui";
import { ClinicSwitcher } from "../components/ClinicSwitcher";
import { renderNavLink } from "../components/RouterLink";
import { ShortcutsDialog } from "../components/ShortcutsDialog";
import { SignInLink } from "../components/SignInLink";
import { DEMO_SCOPE } from "../lib/demo";
import { loadSystemHealth } from "../lib/health.server";
import { workspaceNav } from "../lib/nav";
import { isTypingTarget } from "../lib/shortcuts";

export async function loader({ request }: LoaderFunctionArgs) {
  // Until sessions exist (identity issue), the scope is a fixed label.
  return { scope: DEMO_SCOPE, health: await loadSystemHealth(request) };
}

export default function WorkspaceLayout() {
  const { scope, health } = useLoaderData<typeof loader>();
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

  return (
    <>
      <AppShell
        sidebar={
          <Sidebar
            brand={<Logo product="Workspace" surface="dark" />}
            sections={workspaceNav}
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
            clinicName={scope.label}
            clinicSwitcher={<ClinicSwitcher current={scope.label} />}
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
            userMenu={<SignInLink />}
          />
        }
      >
        <Outlet />
      </AppShell>
      <ShortcutsDialog open={shortcutsOpen} onClose={closeShortcuts} />
    </>
  );
}
