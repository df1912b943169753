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

/** The patient list's filters from the address (unknown values are ignored, not errors). */
export function patientListFilters(url: URL, pageSize = 25) {
  const search = url.searchParams.get("q")?.trim().slice(0, 100) || undefined;
  const programStatus = oneOf(PROGRAM_STATUSES, url.searchParams.get("status"));
  const eligibility = oneOf(ELIGIBILITIES, url.searchParams.get("eligibility"));
  const practitioner = url.searchParams.get("practitioner");
  const billingPractitionerId = practitioner && UUID.test(practitioner) ? practitioner : undefined;
  const page = Math.max(1, Math.min(10_000, Number(url.searchParams.get("page")) || 1));
  return { search, programStatus, eligibility, billingPractitionerId, page, pageSize };
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
