import type { ActionFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { readNoteFields } from "../lib/notes.server";
import { formFailure, requireUser } from "../lib/session.server";

/** A whole number from the form, or undefined; anything else goes to the API as is, to be refused (never rounded). */
function numberField(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

/**
 * Logs time for a patient (the workspace timer's "save"). The client request id comes from the
 * form and is reused by every retry, so a double click or a resubmit never creates two entries
 * (nor two notes). Durations are passed as typed or measured: nothing here rounds (issue 14).
 */
export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  };
  const clientRequestId = text("clientRequestId") ?? "";
  const patientId = text("patientId") ?? "";
  const minutes = numberField(text("minutes"));
  const source = text("source");
  try {
    const result = await caller.time.create({
      patientId,
      clientRequestId,
      minutes,
      durationSeconds: numberField(text("durationSeconds")),
      claimedMinutes: numberField(text("claimedMinutes")),
      activity: (text("activity") ?? "") as "other",
      source: source === "timer" || source === "call" ? source : "manual",
      performedOn: text("performedOn"),
      startedAt: text("startedAt"),
      // The note is a structured interaction note linked to the entry (saved in the same unit of work).
      interaction: readNoteFields(form),
    });
    return data(
      {
        ok: true as const,
        clientRequestId,
        patientId,
        minutes,
        durationSeconds: result.durationSeconds,
        claimedMinutes: result.claimedMinutes,
        entryId: result.entryId,
        serviceMonth: result.serviceMonth,
        isDuplicate: result.isDuplicate,
        reviewFlags: result.reviewFlags,
      },
      { headers: headers() },
    );
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return data(
      {
        ok: false as const,
        clientRequestId,
        patientId,
        message: failure.message,
        fieldErrors: failure.fieldErrors,
      },
      { headers: headers() },
    );
  }
}
