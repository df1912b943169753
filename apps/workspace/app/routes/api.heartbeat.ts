import type { ActionFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { HEARTBEAT_HEADER } from "@carefold/api";
import { formFailure, requireUser } from "../lib/session.server";

/**
 * The heartbeat of a live timer or call (issue 14, item 5). Sent with the heartbeat header, the
 * request itself does not extend the session; time.heartbeat extends it only while this person
 * has a running timer or a live call, so idle sign-out never fires during patient work and still
 * fires on a screen left open. `hadInput` (a key or click since the last beat) keeps the running
 * timer's last activity fresh on the server. POST only: it changes the session's state.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.headers.get(HEARTBEAT_HEADER) !== "1") {
    return data({ ok: false as const, message: `Send the ${HEARTBEAT_HEADER} header.` }, { status: 400 });
  }
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  try {
    const beat = await caller.time.heartbeat({ hadInput: form.get("hadInput") === "1" });
    return data(
      { ok: true as const, keepsSessionAlive: beat.keepsSessionAlive, reason: beat.reason, timerId: beat.timer?.timerId ?? null },
      { headers: headers() },
    );
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return data({ ok: false as const, message: failure.message }, { headers: headers() });
  }
}

export const loader = () => data({ message: "Use POST." }, { status: 405 });
