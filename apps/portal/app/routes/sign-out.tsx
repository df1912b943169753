import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isApiError, openApi, signInPath } from "../lib/session.server";

/** Signing out changes state: only by POST (a GET just goes home). */
export const loader = () => redirect("/");

export async function action({ request }: ActionFunctionArgs) {
  const api = await openApi(request);
  const form = await request.formData();
  const isIdle = form.get("reason") === "idle_timeout";
  try {
    await api.caller.auth.signOut();
  } catch (error) {
    // Already signed out (e.g. the server timed the session out first): the cookie is cleared anyway.
    if (!isApiError(error)) throw error;
  }
  const minutes = Number(form.get("minutes"));
  let to = signInPath(isIdle ? "idle_timeout" : "signed_out");
  if (isIdle && Number.isInteger(minutes) && minutes > 0) to += `&minutes=${minutes}`;
  return redirect(to, { headers: api.headers() });
}
