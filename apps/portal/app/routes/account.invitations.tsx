import type { ActionFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { formFailure, openApi } from "../lib/session.server";

export const loader = () => redirect("/");

/** Accepts or declines a clinic's invitation (the prompt in the layout), then opens the portal. */
export async function action({ request }: ActionFunctionArgs) {
  const api = await openApi(request);
  const form = await request.formData();
  const tenantId = String(form.get("tenantId") ?? "");
  try {
    if (form.get("intent") === "accept") await api.caller.account.acceptInvitation({ tenantId });
    else await api.caller.account.declineInvitation({ tenantId });
    return redirect("/", { headers: api.headers() });
  } catch (error) {
    return data(formFailure(error, request, api.headers()), { headers: api.headers() });
  }
}
