import type { ActionFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { readNoteFields } from "../lib/notes.server";
import { formFailure, requireUser } from "../lib/session.server";

/**
 * Logs minutes for a patient (the workspace timer's "save"). The client request id comes from the
 * form and is reused by every retry, so a double click or a resubmit never creates two entries
 * (nor two notes).
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
  const minutes = Number(text("minutes") ?? "NaN");
  const source = text("source");
  try {
    const result = await caller.time.create({
      patientId,
      clientRequestId,
      minutes: Number.isFinite(minutes) ? Math.round(minutes) : 0,
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
