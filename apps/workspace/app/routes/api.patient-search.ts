import type { ActionFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { formFailure, requireUser } from "../lib/session.server";

/** The palette shows a handful of matches; the patient list has the rest. */
const PALETTE_SIZE = 8;

/** The term, or why it cannot be searched (the API validates it again with its zod schema). */
function readTerm(value: FormDataEntryValue | null): { term: string } | { message: string } {
  const term = typeof value === "string" ? value.trim() : "";
  if (term.length < 2) return { message: "Type at least 2 characters." };
  if (term.length > 100) return { message: "Type at most 100 characters." };
  return { term };
}

/**
 * The command palette's patient search (Ctrl/Cmd+K). The term is PHI, so it is posted, never put
 * in an address (docs/architecture.md "No PHI in URLs or logs"); it goes to the same search the
 * patient list uses.
 */
export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  const read = readTerm(form.get("q"));
  if ("message" in read) {
    return data({ ok: false as const, message: read.message, rows: [] }, { headers: headers() });
  }
  try {
    const list = await caller.patients.list({ search: read.term, page: 1, pageSize: PALETTE_SIZE });
    return data(
      {
        ok: true as const,
        message: null,
        total: list.total,
        rows: list.rows.map((r) => ({
          id: r.id,
          name: r.name,
          clinic: r.clinic,
          dateOfBirth: r.dateOfBirth,
          mbiMasked: r.mbiMasked,
        })),
      },
      { headers: headers() },
    );
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return data(
      { ok: false as const, message: failure.message ?? "The search did not work.", rows: [] },
      { headers: headers() },
    );
  }
}

export const loader = () => data({ message: "Use POST." }, { status: 405 });
