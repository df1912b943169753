import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { ArrowRightLeft, Building2, ChartBarStacked, UserPlus, Users } from "lucide-react";
import { useEffect, useState } from "react";
import {
  BarChart,
  Badge,
  Button,
  Card,
  Dialog,
  EmptyState,
  Notice,
  PageHeader,
  SelectField,
  StackedBarChart,
  StatTile,
  Table,
  TableEmpty,
  TBody,
  Td,
  Th,
  THead,
  Tr,
} from "@carefold/ui";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { formFailure, pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Caseload · Carefold Workspace" }];
export const ErrorBoundary = RouteError;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  try {
    return data(await caller.panels.caseload(), { headers: headers() });
  } catch (error) {
    pageError(error, request, headers(), "Caseloads are for supervisors.");
  }
}

type Result =
  { intent: string; ok: true; message: string } | { intent: string; ok: false; message: string };

export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? "");
  const intent = text("intent");
  const reply = (result: Result) => data(result, { headers: headers() });
  try {
    if (intent === "move") {
      const result = await caller.panels.moveCaseload({
        tenantId: text("tenantId"),
        from: text("from"),
        to: text("to"),
      });
      const tasks = result.tasksMoved
        ? ` and ${result.tasksMoved} open ${result.tasksMoved === 1 ? "task" : "tasks"}`
        : "";
      return reply({
        intent,
        ok: true,
        message: `Moved ${result.assigned} ${result.assigned === 1 ? "patient" : "patients"}${tasks} to ${text("toName")}.`,
      });
    }
    if (intent === "assignClinic") {
      await caller.panels.assignClinic({ userId: text("userId"), tenantId: text("tenantId") });
      return reply({
        intent,
        ok: true,
        message: `${text("name")} now works ${text("clinicName")}.`,
      });
    }
    if (intent === "unassignClinic") {
      await caller.panels.unassignClinic({ userId: text("userId"), tenantId: text("tenantId") });
      return reply({
        intent,
        ok: true,
        message: `${text("name")} no longer works ${text("clinicName")}.`,
      });
    }
    return reply({ intent, ok: false, message: "Unknown request." });
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return reply({
      intent,
      ok: false,
      message: failure.message ?? Object.values(failure.fieldErrors)[0] ?? "That did not work.",
    });
  }
}

