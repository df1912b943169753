import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { formFailure, requireUser } from "../lib/session.server";

/** The call panel's status poll: `GET /api/calls?callId=…` (status, timeline, draft; no PHI). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const callId = new URL(request.url).searchParams.get("callId") ?? "";
  try {
    return data(
      { ok: true as const, call: await caller.calls.get({ callId }) },
      { headers: headers() },
    );
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return data(
      { ok: false as const, message: failure.message ?? "The call could not be read." },
      { headers: headers() },
    );
  }
}

/**
 * Call actions from the worklist rail and the chart: `start` (calling-hours guard, call record,
 * access token), `finish` (disposition, then the draft minutes confirmed into a time entry),
 * `discard` (no time from this call) and `sms` (queue a text).
 */
export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  };
  const intent = text("intent");
  try {
    if (intent === "start") {
      const result = await caller.calls.start({
        patientId: text("patientId") ?? "",
        overrideReason: text("overrideReason"),
      });
      return data(
        { ok: true as const, intent: "start" as const, start: result },
        { headers: headers() },
      );
    }
    const callId = text("callId") ?? "";
    if (intent === "finish") {
      const disposition = text("disposition");
      if (!disposition)
        return data(
          {
            ok: false as const,
            intent: "finish" as const,
            message: "Choose how the call went.",
            fieldErrors: { disposition: "Choose an outcome." } as Record<string, string>,
          },
          { headers: headers() },
        );
      await caller.calls.setDisposition({ callId, disposition: disposition as "answered" });
      // The typed minutes are the claim, passed as typed (the API refuses a non-whole number);
      // the entry counts the call's measured talk seconds (issue 14).
      const minutes = Number(text("minutes") ?? "0");
      let logged: number | null = null;
      if (text("hasDraft") === "1") {
        const entry = await caller.calls.confirmTime({
          callId,
          minutes,
          activity: (text("activity") ?? "patient_call") as "patient_call",
          note: text("note"),
        });
        logged = entry.claimedMinutes;
        return data(
          {
            ok: true as const,
            intent: "finish" as const,
            logged: logged as number | null,
            loggedSeconds: entry.durationSeconds as number | null,
            reviewFlags: entry.reviewFlags,
          },
          { headers: headers() },
        );
      }
      return data(
        { ok: true as const, intent: "finish" as const, logged, loggedSeconds: null as number | null, reviewFlags: [] as string[] },
        { headers: headers() },
      );
    }
    if (intent === "discard") {
      await caller.calls.discardTime({ callId });
      return data({ ok: true as const, intent: "discard" as const }, { headers: headers() });
    }
    if (intent === "sms") {
      const result = await caller.calls.sendSms({
        patientId: text("patientId") ?? "",
        clientRequestId: text("clientRequestId") ?? "",
        templateKind: text("templateKind") as "monthly_check_in" | undefined,
        body: text("body"),
      });
      return data(
        { ok: true as const, intent: "sms" as const, messageId: result.messageId },
        { headers: headers() },
      );
    }
    return data(
      {
        ok: false as const,
        intent,
        message: "Unknown request." as string | null,
        fieldErrors: {} as Record<string, string>,
      },
      { status: 400, headers: headers() },
    );
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return data(
      {
        ok: false as const,
        intent,
        message: failure.message,
        fieldErrors: failure.fieldErrors as Record<string, string>,
      },
      { headers: headers() },
    );
  }
}
