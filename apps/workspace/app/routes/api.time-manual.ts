import type { ActionFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { formText } from "../lib/form-text";
import { readNoteFields } from "../lib/notes.server";
import { formFailure, requireUser } from "../lib/session.server";

/**
 * Time added by hand (time.createManual): the clinic's date and start time, the minutes claimed,
 * activity and note. The client request id comes from the form and is reused by every retry, so
 * a double click never logs the time twice. The answer carries the review flags, so the page can
 * say whether (and why) the entry waits for a supervisor.
 */
export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  const text = formText(form);
  const clientRequestId = text("clientRequestId") ?? "";
  const minutes = text("durationMinutes");
  try {
    const result = await caller.time.createManual({
      patientId: text("patientId") ?? "",
      clientRequestId,
      date: text("date") ?? "",
      startTime: text("startTime") ?? "",
      // As typed: the API refuses what is not a whole number of minutes (never rounded here).
      durationMinutes: minutes === undefined ? Number.NaN : Number(minutes),
      activity: (text("activity") ?? "") as "other",
      interaction: readNoteFields(form),
    });
    return data(
      {
        ok: true as const,
        clientRequestId,
        claimedMinutes: result.claimedMinutes,
        isDuplicate: result.isDuplicate,
        reviewFlags: result.reviewFlags,
      },
      { headers: headers() },
    );
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return data(
      { ok: false as const, clientRequestId, message: failure.message, fieldErrors: failure.fieldErrors },
      { headers: headers() },
    );
  }
}