type Caseload = ReturnType<typeof useLoaderData<typeof loader>>;
type Coordinator = Caseload["coordinators"][number];

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** Who a caseload can move to: everyone else; those who do not work the clinic cannot be chosen. */
function MoveDialog({
  open,
  onClose,
  from,
  fromName,
  clinics,
  coordinators,
  initialClinic,
}: {
  open: boolean;
  onClose: () => void;
  from: string;
  fromName: string;
  clinics: { tenantId: string; name: string; patients: number }[];
  coordinators: Coordinator[];
  initialClinic?: string;
}) {
  const move = useFetcher<typeof action>({ key: "move-caseload" });
  const [tenantId, setTenantId] = useState(initialClinic ?? clinics[0]?.tenantId ?? "");
  const [before] = useState(move.data);
  const answer = move.state === "idle" && move.data !== before ? move.data : undefined;
  useEffect(() => {
    if (answer?.ok) onClose();
  }, [answer, onClose]);
  const clinic = clinics.find((c) => c.tenantId === tenantId);
  const targets = coordinators.filter((c) => c.userId !== from && c.status !== "deactivated");
  const [to, setTo] = useState("");
  const toName = targets.find((t) => t.userId === to)?.name ?? "";
  const busy = move.state !== "idle";
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="md"
      title={from === "unassigned" ? "Assign unassigned patients" : `Move ${fromName}'s patients`}
      description="Every patient in the clinic moves with their open tasks. The worklists change on the next click."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            form="move-caseload"
            icon={ArrowRightLeft}
            disabled={busy || !to || !clinic}
          >
            {busy ? "Moving…" : clinic ? `Move ${plural(clinic.patients, "patient")}` : "Move"}
          </Button>
        </>
      }
    >
      <move.Form method="post" id="move-caseload" className="space-y-4">
        <input type="hidden" name="intent" value="move" />
        <input type="hidden" name="from" value={from} />
        <input type="hidden" name="toName" value={toName} />
        {answer && !answer.ok ? (
          <Notice tone="danger" live>
            {answer.message}
          </Notice>
        ) : null}
        <SelectField
          label="Clinic"
          name="tenantId"
          value={tenantId}
          onChange={(e) => setTenantId(e.target.value)}
          required
        >
          {clinics.map((c) => (
            <option key={c.tenantId} value={c.tenantId}>
              {c.name} ({plural(c.patients, "patient")})
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Move to"
          name="to"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          required
        >
          <option value="" disabled>
            Choose a coordinator…
          </option>
          {targets.map((t) => {
            const works = t.clinics.some((c) => c.tenantId === tenantId && c.isAssigned);
            const load = t.totals;
            return (
              <option key={t.userId} value={t.userId} disabled={!works}>
                {t.name} —{" "}
                {works
                  ? `${plural(load.patients, "patient")}, ${load.atRisk} at risk`
                  : "does not work this clinic"}
              </option>
            );
          })}
        </SelectField>
        <p className="text-xs text-ink-500">
          Only coordinators who work this clinic can take its patients.
        </p>
      </move.Form>
    </Dialog>
  );
}

/** Which clinics a coordinator works; a clinic with patients still on their panel cannot go. */
function ClinicsDialog({
  open,
  onClose,
  coordinator,
  clinics,
}: {
  open: boolean;
  onClose: () => void;
  coordinator: Coordinator;
  clinics: Caseload["clinics"];
}) {
  const change = useFetcher<typeof action>({ key: `clinics-${coordinator.userId}` });
  const answer = change.state === "idle" ? change.data : undefined;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="md"
      title={`Clinics ${coordinator.name} works`}
      description="A coordinator sees only the patients of the clinics they work."
      footer={
        <Button variant="secondary" onClick={onClose}>
          Done
        </Button>
      }
    >
      {answer ? (
        <Notice tone={answer.ok ? "success" : "danger"} live className="mb-3">
          {answer.message}
        </Notice>
      ) : null}
      <ul className="divide-y divide-neutral-200" aria-label="Clinics">
        {clinics.map((clinic) => {
          const mine = coordinator.clinics.find((c) => c.tenantId === clinic.id);
          const works = mine?.isAssigned ?? false;
          return (
            <li key={clinic.id} className="flex items-center justify-between gap-3 py-2.5">
              <div>
                <p className="text-compact font-medium text-ink-900">{clinic.name}</p>
                <p className="text-2xs text-ink-500">
                  {works
                    ? `Works it · ${plural(mine?.patients ?? 0, "patient")} on their panel`
                    : "Not assigned"}
                </p>
              </div>
              <change.Form method="post">
                <input
                  type="hidden"
                  name="intent"
                  value={works ? "unassignClinic" : "assignClinic"}
                />
                <input type="hidden" name="userId" value={coordinator.userId} />
                <input type="hidden" name="tenantId" value={clinic.id} />
                <input type="hidden" name="name" value={coordinator.name} />
                <input type="hidden" name="clinicName" value={clinic.name} />
                <Button
                  type="submit"
                  size="sm"
                  variant={works ? "ghost" : "secondary"}
                  disabled={change.state !== "idle"}
                  aria-label={`${works ? "Remove" : "Assign"} ${clinic.name}`}
                >
                  {works ? "Remove" : "Assign"}
                </Button>
              </change.Form>
            </li>
          );
        })}
      </ul>
    </Dialog>
  );
}

