import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { formText } from "../lib/form-text";
import { readNoteFields } from "../lib/notes.server";
import { formFailure, requireUser } from "../lib/session.server";

/**
 * The shell's timer, kept on the server (time.timer.*, one running timer per person): GET reads
 * it, POST changes it (`intent`) and answers with the new state, so every page and tab shows the
 * server's record. Durations are measured by the server; nothing here rounds.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  try {
    return data({ ok: true as const, current: await caller.time.timer.current() }, { headers: headers() });
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return data({ ok: false as const, message: failure.message, current: null }, { headers: headers() });
  }
}

const SWITCHES = new Set(["pause", "stop"]);

export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  const text = formText(form);
  const intent = text("intent") ?? "";
  const timerId = text("timerId") ?? "";
  const clientRequestId = text("clientRequestId");
  const switchMode = SWITCHES.has(text("switch") ?? "") ? (text("switch") as "pause" | "stop") : undefined;
  try {
    let stopped: Awaited<ReturnType<typeof caller.time.timer.stop>> | null = null;
    if (intent === "start") {
      await caller.time.timer.start({
        patientId: text("patientId") ?? "",
        activity: (text("activity") ?? "other") as "other",
        switch: switchMode,
        clientRequestId,
      });
    } else if (intent === "resume") {
      await caller.time.timer.resume({ timerId, switch: switchMode, clientRequestId });
    } else if (intent === "pause") {
      await caller.time.timer.pause({ timerId });
    } else if (intent === "discard") {
      await caller.time.timer.discard({ timerId });
    } else if (intent === "remove-idle") {
      await caller.time.timer.removeIdle({ timerId, idleFrom: text("idleFrom") ?? "" });
    } else if (intent === "stop") {
      const claimed = text("claimedMinutes");
      stopped = await caller.time.timer.stop({
        timerId,
        clientRequestId: clientRequestId ?? "",
        activity: (text("activity") ?? "other") as "other",
        // The claim as typed: the API refuses what is not a whole number (never rounded here).
        claimedMinutes: claimed === undefined ? undefined : Number(claimed),
        interaction: readNoteFields(form),
      });
    } else {
      return data(
        {
          ok: false as const,
          intent,
          clientRequestId: clientRequestId ?? null,
          message: "Unknown timer request.",
          fieldErrors: {} as Record<string, string>,
          current: null,
          entry: null,
        },
        { status: 400, headers: headers() },
      );
    }
    const current = await caller.time.timer.current();
    return data(
      {
        ok: true as const,
        intent,
        clientRequestId: clientRequestId ?? null,
        message: null,
        fieldErrors: {} as Record<string, string>,
        current,
        entry: stopped?.entry ?? null,
      },
      { headers: headers() },
    );
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return data(
      {
        ok: false as const,
        intent,
        clientRequestId: clientRequestId ?? null,
        message: failure.message,
        fieldErrors: failure.fieldErrors,
        current: null,
        entry: null,
      },
      { headers: headers() },
    );
  }
}
