import type { LoaderFunctionArgs } from "@remix-run/node";
import { isApiError, requireUser } from "../lib/session.server";

/** GET /patients/import/template.csv — the documented panel template, with one example row. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  try {
    const template = await caller.panelImport.template();
    return new Response(template.csv, {
      headers: headers({
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${template.filename}"`,
        "Cache-Control": "no-store",
      }),
    });
  } catch (error) {
    if (!isApiError(error)) throw error;
    return new Response(
      error.code === "FORBIDDEN" ? error.message : "The template could not be made. Try again.",
      {
        status: error.code === "FORBIDDEN" ? 403 : 500,
        headers: headers({ "Content-Type": "text/plain; charset=utf-8" }),
      },
    );
  }
}