export default function CaseloadPage() {
  const caseload = useLoaderData<typeof loader>();
  const { coordinators, clinics, thresholdMinutes } = caseload;
  const [dialog, setDialog] = useState<
    { kind: "move"; from: string; clinic?: string } | { kind: "clinics"; userId: string } | null
  >(null);
  const [isOpen, setOpen] = useState(false);
  const [dialogKey, setDialogKey] = useState(0);
  const moved = useFetcher<typeof action>({ key: "move-caseload" });
  const open = (next: NonNullable<typeof dialog>) => {
    setDialog(next);
    setDialogKey((k) => k + 1);
    setOpen(true);
  };
  const close = () => setOpen(false);

  const totals = coordinators.reduce(
    (sum, c) => ({
      patients: sum.patients + c.totals.patients,
      minutes: sum.minutes + c.totals.minutes,
      billable: sum.billable + c.totals.billable,
      atRisk: sum.atRisk + c.totals.atRisk,
    }),
    { patients: 0, minutes: 0, billable: 0, atRisk: 0 },
  );
  const unassigned = clinics.filter((c) => c.unassigned > 0);
  const months = [...new Set(clinics.map((c) => c.serviceMonth))];
  const monthText =
    months.length === 1
      ? new Date(`${months[0]}-01T00:00:00Z`).toLocaleString("en-US", {
          month: "long",
          year: "numeric",
          timeZone: "UTC",
        })
      : "this month";
  const active = coordinators.filter(
    (c) => c.totals.patients > 0 || c.clinics.some((k) => k.isAssigned),
  );
  const selected =
    dialog?.kind === "clinics" ? coordinators.find((c) => c.userId === dialog.userId) : null;
  const moveFrom = dialog?.kind === "move" ? dialog.from : null;
  const moveClinics =
    moveFrom === "unassigned"
      ? unassigned.map((c) => ({ tenantId: c.id, name: c.name, patients: c.unassigned }))
      : (coordinators.find((c) => c.userId === moveFrom)?.clinics.filter((c) => c.patients > 0) ??
        []);

  return (
    <Page>
      <PageHeader
        compact
        title="Caseload"
        description={`Each coordinator's panel in ${monthText}, from the month's running totals. At risk: enrolled patients under ${thresholdMinutes} minutes and behind an even pace to ${thresholdMinutes} by month end.`}
      />
      {moved.state === "idle" && moved.data?.ok ? (
        <Notice tone="success" live className="mb-4">
          {moved.data.message}
        </Notice>
      ) : null}
      {unassigned.length > 0 ? (
        <Notice tone="warning" title="Patients without a coordinator" className="mb-4">
          <ul className="mt-1 space-y-1">
            {unassigned.map((c) => (
              <li key={c.id} className="flex flex-wrap items-center gap-3">
                <span>
                  {c.name}: {plural(c.unassigned, "patient")} on nobody's panel (every coordinator
                  of the clinic sees them).
                </span>
                <Button
                  size="sm"
                  variant="secondary"
                  icon={UserPlus}
                  onClick={() => open({ kind: "move", from: "unassigned", clinic: c.id })}
                  aria-label={`Assign ${c.name}'s unassigned patients`}
                >
                  Assign to a coordinator…
                </Button>
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}

      <div className="mb-5 grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <StatTile
          label="Patients on panels"
          value={totals.patients.toLocaleString("en-US")}
          hint={`${plural(active.length, "coordinator")} with clinics`}
        />
        <StatTile
          label="Minutes this month"
          value={totals.minutes.toLocaleString("en-US")}
          hint="Counted minutes on panel patients"
        />
        <StatTile
          label="Billable patients"
          value={totals.billable.toLocaleString("en-US")}
          hint={`Enrolled, ${thresholdMinutes}+ minutes`}
        />
        <StatTile
          label="At risk"
          value={totals.atRisk.toLocaleString("en-US")}
          hint="Behind pace for the month"
        />
      </div>

      <Card
        title="Productivity this month"
        description="Who has worked how much of their panel. Numbers are in the table below."
        className="mb-5"
      >
        {active.length === 0 ? (
          <EmptyState
            icon={ChartBarStacked}
            title="No coordinator has a panel yet — assign clinics below"
          >
            Give each coordinator the clinics they work, then their patients.
          </EmptyState>
        ) : (
          <div className="grid gap-8 xl:grid-cols-2">
            <StackedBarChart
              title="Panel patients by progress this month"
              unit="patients"
              series={[
                { key: "billable", label: `Billable (${thresholdMinutes}+ min)`, tone: "success" },
                { key: "worked", label: "Worked, not yet billable", tone: "brand" },
                { key: "untouched", label: "No time yet", tone: "neutral" },
              ]}
              rows={active.map((c) => ({
                label: c.name,
                hint: c.totals.atRisk > 0 ? `${c.totals.atRisk} at risk` : "none at risk",
                segments: [
                  { key: "billable", value: c.totals.billable },
                  { key: "worked", value: Math.max(0, c.totals.touched - c.totals.billable) },
                  {
                    key: "untouched",
                    value: Math.max(
                      0,
                      c.totals.patients - Math.max(c.totals.touched, c.totals.billable),
                    ),
                  },
                ],
              }))}
            />
            <BarChart
              title="Minutes logged on their panel this month"
              unit="minutes"
              bars={active.map((c) => ({
                label: c.name,
                value: c.totals.minutes,
                tone: "brand" as const,
                hint: `${plural(c.totals.touched, "patient")} touched`,
              }))}
            />
          </div>
        )}
      </Card>

      <Card
        flush
        title="Coordinators"
        description="Balance the load: move a clinic's patients from one coordinator to another, or change the clinics they work."
      >
        <Table caption="Caseload per coordinator" dense>
          <THead>
            <Tr>
              <Th>Coordinator</Th>
              <Th>Clinics</Th>
              <Th align="right">Patients</Th>
              <Th align="right">Minutes</Th>
              <Th align="right">Touched</Th>
              <Th align="right">Billable</Th>
              <Th align="right">At risk</Th>
              <Th align="right">Open tasks</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </Tr>
          </THead>
          <TBody>
            {coordinators.length === 0 ? (
              <TableEmpty colSpan={9}>
                <EmptyState
                  icon={Users}
                  title="No coordinators yet — invite staff in Admin → Staff"
                >
                  Coordinators appear here once they have the coordinator role.
                </EmptyState>
              </TableEmpty>
            ) : null}
            {coordinators.map((c) => (
              <Tr key={c.userId} data-coordinator={c.name}>
                <Td>
                  <Link
                    to={`/panels?coordinator=${c.userId}`}
                    className="font-medium text-ink-900 hover:underline"
                  >
                    {c.name}
                  </Link>
                  <div className="text-2xs text-ink-500">
                    {c.status === "deactivated" ? "Deactivated — move their patients" : c.email}
                  </div>
                </Td>
                <Td>
                  <ul className="flex flex-wrap items-center gap-1">
                    {c.clinics.length === 0 ? (
                      <li className="text-compact text-ink-500">None</li>
                    ) : null}
                    {c.clinics.map((k) => (
                      <li key={k.tenantId}>
                        <Badge
                          tone={k.isAssigned ? "neutral" : "warning"}
                          icon={k.isAssigned ? null : undefined}
                        >
                          {k.name} · {k.patients}
                          {k.isAssigned ? "" : " (clinic removed)"}
                        </Badge>
                      </li>
                    ))}
                    <li>
                      <Button
                        size="sm"
                        variant="ghost"
                        icon={Building2}
                        className="-my-1"
                        onClick={() => open({ kind: "clinics", userId: c.userId })}
                        aria-label={`Clinics of ${c.name}`}
                      >
                        Change…
                      </Button>
                    </li>
                  </ul>
                </Td>
                <Td align="right" className="tabular">
                  {c.totals.patients}
                </Td>
                <Td align="right" className="tabular">
                  {c.totals.minutes.toLocaleString("en-US")}
                </Td>
                <Td align="right" className="tabular">
                  {c.totals.touched}
                </Td>
                <Td align="right" className="tabular">
                  {c.totals.billable}
                </Td>
                <Td align="right" className="tabular">
                  {c.totals.atRisk > 0 ? (
                    <Badge tone="warning">{c.totals.atRisk}</Badge>
                  ) : (
                    <span className="text-ink-500">0</span>
                  )}
                </Td>
                <Td align="right" className="tabular">
                  {c.totals.openTasks}
                </Td>
                <Td className="whitespace-nowrap">
                  <div className="flex justify-end gap-1.5">
                    <Button
                      size="sm"
                      variant="secondary"
                      icon={ArrowRightLeft}
                      disabled={c.totals.patients === 0}
                      onClick={() => open({ kind: "move", from: c.userId })}
                      aria-label={`Move ${c.name}'s patients`}
                    >
                      Move…
                    </Button>
                  </div>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </Card>

      {dialog?.kind === "move" && moveFrom ? (
        <MoveDialog
          key={dialogKey}
          open={isOpen}
          onClose={close}
          from={moveFrom}
          fromName={coordinators.find((c) => c.userId === moveFrom)?.name ?? "Unassigned"}
          clinics={moveClinics}
          coordinators={coordinators}
          initialClinic={dialog.clinic}
        />
      ) : null}
      {selected ? (
        <ClinicsDialog
          key={dialogKey}
          open={isOpen}
          onClose={close}
          coordinator={selected}
          clinics={clinics}
        />
      ) : null}
    </Page>
  );
}
