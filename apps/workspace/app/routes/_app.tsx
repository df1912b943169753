import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { Keyboard, Search } from "lucide-react";
import { useCallback, useState } from "react";
import { AppShell, Button, Kbd, Logo, Sidebar, SystemStatus, TopBar } from "@carefold/ui";
import { AccountMenu } from "../components/AccountMenu";
import { ClinicSwitcher } from "../components/ClinicSwitcher";
import { CommandPalette } from "../components/CommandPalette";
import { IdleGuard } from "../components/IdleGuard";
import { renderNavLink } from "../components/RouterLink";
import { ShellShortcuts } from "../components/ShellShortcuts";
import { ShortcutsDialog } from "../components/ShortcutsDialog";
import { ShellTimer } from "../components/work/ShellTimer";
import { IdlePrompt, useHeartbeat } from "../components/work/TimerGuards";
import { TimerProvider } from "../components/work/timer-context";
import { loadSystemHealth } from "../lib/health.server";
import { roleLabel } from "../lib/labels";
import { workspaceNav } from "../lib/nav";
import { noteVocabulary } from "../lib/notes.server";
import { readScope } from "../lib/scope.server";
import { requireUser } from "../lib/session.server";

/** Ask the server on every navigation: it notices an idle, expired or revoked session at once. */
export const shouldRevalidate = () => true;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, me, headers } = await requireUser(request);
  const [health, clinics, activities] = await Promise.all([
    loadSystemHealth(caller),
    // Staff without clinical work (billing) have no clinic scope.
    caller.workspace.clinics().catch(() => null),
    // The shell's timer saves entries from every page: the activity list (clinical staff only).
    caller.time.activities().catch(() => null),
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
      timer: activities
        ? {
            activities: activities as Record<string, string>,
            noteLabels: noteVocabulary().noteLabels,
          }
        : null,
    },
    { headers: headers() },
  );
}

export default function WorkspaceLayout() {
  const layout = useLoaderData<typeof loader>();
  return (
    <TimerProvider enabled={layout.timer != null}>
      <WorkspaceShell />
    </TimerProvider>
  );
}

function WorkspaceShell() {
  const layout = useLoaderData<typeof loader>();
  const { user, clinics, scope, allLabel, health, timer } = layout;
  const { pathname } = useLocation();
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const closeShortcuts = useCallback(() => setShortcutsOpen(false), []);
  const openShortcuts = useCallback(() => setShortcutsOpen(true), []);
  const closePalette = useCallback(() => setPaletteOpen(false), []);
  const openPalette = useCallback(() => setPaletteOpen(true), []);
  useHeartbeat();

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
              <>
                {timer ? (
                  <ShellTimer activities={timer.activities} noteLabels={timer.noteLabels} />
                ) : null}
                {timer ? (
                  <Button variant="ghost" size="sm" icon={Search} onClick={openPalette}>
                    {/* Laptop widths keep the icon and the key; the words return on wider screens. */}
                    <span className="sr-only min-[1400px]:not-sr-only">Find patient</span>
                    <Kbd>Ctrl K</Kbd>
                  </Button>
                ) : null}
                <Button variant="ghost" size="sm" icon={Keyboard} onClick={openShortcuts}>
                  <span className="sr-only min-[1400px]:not-sr-only">Shortcuts</span>
                  <Kbd>?</Kbd>
                </Button>
              </>
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
      <ShellShortcuts onHelp={openShortcuts} onPalette={openPalette} />
      <ShortcutsDialog open={shortcutsOpen} onClose={closeShortcuts} />
      {timer ? <CommandPalette open={paletteOpen} onClose={closePalette} /> : null}
      {timer ? <IdlePrompt /> : null}
      {/* An idle sign-out loses no timer: the server keeps it, paused at the last activity. */}
      <IdleGuard timeoutMinutes={layout.idleTimeoutMinutes} activity={layout} />
    </>
  );
}
