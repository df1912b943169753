import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { formFailure, requireUser } from "../lib/session.server";

/**
 * What reopening a clinic-month touches (the month-close reopen dialog): claims already sent and
 * invoice lines that will be credited. The address carries only the clinic id and the month.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const params = new URL(request.url).searchParams;
  try {
    const preview = await caller.monthClose.reopenPreview({ tenantId: params.get("tenantId") ?? "", serviceMonth: params.get("month") ?? "" });
    return data({ ok: true as const, message: null, ...preview }, { headers: headers() });
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return data({ ok: false as const, message: failure.message ?? "What the reopen touches could not be loaded.", claims: [], invoices: [] }, { headers: headers() });
  }
}
