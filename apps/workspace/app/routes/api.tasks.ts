import type { ActionFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { formFailure, requireUser } from "../lib/session.server";

/** Closes a task with its outcome, or creates a manual follow-up (worklist rail and /tasks). */
export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const intent = text("intent");
  const reply = (
    result:
      | { intent: string; ok: true; message: string; taskId: string }
      | {
          intent: string;
          ok: false;
          message: string | null;
          fieldErrors: Record<string, string>;
          taskId: string;
        },
  ) => data(result, { headers: headers() });
  try {
    if (intent === "close") {
      const taskId = text("taskId");
      const status = text("status") === "cancelled" ? "cancelled" : "done";
      await caller.tasks.close({ taskId, status, outcome: text("outcome") });
      return reply({
        intent,
        ok: true,
        taskId,
        message: status === "done" ? "Task closed as done." : "Task cancelled.",
      });
    }
    if (intent === "create") {
      const created = await caller.tasks.create({
        patientId: text("patientId"),
        title: text("title"),
        dueOn: text("dueOn"),
      });
      return reply({ intent, ok: true, taskId: created.taskId, message: "Task added." });
    }
    return reply({ intent, ok: false, taskId: "", message: "Unknown request.", fieldErrors: {} });
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return reply({
      intent,
      ok: false,
      taskId: text("taskId"),
      message: failure.message,
      fieldErrors: failure.fieldErrors,
    });
  }
}
