import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { ArrowRightLeft, Search, UserCog } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import {
  Badge,
  Button,
  Card,
  EmptyState,
  Notice,
  PageHeader,
  Pagination,
  SelectField,
  Table,
  TableEmpty,
  TBody,
  Td,
  TextField,
  Th,
  THead,
  Tr,
} from "@carefold/ui";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import type { Caller } from "../lib/session.server";
import { formFailure, pageError, requireUser } from "../lib/session.server";
import { dropSearchTermFromAddress, postedSearchTerm } from "../lib/patients.server";
import {
  searchPageButtons,
  skipRevalidationAfterSearch,
  usePrivateSearch,
} from "../lib/private-search";

export const meta: MetaFunction = () => [{ title: "Panel assignment · Carefold Workspace" }];
export const ErrorBoundary = RouteError;

const PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SEARCH_FORM = "panel-search";
/** What may stand in the address: the clinic, the coordinator and the page (ids and a number). */
const ADDRESS_FIELDS = ["clinic", "coordinator", "page"] as const;

/** The filters from the address or a posted search; only a posted search has a name (`q`). */
function panelFilters(fields: URLSearchParams | FormData, q = "") {
  const text = (name: string) => {
    const value = fields.get(name);
    return typeof value === "string" ? value : "";
  };
  const clinic = text("clinic");
  const coordinator = text("coordinator");
  return {
    clinic: UUID.test(clinic) ? clinic : "",
    coordinator: coordinator === "unassigned" || UUID.test(coordinator) ? coordinator : "",
    q,
    page: Math.max(1, Math.floor(Number(text("page"))) || 1),
  };
}

type PanelFilters = ReturnType<typeof panelFilters>;

function panelAddress(filters: PanelFilters) {
  const params = new URLSearchParams();
  if (filters.clinic) params.set("clinic", filters.clinic);
  if (filters.coordinator) params.set("coordinator", filters.coordinator);
  if (filters.page > 1) params.set("page", String(filters.page));
  const query = params.toString();
  return query ? `/panels?${query}` : "/panels";
}

const panelPatients = (caller: Caller, filters: PanelFilters) =>
  caller.panels.patients({
    tenantId: filters.clinic || undefined,
    coordinator: filters.coordinator || undefined,
    search: filters.q || undefined,
    page: filters.page,
    pageSize: PAGE_SIZE,
  });

export async function loader({ request }: LoaderFunctionArgs) {
  dropSearchTermFromAddress(request);
  const { caller, headers } = await requireUser(request);
  const filters = panelFilters(new URL(request.url).searchParams);
  try {
    const [patients, coordinators, clinics] = await Promise.all([
      panelPatients(caller, filters),
      caller.panels.coordinators(),
      caller.workspace.clinics(),
    ]);
    return data(
      {
        filters,
        patients,
        coordinators,
        clinics: clinics.map((c) => ({ id: c.id, name: c.name })),
      },
      { headers: headers() },
    );
  } catch (error) {
    pageError(error, request, headers(), "Panel assignment is for supervisors.");
  }
}

/** `intent=search`: a name search (posted, never in the address); otherwise an assignment. */
export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  if (form.get("intent") === "search") {
    const filters = panelFilters(form, postedSearchTerm(form, 80));
    if (!filters.q) throw redirect(panelAddress(filters), { headers: headers() });
    try {
      const patients = await panelPatients(caller, filters);
      return data({ search: true as const, filters, patients }, { headers: headers() });
    } catch (error) {
      pageError(error, request, headers(), "Panel assignment is for supervisors.");
    }
  }
  return assignAction(caller, request, form, headers);
}

async function assignAction(
  caller: Caller,
  request: Request,
  form: FormData,
  headers: () => Headers,
) {
  const patientIds = form.getAll("patientId").map(String);
  const coordinatorUserId = String(form.get("coordinatorUserId") ?? "");
  const name = String(form.get("coordinatorName") ?? "the coordinator");
  try {
    const result = await caller.panels.assignPatients({ patientIds, coordinatorUserId });
    const tasks = result.tasksMoved
      ? `, with ${result.tasksMoved} open ${result.tasksMoved === 1 ? "task" : "tasks"}`
      : "";
    const same = result.unchanged ? ` ${result.unchanged} already had ${name}.` : "";
    return data(
      {
        ok: true as const,
        message: `${result.assigned} ${result.assigned === 1 ? "patient" : "patients"} now on ${name}'s panel${tasks}.${same}`,
      },
      { headers: headers() },
    );
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return data(
      {
        ok: false as const,
        message: failure.message ?? Object.values(failure.fieldErrors)[0] ?? "That did not work.",
      },
      { headers: headers() },
    );
  }
}

