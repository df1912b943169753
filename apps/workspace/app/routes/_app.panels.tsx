import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
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
import { formFailure, pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Panel assignment · Carefold Workspace" }];
export const ErrorBoundary = RouteError;

const PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const url = new URL(request.url);
  const clinic = url.searchParams.get("clinic") ?? "";
  const coordinator = url.searchParams.get("coordinator") ?? "";
  const filters = {
    clinic: UUID.test(clinic) ? clinic : "",
    coordinator: coordinator === "unassigned" || UUID.test(coordinator) ? coordinator : "",
    q: (url.searchParams.get("q") ?? "").slice(0, 80),
    page: Math.max(1, Math.floor(Number(url.searchParams.get("page"))) || 1),
  };
  try {
    const [patients, coordinators, clinics] = await Promise.all([
      caller.panels.patients({
        tenantId: filters.clinic || undefined,
        coordinator: filters.coordinator || undefined,
        search: filters.q.trim() || undefined,
        page: filters.page,
        pageSize: PAGE_SIZE,
      }),
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

export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
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

export default function PanelAssignment() {
  const { filters, patients, coordinators, clinics } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const assign = useFetcher<typeof action>({ key: "assign-patients" });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [target, setTarget] = useState("");
  const rows = patients.rows;
  const pageIds = useMemo(() => rows.map((r) => r.patientId), [rows]);
  // The same patients after a revalidation keep the selection; another page or filter does not.
  const pageKey = pageIds.join(",");

  // A finished move clears the selection (the list itself reloads with the new coordinators).
  useEffect(() => {
    if (assign.state === "idle" && assign.data?.ok) setSelected(new Set());
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
    const params = new URLSearchParams(searchParams);
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
        method="get"
        className="mb-4 flex flex-wrap items-end gap-3"
        aria-label="Filter patients"
      >
        <SelectField label="Clinic" name="clinic" size="sm" defaultValue={filters.clinic}>
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
          renderLink={({ href, children, ...rest }) => (
            <Link to={href} {...rest}>
              {children}
            </Link>
          )}
        />
      ) : (
        <p className="mt-2 text-2xs text-ink-500">
          {patients.total} {patients.total === 1 ? "patient" : "patients"}
        </p>
      )}
    </Page>
  );
}
