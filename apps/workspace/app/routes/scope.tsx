import type { ActionFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { scopeCookie } from "../lib/scope.server";
import { openApi } from "../lib/session.server";

export const loader = () => redirect("/");

/** Remembers the clinic chosen in the top bar (a view preference; the API still decides access). */
export async function action({ request }: ActionFunctionArgs) {
  const api = await openApi(request);
  const form = await request.formData();
  const value = String(form.get("clinic") ?? "all");
  const clinic = /^[0-9a-f-]{36}$/.test(value) ? value : "all";
  const headers = api.headers();
  headers.append("Set-Cookie", scopeCookie(clinic, new URL(request.url).protocol === "https:"));
  return data({ ok: true as const }, { headers });
}