export const shouldRevalidate = skipRevalidationAfterSearch;

type ActionAnswer = Awaited<ReturnType<typeof action>>["data"];
const isSearchAnswer = (answer: ActionAnswer | undefined) =>
  answer && "search" in answer ? answer : undefined;
const isAssignAnswer = (answer: ActionAnswer | undefined) =>
  answer && "ok" in answer ? answer : undefined;

export default function PanelAssignment() {
  const loaded = useLoaderData<typeof loader>();
  const search = usePrivateSearch({
    answer: isSearchAnswer(useActionData<typeof action>()),
    addressFields: ADDRESS_FIELDS,
    hidden: { intent: "search" },
  });
  const { coordinators, clinics } = loaded;
  const { filters, patients } = search.shown ?? loaded;
  const assignFetcher = useFetcher<typeof action>({ key: "assign-patients" });
  const assign = { ...assignFetcher, data: isAssignAnswer(assignFetcher.data) };
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [target, setTarget] = useState("");
  const rows = patients.rows;
  const pageIds = useMemo(() => rows.map((r) => r.patientId), [rows]);
  // The same patients after a revalidation keep the selection; another page or filter does not.
  const pageKey = pageIds.join(",");

  // A finished move clears the selection (the list itself reloads with the new coordinators).
  // A searched list is the action's answer, not the loader's: search again to see the move.
  useEffect(() => {
    if (assign.state !== "idle" || !assign.data?.ok) return;
    setSelected(new Set());
    search.refresh();
  }, [assign.state, assign.data]);
  // Another page or filter starts a fresh selection.
  useEffect(() => setSelected(new Set()), [pageKey]);

  const chosen = rows.filter((r) => selected.has(r.patientId));
  const clinicsOfChoice = new Set(chosen.map((r) => r.tenantId));
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.patientId));
  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const targetName = coordinators.find((c) => c.id === target)?.name ?? "";
  const busy = assign.state !== "idle";
  const hrefForPage = (page: number) => {
    const params = new URLSearchParams();
    if (filters.clinic) params.set("clinic", filters.clinic);
    if (filters.coordinator) params.set("coordinator", filters.coordinator);
    params.set("page", String(page));
    return `/panels?${params.toString()}`;
  };

  return (
    <Page>
      <PageHeader
        compact
        title="Panel assignment"
        description="Give patients to the coordinators who call them. Select patients, or move a whole clinic's caseload from the Caseload page."
        actions={
          <Link to="/caseload" className="text-compact font-medium text-brand-700 hover:underline">
            Caseload per coordinator →
          </Link>
        }
      />
      <Form
        id={SEARCH_FORM}
        method="post"
        action={search.formAction}
        className="mb-4 flex flex-wrap items-end gap-3"
        aria-label="Filter patients"
        onSubmit={search.onSubmit}
      >
        <input type="hidden" name="intent" value="search" />
        <SelectField
          label="Clinic"
          name="clinic"
          size="sm"
          defaultValue={filters.clinic}
          key={`clinic-${filters.clinic}`}
        >
          <option value="">All clinics</option>
          {clinics.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Coordinator"
          name="coordinator"
          size="sm"
          defaultValue={filters.coordinator}
          key={`coordinator-${filters.coordinator}`}
        >
          <option value="">Anyone</option>
          <option value="unassigned">Nobody (unassigned)</option>
          {coordinators.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Name starts with"
          name="q"
          size="sm"
          defaultValue={filters.q}
          key={`q-${filters.q}`}
          placeholder="Last or first name"
        />
        <Button type="submit" size="sm" variant="secondary" icon={Search}>
          Show
        </Button>
      </Form>

      {assign.state === "idle" && assign.data ? (
        <Notice tone={assign.data.ok ? "success" : "danger"} live className="mb-3">
          {assign.data.message}
        </Notice>
      ) : null}

      <assign.Form method="post" aria-label="Assign selected patients">
        {chosen.map((r) => (
          <input key={r.patientId} type="hidden" name="patientId" value={r.patientId} />
        ))}
        <input type="hidden" name="coordinatorName" value={targetName} />
        <div
          className="sticky top-0 z-10 mb-3 flex flex-wrap items-center gap-3 rounded-lg border border-neutral-200 bg-white px-4 py-3 shadow-xs"
          role="group"
          aria-label="Bulk assignment"
        >
          <p className="mr-auto text-compact text-ink-700" aria-live="polite">
            {chosen.length === 0
              ? "Select patients to move them."
              : `${chosen.length} selected${clinicsOfChoice.size > 1 ? ` in ${clinicsOfChoice.size} clinics` : ""}`}
          </p>
          <SelectField
            label="Assign to"
            inlineLabel
            name="coordinatorUserId"
            size="sm"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            required
          >
            <option value="" disabled>
              Choose a coordinator…
            </option>
            {coordinators.map((c) => {
              const works = [...clinicsOfChoice].every((t) => c.tenantIds.includes(t));
              return (
                <option key={c.id} value={c.id} disabled={!works}>
                  {c.name}
                  {works ? "" : " — does not work these clinics"}
                </option>
              );
            })}
          </SelectField>
          <Button
            type="submit"
            size="sm"
            icon={ArrowRightLeft}
            disabled={busy || chosen.length === 0 || !target}
          >
            {busy ? "Assigning…" : chosen.length > 0 ? `Assign ${chosen.length}` : "Assign"}
          </Button>
        </div>
      </assign.Form>

      <Card flush>
        <Table caption="Panel patients" dense>
          <THead>
            <Tr>
              <Th className="w-10">
                <input
                  type="checkbox"
                  aria-label="Select every patient on this page"
                  className="size-4 accent-brand-600"
                  checked={allOnPage}
                  onChange={() => setSelected(allOnPage ? new Set() : new Set(pageIds))}
                />
              </Th>
              <Th>Patient</Th>
              <Th>Clinic</Th>
              <Th>Program</Th>
              <Th>Coordinator</Th>
              <Th align="right">Minutes this month</Th>
            </Tr>
          </THead>
          <TBody>
            {rows.length === 0 ? (
              <TableEmpty colSpan={6}>
                <EmptyState icon={UserCog} title="No patients match — change the filters">
                  Panels hold patients who consented to or are enrolled in CCM.
                </EmptyState>
              </TableEmpty>
            ) : null}
            {rows.map((r) => (
              <Tr
                key={r.patientId}
                className={selected.has(r.patientId) ? "bg-brand-50" : undefined}
              >
                <Td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${r.name}`}
                    className="size-4 accent-brand-600"
                    checked={selected.has(r.patientId)}
                    onChange={() => toggle(r.patientId)}
                  />
                </Td>
                <Td>
                  <Link
                    to={`/patients/${r.patientId}`}
                    className="font-medium text-ink-900 hover:underline"
                  >
                    {r.name}
                  </Link>
                </Td>
                <Td>{r.clinic}</Td>
                <Td>
                  <Badge tone={r.programStatus === "enrolled" ? "success" : "brand"} icon={null}>
                    {r.programStatus === "enrolled" ? "Enrolled" : "Consented"}
                  </Badge>
                </Td>
                <Td>{r.coordinator ?? <span className="text-ink-500">Unassigned</span>}</Td>
                <Td align="right" className="tabular">
                  {r.minutes}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </Card>
      {patients.total > PAGE_SIZE ? (
        <Pagination
          className="mt-3"
          page={patients.page}
          pageSize={PAGE_SIZE}
          total={patients.total}
          noun="patients"
          hrefFor={hrefForPage}
          renderLink={
            filters.q
              ? searchPageButtons(SEARCH_FORM)
              : ({ href, children, ...rest }) => (
                  <Link to={href} {...rest}>
                    {children}
                  </Link>
                )
          }
        />
      ) : (
        <p className="mt-2 text-2xs text-ink-500">
          {patients.total} {patients.total === 1 ? "patient" : "patients"}
        </p>
      )}
    </Page>
  );
}
