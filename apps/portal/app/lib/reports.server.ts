import { REPORT_SECTIONS, shiftMonth, type ReportSection } from "@carefold/api";
import { slugOf } from "./reports";
import { isApiError, requireUser } from "./session.server";

/** The report's months from the address (service months are not PHI): the last 6 months by default. */
export function readReportRange(url: URL, now = new Date()) {
  const thisMonth = now.toISOString().slice(0, 7);
  const to = url.searchParams.get("to") || thisMonth;
  const from =
    url.searchParams.get("from") ||
    (/^\d{4}-\d{2}$/.test(to) ? shiftMonth(to, -5) : shiftMonth(thisMonth, -5));
  const month = url.searchParams.get("month") || undefined;
  return { from, to, month };
}

export const isReportSection = (value: string | null): value is ReportSection =>
  value !== null && (REPORT_SECTIONS as readonly string[]).includes(value);

type Caller = Awaited<ReturnType<typeof requireUser>>["caller"];

/**
 * A report download (CSV section or PDF): signs the request in, asks `produce` for the file and
 * answers it as an attachment named after the clinic; a refused range or role answers in words.
 */
export async function reportDownload(
  request: Request,
  produce: (
    caller: Caller,
    url: URL,
  ) => Promise<{ filename: string; body: BodyInit; contentType: string } | string>,
): Promise<Response> {
  const { caller, me, headers } = await requireUser(request);
  const text = (body: string, status: number) =>
    new Response(body, {
      status,
      headers: headers({ "Content-Type": "text/plain; charset=utf-8" }),
    });
  let file: Awaited<ReturnType<typeof produce>>;
  try {
    file = await produce(caller, new URL(request.url));
  } catch (error) {
    if (!isApiError(error)) throw error;
    if (error.code === "BAD_REQUEST")
      return text(
        "Choose a range of at most 24 months (YYYY-MM to YYYY-MM) and download again.",
        400,
      );
    const status = error.code === "FORBIDDEN" ? 403 : error.code === "UNAUTHORIZED" ? 401 : 500;
    return text(status === 500 ? "The export failed. Try again." : error.message, status);
  }
  if (typeof file === "string") return text(file, 400);
  const clinic = me.memberships.find((m) => m.tenantId === me.activeTenantId);
  return new Response(file.body, {
    headers: headers({
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${slugOf(clinic?.tenantName ?? "clinic")}-${file.filename}"`,
      "Cache-Control": "no-store",
    }),
  });
}
