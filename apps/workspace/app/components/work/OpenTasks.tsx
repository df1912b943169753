import { useFetcher } from "@remix-run/react";
import { Check, ClipboardCheck } from "lucide-react";
import { useEffect, useState } from "react";
import { Badge, Button, Notice, SelectField, TextField } from "@carefold/ui";
import type { action as tasksAction } from "../../routes/api.tasks";
import { RailPanel } from "../RailPanel";

export interface OpenTask {
  id: string;
  kind: string;
  title: string;
  dueOn: string;
  patient?: string;
  clinic?: string;
}

export const TASK_KIND_LABELS: Record<string, string> = {
  manual: "Follow-up",
  care_plan_review_due: "Care-plan review due",
  consent_missing: "Consent missing",
  outreach_due: "Outreach attempt due",
  below_pace: "Below pace for this month",
  inbound_message: "Reply to the patient's message",
};

export const dueTone = (dueOn: string, today: string) =>
  dueOn < today ? "danger" : dueOn === today ? "warning" : "neutral";
export const dueText = (dueOn: string, today: string) =>
  dueOn < today ? `Overdue · ${dueOn}` : dueOn === today ? "Due today" : `Due ${dueOn}`;

/** "Close with outcome": done or cancelled, and what happened (required by the API). */
export function CloseTaskForm({ task, onDone }: { task: OpenTask; onDone?: () => void }) {
  const close = useFetcher<typeof tasksAction>({ key: `close-task-${task.id}` });
  const busy = close.state !== "idle";
  const failure = close.data && !close.data.ok ? close.data : null;
  useEffect(() => {
    if (close.state === "idle" && close.data?.ok) onDone?.();
  }, [close.state, close.data, onDone]);
  return (
    <close.Form
      method="post"
      action="/api/tasks"
      className="mt-2 space-y-2"
      aria-label={`Close “${task.title}”`}
    >
      <input type="hidden" name="intent" value="close" />
      <input type="hidden" name="taskId" value={task.id} />
      {failure?.message ? (
        <Notice tone="danger" live>
          {failure.message}
        </Notice>
      ) : null}
      <TextField
        label="Outcome"
        name="outcome"
        size="sm"
        required
        placeholder="What happened?"
        error={failure?.fieldErrors.outcome}
        autoFocus
      />
      <div className="flex items-end gap-2">
        <SelectField
          label="Close as"
          name="status"
          size="sm"
          defaultValue="done"
          className="flex-1"
        >
          <option value="done">Done</option>
          <option value="cancelled">Cancelled</option>
        </SelectField>
        <Button type="submit" size="sm" icon={Check} disabled={busy}>
          {busy ? "Closing…" : "Close task"}
        </Button>
      </div>
    </close.Form>
  );
}

/** The rail's open tasks of the selected patient. */
export function OpenTasksPanel({ tasks, today }: { tasks: OpenTask[] | null; today: string }) {
  const [closing, setClosing] = useState<string | null>(null);
  return (
    <RailPanel title="Open tasks" icon={ClipboardCheck}>
      {!tasks ? (
        <p className="text-compact text-ink-600">Open a patient to see their tasks.</p>
      ) : tasks.length === 0 ? (
        <p className="text-compact text-ink-600">No open tasks for this patient.</p>
      ) : (
        <ul className="space-y-2.5">
          {tasks.map((task) => (
            <li key={task.id} className="rounded-md border border-neutral-200 px-2.5 py-2">
              <p className="text-compact font-medium text-ink-900">{task.title}</p>
              <div className="mt-1 flex flex-wrap items-center gap-1.5">
                <Badge tone={dueTone(task.dueOn, today)} icon={null}>
                  {dueText(task.dueOn, today)}
                </Badge>
                <span className="text-2xs text-ink-500">
                  {TASK_KIND_LABELS[task.kind] ?? task.kind}
                </span>
              </div>
              {closing === task.id ? (
                <CloseTaskForm task={task} onDone={() => setClosing(null)} />
              ) : (
                <Button
                  variant="ghost"
                  size="sm"
                  className="mt-1 -ml-2"
                  onClick={() => setClosing(task.id)}
                  aria-label={`Close “${task.title}” with an outcome`}
                >
                  Close with outcome
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </RailPanel>
  );
}
