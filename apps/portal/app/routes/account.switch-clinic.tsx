import type { ActionFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { formFailure, openApi } from "../lib/session.server";

export const loader = () => redirect("/");

/** Switches the clinic this session works in (people with several clinics). */
export async function action({ request }: ActionFunctionArgs) {
  const api = await openApi(request);
  const form = await request.formData();
  try {
    await api.caller.account.switchClinic({ tenantId: String(form.get("tenantId") ?? "") });
    return data({ ok: true as const }, { headers: api.headers() });
  } catch (error) {
    return data(formFailure(error, request, api.headers()), { headers: api.headers() });
  }
}
