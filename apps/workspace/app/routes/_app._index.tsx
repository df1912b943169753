import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  Form,
  Link,
  useLoaderData,
  useNavigate,
  useNavigation,
  useSearchParams,
  useSubmit,
} from "@remix-run/react";
import { ExternalLink, ListTodo, PhoneCall, Search, UserRound } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import {
  Badge,
  Button,
  Checkbox,
  EmptyState,
  Kbd,
  CursorPagination,
  SelectField,
  TextField,
  buttonClasses,
} from "@carefold/ui";
import { CallPanel } from "../components/calls/CallPanel";
import { RailPanel } from "../components/RailPanel";
import { RouteError } from "../components/RouteError";
import { MonthSummary, MonthToDatePanel, monthLabel } from "../components/work/MonthToDate";
import { MonthEndFixes } from "../components/work/MonthEndFixes";
import { OpenTasksPanel } from "../components/work/OpenTasks";
import { PatientTimer } from "../components/work/Timer";
import { usePatientInView } from "../components/work/timer-context";
import { CallableBadge, WorklistRow } from "../components/work/WorklistRow";
import { riskOf } from "../components/work/risk";
import { noteVocabulary } from "../lib/notes.server";
import { readScope } from "../lib/scope.server";
import { pageError, requireUser } from "../lib/session.server";
import { isTypingTarget } from "../lib/shortcuts";

export const meta: MetaFunction = () => [{ title: "Worklist · Carefold Workspace" }];
export const ErrorBoundary = RouteError;

const PAGE_SIZE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const localDate = (timeZone: string, now: Date) =>
  new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const url = new URL(request.url);
  const scopeCookie = readScope(request);
  const clinicParam = url.searchParams.get("clinic");
  const clinic = clinicParam ?? (scopeCookie === "all" ? "" : scopeCookie);
  const filters = {
    clinic: UUID.test(clinic) ? clinic : "",
    // The clinic comes from the top bar's "Clinics shown" (a cookie); a link may narrow it (e.g.
    // "Fix before month end" for one clinic), and the page then says so instead of showing a
    // second clinic selector.
    clinicFromLink: clinicParam !== null && UUID.test(clinicParam),
    callable: url.searchParams.get("callable") === "1",
    // "Fix before month end": the clinic's patients whose month will block (issue 15).
    fix: url.searchParams.get("fix") === "1",
    scope: url.searchParams.get("scope") === "all" ? ("all" as const) : ("mine" as const),
    page: Math.max(1, Math.floor(Number(url.searchParams.get("page"))) || 1),
  };
  // Pages start after (or before) a patient of the neighbouring page: ids only, never names.
  const after = url.searchParams.get("after");
  const before = url.searchParams.get("before");
  const cursor = before && UUID.test(before) ? { before } : after && UUID.test(after) ? { after } : {};
  const wanted = url.searchParams.get("patient");
  try {
    const [clinics, worklist, activities, dispositions] = await Promise.all([
      caller.workspace.clinics(),
      caller.worklist.list({
        tenantId: filters.clinic || undefined,
        callableNow: filters.callable,
        scope: filters.scope,
        pageSize: PAGE_SIZE,
        ...cursor,
      }),
      caller.time.activities(),
      caller.calls.dispositions(),
    ]);
    const fixClinic = filters.clinic || clinics[0]?.id;
    const fixes = filters.fix && fixClinic ? await caller.worklist.monthEndFixes({ tenantId: fixClinic }) : null;
    const selectedId =
      (wanted && UUID.test(wanted) ? wanted : null) ?? (fixes ? fixes.patients[0]?.patientId : worklist.rows[0]?.patientId) ?? null;
    const [mtd, tasks] = selectedId
      ? await Promise.all([
          caller.time.monthToDate({ patientId: selectedId }),
          caller.tasks.open({ patientId: selectedId, mineOnly: false }),
        ])
      : [null, null];
    const now = new Date();
    return data(
      {
        // Back at the top (the list moved, or "previous" reached it): number pages from 1 again.
        filters: worklist.isTop ? { ...filters, page: 1 } : filters,
        clinics: clinics.map((c) => ({ id: c.id, name: c.name })),
        worklist,
        fixes,
        activities: activities as Record<string, string>,
        noteLabels: noteVocabulary().noteLabels,
        dispositions: dispositions as Record<string, string>,
        selectedId,
        mtd,
        tasks,
        today: localDate(mtd?.timeZone ?? "America/New_York", now),
      },
      { headers: headers() },
    );
  } catch (error) {
    pageError(error, request, headers(), "The worklist is for care coordinators and supervisors.");
  }
}

