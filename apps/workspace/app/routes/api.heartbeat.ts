import type { ActionFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { requireUser } from "../lib/session.server";

/**
 * The heartbeat of a live timer or call (issue 14, item 5): an authenticated request, so the
 * server's "last seen" moves on and idle sign-out does not fire while the coordinator talks to a
 * patient without touching the mouse. The page sends it only while a timer runs or a call is live.
 * POST only: it changes the session's state.
 */
export async function action({ request }: ActionFunctionArgs) {
  const { headers } = await requireUser(request);
  return data({ ok: true as const }, { headers: headers() });
}

export const loader = () => data({ message: "Use POST." }, { status: 405 });
