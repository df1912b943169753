// Server helpers for the patient, program and care-plan pages (same file in both apps).
import { redirect } from "@remix-run/node";
import type { Caller } from "./session.server";

const PROGRAM_STATUSES = [
  "identified",
  "outreach",
  "consented",
  "enrolled",
  "disenrolled",
  "declined",
  "ineligible",
  "unable_to_reach",
  "none",
] as const;
const ELIGIBILITIES = ["ccm_candidate", "pcm_candidate", "not_eligible"] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.includes(value as T) ? (value as T) : undefined;

type Fields = URLSearchParams | FormData;
const field = (fields: Fields, name: string) => {
  const value = fields.get(name);
  return typeof value === "string" ? value : null;
};

function listFilters(fields: Fields, pageSize: number) {
  const programStatus = oneOf(PROGRAM_STATUSES, field(fields, "status"));
  const eligibility = oneOf(ELIGIBILITIES, field(fields, "eligibility"));
  const practitioner = field(fields, "practitioner");
  const billingPractitionerId = practitioner && UUID.test(practitioner) ? practitioner : undefined;
  const page = Math.max(1, Math.min(10_000, Math.floor(Number(field(fields, "page"))) || 1));
  return { programStatus, eligibility, billingPractitionerId, page, pageSize };
}

/**
 * The patient list's filters from the address (unknown values are ignored, not errors). A search
 * term is never read from an address: see `dropSearchTermFromAddress`.
 */
export function patientListFilters(url: URL, pageSize = 25) {
  return { search: undefined as string | undefined, ...listFilters(url.searchParams, pageSize) };
}

/** A posted search: the term (PHI, so only ever in a POST body) with the list's filters. */
export function patientSearch(form: FormData, pageSize = 25) {
  return { search: postedSearchTerm(form, 100), ...listFilters(form, pageSize) };
}

/** The trimmed search term `q` of a posted form, at most `max` characters, or undefined. */
export function postedSearchTerm(form: FormData, max: number) {
  return field(form, "q")?.trim().slice(0, max) || undefined;
}

/** The list's address for these filters (no search term): `/patients?status=enrolled&page=2`. */
export function patientListAddress(filters: ReturnType<typeof patientListFilters>) {
  const params = new URLSearchParams();
  if (filters.programStatus) params.set("status", filters.programStatus);
  if (filters.eligibility) params.set("eligibility", filters.eligibility);
  if (filters.billingPractitionerId) params.set("practitioner", filters.billingPractitionerId);
  if (filters.page > 1) params.set("page", String(filters.page));
  const query = params.toString();
  return query ? `/patients?${query}` : "/patients";
}

/** The filters as the page's form shows them (the term only after a posted search). */
export function patientListView(filters: ReturnType<typeof patientListFilters>) {
  return {
    q: filters.search ?? "",
    status: filters.programStatus ?? "",
    eligibility: filters.eligibility ?? "",
    practitioner: filters.billingPractitionerId ?? "",
  };
}

/**
 * A search term in an address is PHI in browser history, access logs and Referer headers. Search
 * forms post their term instead; an old link or bookmark with `?q=` gets the same address without
 * it (the term is not used). Call it first in a loader, before sign-in can copy the address into
 * `redirectTo`.
 */
export function dropSearchTermFromAddress(request: Request) {
  const url = new URL(request.url);
  if (!url.searchParams.has("q")) return;
  url.searchParams.delete("q");
  throw redirect(url.pathname + url.search);
}

export const isUuid = (value: string | undefined | null): value is string =>
  typeof value === "string" && UUID.test(value);

/**
 * Sends the browser to a stored document: a 5-minute presigned link, asked for by an action (the
 * download is audited), followed by Remix as a full-page navigation.
 */
export async function redirectToDocument(
  caller: Caller,
  documentId: string,
  headers: () => Headers,
) {
  const link = await caller.documents.downloadUrl({ documentId });
  return redirect(link.url, { headers: headers() });
}

/** A file from a multipart form as base64, or null when none was chosen. */
export async function fileAsBase64(value: FormDataEntryValue | null) {
  if (!value || typeof value === "string" || value.size === 0) return null;
  const bytes = Buffer.from(await value.arrayBuffer());
  return { name: value.name, type: value.type, size: value.size, base64: bytes.toString("base64") };
}