export default function Worklist() {
  const {
    filters,
    clinics,
    worklist,
    fixes,
    activities,
    noteLabels,
    dispositions,
    selectedId,
    mtd,
    tasks,
    today,
  } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [query, setQuery] = useState("");

  const pendingId =
    navigation.location?.pathname === "/"
      ? new URLSearchParams(navigation.location.search).get("patient")
      : null;
  const activeId = pendingId ?? selectedId;

  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q
      ? worklist.rows.filter(
          (r) => r.name.toLowerCase().includes(q) || r.clinic.toLowerCase().includes(q),
        )
      : worklist.rows;
  }, [worklist.rows, query]);
  const selected = worklist.rows.find((r) => r.patientId === selectedId) ?? null;

  const hrefWith = (changes: Record<string, string | null>) => {
    const params = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value == null) params.delete(key);
      else params.set(key, value);
    }
    const search = params.toString();
    return search ? `/?${search}` : "/";
  };

  const openChart = (patientId: string) => navigate(`/patients/${patientId}`);

  // j / k move through the worklist, Enter opens the selected patient's chart.
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target)) return;
      const target = event.target as HTMLElement | null;
      if (event.key === "Enter") {
        if (target && target !== document.body && target.closest("a, button")) return;
        if (activeId) {
          event.preventDefault();
          navigate(`/patients/${activeId}`);
        }
        return;
      }
      if (event.key !== "j" && event.key !== "k") return;
      if (rows.length === 0) return;
      event.preventDefault();
      const index = rows.findIndex((r) => r.patientId === activeId);
      const nextIndex =
        index < 0
          ? 0
          : Math.min(rows.length - 1, Math.max(0, index + (event.key === "j" ? 1 : -1)));
      const next = rows[nextIndex]!;
      document.getElementById(`worklist-${next.patientId}`)?.focus();
      if (next.patientId !== activeId) {
        const params = new URLSearchParams(searchParams);
        params.set("patient", next.patientId);
        navigate(`/?${params}`, { replace: true, preventScrollReset: true });
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [rows, activeId, navigate, searchParams]);

  // A patient whose logged time moved them off this page stays selected under their name.
  const [knownNames] = useState(() => new Map<string, string>());
  for (const row of worklist.rows) knownNames.set(row.patientId, row.name);
  const selectedName = selected?.name ?? (selectedId ? (knownNames.get(selectedId) ?? null) : null);
  usePatientInView(selectedId && selectedName ? { id: selectedId, name: selectedName } : null);
  const risk = selected ? riskOf(selected) : null;

  return (
    <div className="grid h-[calc(100vh-3.5rem)] min-h-[36rem] grid-cols-[22rem_minmax(0,1fr)_19rem]">
      {/* Left: the prioritised worklist across every assigned clinic. */}
      <section
        aria-labelledby="worklist-heading"
        className="flex min-h-0 flex-col border-r border-neutral-200 bg-white"
      >
        <div className="space-y-2 border-b border-neutral-200 px-3 pt-3 pb-2.5">
          <div className="flex items-center justify-between gap-2">
            <h1 id="worklist-heading" className="text-base font-semibold text-ink-900">
              Worklist
            </h1>
            <Badge tone="neutral" icon={null}>
              <span className="tabular">{worklist.total}</span> patients
            </Badge>
          </div>
          <Form
            method="get"
            className="space-y-2"
            aria-label="Worklist filters"
            onChange={(event) => submit(event.currentTarget, { replace: true })}
          >
            {filters.clinicFromLink ? (
              <p className="flex items-center justify-between gap-2 text-2xs text-ink-600">
                <input type="hidden" name="clinic" value={filters.clinic} />
                <span>
                  Only {clinics.find((c) => c.id === filters.clinic)?.name ?? "one clinic"}, from
                  the link
                </span>
                <Link to="/" className="font-medium text-brand-700 hover:underline">
                  Show the clinics chosen above
                </Link>
              </p>
            ) : null}
            <div className="flex items-center justify-between gap-2">
              <SelectField
                label="Patients"
                name="scope"
                inlineLabel
                size="sm"
                defaultValue={filters.scope}
              >
                <option value="mine">Mine</option>
                <option value="all">All</option>
              </SelectField>
              <Checkbox
                label="Callable now"
                name="callable"
                value="1"
                defaultChecked={filters.callable}
              />
            </div>
            <Checkbox
              label="Fix before month end"
              name="fix"
              value="1"
              defaultChecked={filters.fix}
            />
            <noscript>
              <Button type="submit" size="sm" variant="secondary">
                Apply filters
              </Button>
            </noscript>
          </Form>
          <TextField
            type="search"
            label="Search the worklist"
            hideLabel
            placeholder="Filter this page by name or clinic"
            icon={Search}
            size="sm"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto">
          {fixes ? (
            <MonthEndFixes list={fixes} monthLabel={monthLabel(fixes.serviceMonth)} />
          ) : rows.length ? (
            <ul aria-label="Patients, riskiest first">
              {rows.map((row) => (
                <WorklistRow
                  key={row.patientId}
                  row={row}
                  href={hrefWith({ patient: row.patientId })}
                  isSelected={row.patientId === activeId}
                  today={today}
                  onOpen={openChart}
                />
              ))}
            </ul>
          ) : worklist.total === 0 && !filters.callable && !filters.clinic ? (
            <EmptyState
              icon={ListTodo}
              size="sm"
              headingLevel={2}
              title="Your worklist is empty — a supervisor assigns clinics and patients to you"
            >
              Once you're assigned, patients appear here, riskiest first: minutes still needed, days
              left in the month, and whether it's a good time to call.
            </EmptyState>
          ) : (
            <EmptyState
              icon={ListTodo}
              size="sm"
              headingLevel={2}
              title="No patients match — clear a filter to see more"
            >
              {filters.callable
                ? "Nobody on this list may be called right now (8:00–21:00 in the patient's time zone)."
                : "Try another clinic or show all patients."}
            </EmptyState>
          )}
        </div>
        {!fixes && (worklist.nextAfter || !worklist.isTop) ? (
          <CursorPagination
            className="border-t border-neutral-200 px-3 py-2 [&_p]:text-2xs"
            page={filters.page}
            pageSize={PAGE_SIZE}
            shown={worklist.rows.length}
            total={worklist.total}
            noun="patients"
            firstHref={worklist.isTop ? null : hrefWith({ after: null, before: null, page: null, patient: null })}
            previousHref={
              worklist.previousBefore
                ? hrefWith({ before: worklist.previousBefore, after: null, page: String(filters.page - 1), patient: null })
                : null
            }
            nextHref={
              worklist.nextAfter
                ? hrefWith({ after: worklist.nextAfter, before: null, page: String(filters.page + 1), patient: null })
                : null
            }
            renderLink={({ href, children, ...rest }) => (
              <Link to={href} {...rest}>
                {children}
              </Link>
            )}
          />
        ) : null}
        <p className="flex items-center gap-1.5 border-t border-neutral-200 px-3 py-2 text-2xs text-ink-500">
          <Kbd>j</Kbd>
          <Kbd>k</Kbd>
          <span>move</span>
          <span aria-hidden="true" className="mx-1 text-neutral-300">
            ·
          </span>
          <Kbd>Enter</Kbd>
          <span>open chart</span>
          <span aria-hidden="true" className="mx-1 text-neutral-300">
            ·
          </span>
          <Kbd>t</Kbd>
          <span>timer</span>
          <span aria-hidden="true" className="mx-1 text-neutral-300">
            ·
          </span>
          <Kbd>c</Kbd>
          <span>call</span>
          <span aria-hidden="true" className="mx-1 text-neutral-300">
            ·
          </span>
          <Kbd>?</Kbd>
          <span>help</span>
        </p>
      </section>

      {/* Middle: the selected patient's month so far. */}
      <section
        aria-label="Selected patient"
        className="@container flex min-h-0 flex-col overflow-y-auto bg-neutral-50"
      >
        {selectedId && mtd ? (
          <div className="space-y-4 p-5">
            <header className="flex flex-wrap items-start justify-between gap-3">
              <div className="min-w-0">
                <h2 className="truncate text-lg font-semibold text-ink-900">
                  {selectedName ?? "Selected patient"}
                </h2>
                {selected ? (
                  <div className="mt-1 flex flex-wrap items-center gap-2 text-compact text-ink-600">
                    <span>{selected.clinic}</span>
                    <CallableBadge
                      callable={selected.isCallableNow}
                      localTime={`${selected.patientLocalTime} local`}
                    />
                    {risk ? <Badge tone={risk.tone}>{risk.label}</Badge> : null}
                  </div>
                ) : null}
              </div>
              <Link
                to={`/patients/${selectedId}`}
                className={buttonClasses({ variant: "secondary", size: "sm" })}
              >
                <ExternalLink aria-hidden="true" className="size-3.5" />
                Open chart
              </Link>
            </header>
            <h3 className="text-xs font-semibold tracking-wide text-ink-600 uppercase">
              {monthLabel(mtd.serviceMonth)} to date
            </h3>
            <MonthSummary mtd={mtd} />
          </div>
        ) : (
          <div className="flex flex-1 items-center justify-center p-8">
            <div className="w-full max-w-md rounded-xl border border-dashed border-neutral-300 bg-white/60">
              <EmptyState icon={UserRound} title="No patient open — choose one from your worklist">
                Select a patient with <Kbd>j</Kbd> / <Kbd>k</Kbd> to see this month's minutes, and
                open the chart with <Kbd>Enter</Kbd>.
              </EmptyState>
            </div>
          </div>
        )}
      </section>

      {/* Right rail: timer, month-to-date minutes, call panel, open tasks. */}
      <aside
        aria-label="Patient tools"
        className="min-h-0 overflow-y-auto border-l border-neutral-200 bg-white"
      >
        <PatientTimer
          patientId={selectedId}
          patientName={selectedName}
          activities={activities}
          noteLabels={noteLabels}
          timeZone={mtd?.timeZone ?? null}
          today={today}
        />
        <MonthToDatePanel mtd={mtd} />
        <RailPanel title="Call" icon={PhoneCall}>
          <CallPanel
            key={selectedId ?? "none"}
            patientId={selectedId}
            patientName={selectedName}
            activities={activities}
            dispositions={dispositions}
          />
        </RailPanel>
        <OpenTasksPanel tasks={tasks} today={today} />
      </aside>
    </div>
  );
}
