import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { ClipboardCheck, Plus } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import {
  Badge,
  Button,
  Card,
  EmptyState,
  Notice,
  PageHeader,
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
import { CloseTaskForm, TASK_KIND_LABELS, dueText, dueTone } from "../components/work/OpenTasks";
import { pageError, requireUser } from "../lib/session.server";
import type { action as tasksAction } from "./api.tasks";

export const meta: MetaFunction = () => [{ title: "Tasks · Carefold Workspace" }];
export const ErrorBoundary = RouteError;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  try {
    const [tasks, worklist] = await Promise.all([
      caller.tasks.open({ mineOnly: true }),
      caller.worklist.list({ scope: "mine", pageSize: 200 }),
    ]);
    const patients = worklist.rows
      .map((r) => ({ id: r.patientId, label: `${r.name} · ${r.clinic}` }))
      .sort((a, b) => a.label.localeCompare(b.label));
    const today = new Date().toISOString().slice(0, 10);
    return data({ tasks, patients, today }, { headers: headers() });
  } catch (error) {
    pageError(error, request, headers(), "Tasks are for care coordinators and supervisors.");
  }
}

function NewTaskForm({
  patients,
  today,
}: {
  patients: { id: string; label: string }[];
  today: string;
}) {
  const create = useFetcher<typeof tasksAction>({ key: "create-task" });
  const formRef = useRef<HTMLFormElement>(null);
  const busy = create.state !== "idle";
  const failure = create.data && !create.data.ok ? create.data : null;
  useEffect(() => {
    if (create.state === "idle" && create.data?.ok) formRef.current?.reset();
  }, [create.state, create.data]);
  return (
    <create.Form
      ref={formRef}
      method="post"
      action="/api/tasks"
      aria-label="New task"
      className="flex flex-wrap items-end gap-3 border-b border-neutral-200 px-3 py-3"
    >
      <input type="hidden" name="intent" value="create" />
      <SelectField
        label="Patient"
        name="patientId"
        size="sm"
        required
        defaultValue=""
        className="min-w-64"
      >
        <option value="" disabled>
          Choose a patient
        </option>
        {patients.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Task"
        name="title"
        size="sm"
        required
        minLength={3}
        maxLength={200}
        placeholder="Call back about the refill"
        className="min-w-72 flex-1"
        error={failure?.fieldErrors.title}
      />
      <TextField
        label="Due"
        name="dueOn"
        type="date"
        size="sm"
        required
        min={today}
        defaultValue={today}
        error={failure?.fieldErrors.dueOn}
      />
      <Button type="submit" size="sm" icon={Plus} disabled={busy}>
        {busy ? "Adding…" : "Add task"}
      </Button>
      {failure?.message ? (
        <Notice tone="danger" live className="w-full">
          {failure.message}
        </Notice>
      ) : null}
      {create.state === "idle" && create.data?.ok ? (
        <p role="status" className="w-full text-xs text-success-700">
          {create.data.message}
        </p>
      ) : null}
    </create.Form>
  );
}

export default function Tasks() {
  const { tasks, patients, today } = useLoaderData<typeof loader>();
  const [closing, setClosing] = useState<string | null>(null);
  return (
    <Page>
      <PageHeader
        compact
        title="Tasks"
        description="Follow-ups, care-plan reviews and automatic reminders that are yours to do, across every clinic you work."
      />
      <Card flush>
        <NewTaskForm patients={patients} today={today} />
        <Table caption="My open tasks" dense>
          <THead>
            <Tr>
              <Th>Due</Th>
              <Th>Task</Th>
              <Th>Kind</Th>
              <Th>Patient</Th>
              <Th>Clinic</Th>
              <Th>Close</Th>
            </Tr>
          </THead>
          <TBody>
            {tasks.length ? (
              tasks.map((task) => (
                <Tr key={task.id}>
                  <Td className="whitespace-nowrap">
                    <Badge tone={dueTone(task.dueOn, today)} icon={null}>
                      {dueText(task.dueOn, today)}
                    </Badge>
                  </Td>
                  <Td className="font-medium text-ink-900">{task.title}</Td>
                  <Td>{TASK_KIND_LABELS[task.kind] ?? task.kind}</Td>
                  <Td>
                    <Link to={`/?patient=${task.patientId}`} className="hover:underline">
                      {task.patient}
                    </Link>
                  </Td>
                  <Td>{task.clinic}</Td>
                  <Td className="w-[20rem]">
                    {closing === task.id ? (
                      <CloseTaskForm task={task} onDone={() => setClosing(null)} />
                    ) : (
                      <Button
                        variant="secondary"
                        size="sm"
                        onClick={() => setClosing(task.id)}
                        aria-label={`Close “${task.title}” with an outcome`}
                      >
                        Close with outcome
                      </Button>
                    )}
                  </Td>
                </Tr>
              ))
            ) : (
              <TableEmpty colSpan={6}>
                <EmptyState
                  icon={ClipboardCheck}
                  title="No open tasks — add one from a patient's chart"
                >
                  Or add one above. Automatic reminders (consent missing, care-plan review due,
                  below pace) appear here too.
                </EmptyState>
              </TableEmpty>
            )}
          </TBody>
        </Table>
      </Card>
    </Page>
  );
}
